import { collectionDecision } from './collection-rules.js';
import { success, unauthorized, type StateDecision, type StateRequest } from './decision.js';
import type { OperationPlan } from './plan-types.js';
import { authenticate, grantOf, openToAnyone, sessionDecision } from './session-rules.js';
import type { MockState, SessionRecord } from './state-store.js';

/**
 * The remembered state's answer to a request that passed Prism's checks (credentials
 * present, parameters and body valid) and forced no status. Undefined: the state has
 * nothing to say, and Prism's answer stands. The one function the mock engine and the
 * MSW handlers both call.
 */
export function decide(state: MockState, request: StateRequest, options: { sessionsRequired?: boolean } = {}): StateDecision | undefined {
  const plan = state.currentPlan;
  const operation = plan.operations[request.key];
  if (!operation?.stateful) return undefined;
  // A page whose mock is a service worker never holds the cookies (a worker cannot set
  // them): accounts are still kept, but nothing asks for a session.
  const sessions = options.sessionsRequired === false ? undefined : plan.sessions;
  if (plan.sessions && (operation.role === 'create' || operation.role === 'register')) return sessionDecision(plan.sessions, state, operation, request);
  if (sessions && operation.role) return sessionDecision(sessions, state, operation, request);
  if (operation.role) return undefined;
  let user: Record<string, unknown> | undefined;
  let session: SessionRecord | undefined;
  if (sessions && operation.requirements && !openToAnyone(operation)) {
    session = authenticate(sessions, state, operation, request);
    if (!session) return unauthorized(operation);
    user = state.accountsById.get(session.userId)?.user;
  }
  const collection = operation.collection ? plan.collections[operation.collection.index] : undefined;
  if (collection) {
    const decision = collectionDecision(collection, state, operation, request);
    if (user && decision.values) decision.values.user = user;
    return decision;
  }
  if (!session) return undefined;
  return { ...readInSession(operation, user), session: grantOf(session, user) };
}

/**
 * What a read made in a live session answers: the documented answer, with the signed-in
 * user wherever it shows the documented one. The mock engine's workers answer it
 * themselves for a session they were granted.
 */
export function readInSession(operation: OperationPlan, user: Record<string, unknown> | undefined): StateDecision {
  const shapes = operation.shapes[String(operation.success)] ?? [];
  return user && shapes.some((shape) => shape.fill === 'user') ? success(operation, { user }) : { status: operation.success ?? 200, prismAnswers: true };
}

