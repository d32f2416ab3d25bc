import { collectionDecision } from './collection-rules.js';
import { success, unauthorized, type StateDecision, type StateRequest } from './decision.js';
import { authenticate, openToAnyone, sessionDecision } from './session-rules.js';
import type { MockState } from './state-store.js';

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
  if (sessions && operation.requirements && !openToAnyone(operation)) {
    const session = authenticate(sessions, state, operation, request);
    if (!session) return unauthorized(operation);
    user = state.accountsById.get(session.userId)?.user;
  }
  const collection = operation.collection ? plan.collections[operation.collection.index] : undefined;
  if (collection) {
    const decision = collectionDecision(collection, state, operation, request);
    if (user && decision.values) decision.values.user = user;
    return decision;
  }
  // Any other answer that shows the documented user shows the signed-in one.
  const shapes = operation.shapes[String(operation.success)] ?? [];
  return user && shapes.some((shape) => shape.fill === 'user') ? success(operation, { user }) : undefined;
}
