import type { IncomingHttpHeaders } from 'node:http';
import type { IHttpOperation } from '@stoplight/types';
import { bodyValue, mintSetCookies, shapeBody, stateRequestOf } from '../../mock-state/answer-shaping.js';
import type { ControlAnswer, ControlCall } from '../../mock-state/control.js';
import { problemBody, type StateDecision } from '../../mock-state/decision.js';
import { operationKey, type OperationPlan } from '../../mock-state/plan-types.js';
import { pathParamsFrom } from '../../mock-state/path-params.js';
import { SessionCopies } from '../../mock-state/session-copies.js';
import type { Override } from '../../mock-state/state-store.js';
import type { PrimaryToWorker, StateCall, StateReply, WorkerPlan, WorkerToPrimary } from './engine-messages.js';
import type { EngineHooks, StateAnswer } from './prism-engine.js';

export interface StateClient {
  /** Asks the primary for the plan; resolves once this worker has it. */
  ready(): Promise<void>;
  /** The hooks the engine asks on each request. */
  hooks: EngineHooks;
  control(call: ControlCall): Promise<ControlAnswer>;
  /** Takes the primary's messages meant for the state; false for any other. */
  receive(message: PrimaryToWorker): boolean;
  /** The query parameters the spec's session schemes carry tokens in: never shown in a log line. */
  queryTokenNames(): ReadonlySet<string>;
}

/** How often a worker tells the state which sessions it served from copies (their `lastSeenAt`). */
const TOUCH_EVERY_MS = 1_000;

/**
 * A worker's side of the mock's one state. Questions go to the primary over the
 * cluster's IPC channel, one round trip each, and only for what needs the state: an
 * operation the state answers, or one with a forced answer queued. A read in a live
 * session (`me`) is answered here from a copy of that session the primary granted
 * (SessionCopies), with no round trip; the primary tells every worker of each token
 * that stops working, and waits until each knows, before it answers the change.
 */
export function createStateClient(send: (message: WorkerToPrimary) => void): StateClient {
  let plan: WorkerPlan | undefined;
  let forcedKeys = new Set<string>();
  const copies = new SessionCopies();
  const copiedAnswers = new WeakMap<object, Map<string, StateAnswer | undefined>>();
  let nextId = 0;
  const waiting = new Map<number, (reply: StateReply) => void>();
  // Questions asked while the worker serves one batch of sockets go out as one message:
  // under load, one pipe write (and one JSON) for many requests.
  let outgoing: Array<{ id: number; call: StateCall }> = [];
  const flush = () => {
    const calls = outgoing;
    outgoing = [];
    send({ type: 'state-calls', calls });
  };
  const call = <T extends StateReply>(question: StateCall) =>
    new Promise<T>((resolve) => {
      const id = (nextId += 1);
      waiting.set(id, resolve as (reply: StateReply) => void);
      if (outgoing.length === 0) setImmediate(flush);
      outgoing.push({ id, call: question });
    });
  let touched = new Map<string, number>();
  const touch = (sessionId: string) => {
    if (touched.size === 0) {
      setTimeout(() => {
        const sessions = [...touched];
        touched = new Map();
        send({ type: 'touched', sessions });
      }, TOUCH_EVERY_MS).unref();
    }
    touched.set(sessionId, Date.now() + copies.clockOffsetMs);
  };
  let queryNames: ReadonlySet<string> = new Set();
  const adopt = (next: WorkerPlan | undefined, withForcedKeys: boolean) => {
    // None when the primary could not read the plan: it is ending the mock.
    if (!next) return;
    plan = next;
    copies.clear();
    copies.clockOffsetMs = next.clockOffsetMs;
    queryNames = new Set((next.plan.sessions?.slots ?? []).flatMap((slot) => slot.carriers.flatMap((carrier) => (carrier.in === 'query' ? [carrier.name] : []))));
    // After the start, only the primary's own broadcasts say which answers are forced: a
    // reload's copy may be older than the last of them.
    if (withForcedKeys) forcedKeys = new Set(next.forcedKeys);
  };
  const answerOf = (planned: OperationPlan, decision: StateDecision): StateAnswer | undefined => {
    if (decision.prismAnswers) return undefined;
    const { status, values } = decision;
    const current = plan!.plan;
    return {
      status,
      problem: decision.problem ? { body: problemBody(decision) } : undefined,
      body: planned.shapes[String(status)] ? (documented: unknown) => shapeBody(current, planned, status, documented, values) : undefined,
      setCookie: planned.cookies[String(status)] ? (lines: string[]) => mintSetCookies(planned, status, lines, values) : undefined,
    };
  };

  // Each operation's key, made once: asked on every request.
  const keys = new WeakMap<IHttpOperation, string>();
  const keyOf = (operation: IHttpOperation) => {
    let key = keys.get(operation);
    if (key === undefined) keys.set(operation, (key = operationKey(operation.method, operation.path)));
    return key;
  };
  const plannedFor = (operation: IHttpOperation) => (plan?.stateful ? plan.plan.operations[keyOf(operation)] : undefined);
  const hooks: EngineHooks = {
    forced(operation) {
      const key = keyOf(operation);
      return forcedKeys.has(key) ? call<Override | undefined>({ kind: 'forced', key }) : undefined;
    },
    isForced: (operation) => forcedKeys.has(keyOf(operation)),
    // As `decide` below, up to the first question it asks of the request.
    consults: (operation) => plan !== undefined && plannedFor(operation)?.stateful === true,
    decide(operation, request) {
      const planned = plan?.stateful ? plan.plan.operations[keyOf(operation)] : undefined;
      if (!plan || !planned?.stateful) return undefined;
      const url = new URL(request.url, 'http://engine.invalid');
      const question = stateRequestOf(plan.plan, {
        key: planned.key,
        header: (name) => headerValue(request.headers, name),
        query: url.searchParams,
        pathParams: pathParamsFrom(operation.path, url.pathname),
        body: () => bodyValue(headerValue(request.headers, 'content-type'), request.body?.toString('utf8')),
        ipAddress: request.remoteAddress,
      });
      if (SessionCopies.covers(planned)) {
        const held = copies.read(planned, question);
        if (held) {
          touch(held.sessionId);
          // One answer object per user and operation, so the engine makes its output once.
          const user = held.decision.values?.user;
          if (!user) return answerOf(planned, held.decision);
          let byOperation = copiedAnswers.get(user);
          if (!byOperation) copiedAnswers.set(user, (byOperation = new Map()));
          if (!byOperation.has(planned.key)) byOperation.set(planned.key, answerOf(planned, held.decision));
          return byOperation.get(planned.key);
        }
      }
      return call<StateDecision | undefined>({ kind: 'decide', request: question }).then((decision) => {
        if (!decision) return undefined;
        if (decision.session && SessionCopies.covers(planned)) copies.keep(decision.session);
        return answerOf(planned, decision);
      });
    },
  };

  return {
    async ready() {
      adopt(await call<WorkerPlan | undefined>({ kind: 'plan' }), true);
    },
    hooks,
    control: (controlCall) => call<ControlAnswer>({ kind: 'control', call: controlCall }),
    queryTokenNames: () => queryNames,
    receive(message) {
      if (message.type === 'state-replies') {
        for (const { id, reply } of message.replies) {
          const resolve = waiting.get(id);
          waiting.delete(id);
          resolve?.(reply);
        }
        return true;
      }
      if (message.type === 'state-changed') {
        const { change } = message;
        if (change.forcedKeys) forcedKeys = new Set(change.forcedKeys);
        if (change.cleared) copies.clear();
        if (change.dead) copies.drop(change.dead);
        if (change.clockOffsetMs !== undefined) copies.clockOffsetMs = change.clockOffsetMs;
        send({ type: 'state-changed-ack', ack: message.ack });
        return true;
      }
      if (message.type === 'reload') {
        adopt(message.plan, false);
        return false;
      }
      return false;
    },
  };
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}
