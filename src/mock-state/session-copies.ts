import { success, type SessionGrant, type StateDecision, type StateRequest } from './decision.js';
import { readInSession } from './decide.js';
import type { OperationPlan, SlotName } from './plan-types.js';
import { carried, openToAnyone } from './session-rules.js';

const MAX_COPIES = 10_000;

/**
 * A worker's copies of live sessions, for the reads that only need one (the current
 * user, any other protected operation that changes nothing): the process that holds
 * the state granted them, and tells every worker, before the change is answered, of
 * each token that stops working. Such a read is then answered here, with no question
 * to that process: the same rules (`readInSession`), the same tokens, the same clock.
 */
export class SessionCopies {
  private byToken = new Map<string, { slot: SlotName; sessionId: string; expiresAt: number; user: Record<string, unknown> | undefined }>();
  /** The state's clock offset (advance-time), as the state has it. */
  clockOffsetMs = 0;

  keep(grant: SessionGrant): void {
    // Bounded like the state itself: past the bound, copies are made again as asked.
    if (this.byToken.size + grant.tokens.length > MAX_COPIES) this.byToken.clear();
    for (const token of grant.tokens) this.byToken.set(token.value, { slot: token.slot, sessionId: grant.sessionId, expiresAt: token.expiresAt, user: grant.user });
  }

  drop(dead: readonly string[]): void {
    for (const value of dead) this.byToken.delete(value);
  }

  clear(): void {
    this.byToken.clear();
  }

  /** Whether a read of this operation can be answered from copies at all. */
  static covers(operation: OperationPlan): boolean {
    if (operation.role === 'current-user') return true;
    return operation.role === undefined && operation.collection === undefined && operation.requirements !== undefined && !openToAnyone(operation);
  }

  /** The answer to a read made in a session held here; undefined when none is (the state then decides). */
  read(operation: OperationPlan, request: Pick<StateRequest, 'headers' | 'query'>): { decision: StateDecision; sessionId: string } | undefined {
    const now = Date.now() + this.clockOffsetMs;
    for (const tokens of operation.requirements ?? []) {
      if (tokens.length === 0) continue;
      let held: { sessionId: string; user: Record<string, unknown> | undefined } | undefined;
      for (const { slot, carrier } of tokens) {
        const value = carried(carrier, request);
        const copy = value === undefined ? undefined : this.byToken.get(value);
        if (!copy || copy.slot !== slot || copy.expiresAt <= now || (held && held.sessionId !== copy.sessionId)) {
          held = undefined;
          break;
        }
        held = copy;
      }
      if (held) return { sessionId: held.sessionId, decision: operation.role === 'current-user' ? success(operation, { user: held.user }) : readInSession(operation, held.user) };
    }
    return undefined;
  }
}
