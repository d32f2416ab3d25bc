import type { OpenApiDocument } from '../openapi/document.js';
import { documentedStatuses, listOperations, type OperationSpec } from '../openapi/operations.js';
import { readCollections } from './collection-plan.js';
import { operationKey, RESERVED_PREFIX, type CollectionAction, type OperationPlan, type SessionPlan, type SessionRole, type SlotName, type StatePlan, type TokenCarrier } from './plan-types.js';
import { cookieSlotsOf, shapesOf } from './response-shapes.js';
import { bodyTokenFieldOf, credentialsOf, readSeedAccounts, readSessionItem, readSessionRoles, readSlots, readUserPlan, sessionUserSchema, type PlanProblem } from './session-plan.js';
import { lowestSuccess, pathParamsOf } from './spec-reading.js';

export interface StatePlanOptions {
  /** Treat every path that fits the convention as a collection (the API's `x-authkit: { collections: true }`). */
  collections?: boolean;
  /** Remember nothing (`--stateless`): the operations only, for the control's forced answers. */
  stateless?: boolean;
  /** Refuse paths under `/__authkit/`, which the mock server keeps for its control. Default true; the MSW handlers have no such control. */
  reservePrefix?: boolean;
}

/** The spec's state plan, or the problems that keep it from having one (each at a JSON pointer). */
export type PlanReading = { ok: true; plan: StatePlan } | { ok: false; problems: PlanProblem[] };

/**
 * Reads what the mock is to remember from a bundled document. A spec that marks nothing
 * (and no collections by config) gets a plan with nothing stateful: every answer is
 * Prism's. Paths under `/__authkit/`, which the mock keeps for its control, are refused.
 */
export function readStatePlan(document: OpenApiDocument, options: StatePlanOptions = {}): PlanReading {
  const operations = listOperations(document);
  const reserved = options.reservePrefix === false ? [] : Object.keys(document.paths ?? {}).filter((path) => path === RESERVED_PREFIX || path.startsWith(`${RESERVED_PREFIX}/`));
  if (reserved.length > 0) {
    return { ok: false, problems: reserved.map((path) => ({ pointer: `#/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}`, message: `${path} is under ${RESERVED_PREFIX}/, which the mock keeps for its control (respond-with, reset, state): rename the path` })) };
  }
  const { roles, problems } = options.stateless ? { roles: new Map<OperationSpec, SessionRole>(), problems: [] as PlanProblem[] } : readSessionRoles(document, operations);
  const found = options.stateless ? { collections: [], problems: [] as PlanProblem[] } : readCollections(document, operations, options.collections === true);
  problems.push(...found.problems);
  if (problems.length > 0) return { ok: false, problems };

  const sessions = readSessions(document, operations, roles);
  const userSchema = sessions ? sessionUserSchema(document, roles) : undefined;
  const collectionOf = new Map<OperationSpec, { index: number; action: CollectionAction; entitySchema: unknown }>();
  found.collections.forEach((collection, index) => {
    for (const { operation, action } of collection.operations) collectionOf.set(operation, { index, action, entitySchema: collection.entitySchema });
  });

  const plan: StatePlan = { operations: {}, sessions, collections: found.collections.map((collection) => collection.plan) };
  for (const operation of operations) {
    const role = sessions ? roles.get(operation) : undefined;
    const collection = collectionOf.get(operation);
    const requirements = sessions ? requirementsOf(operation, sessions) : undefined;
    const stateful = role !== undefined || requirements !== undefined || collection !== undefined;
    // The signed-in user fills the documented user in the session's own answers, and in
    // others only where no path parameter says whose it is (`/users/{id}` is that user).
    const fillsUser = role !== undefined || (collection === undefined && pathParamsOf(operation.path).length === 0);
    const shapeContext = { document, role, userSchema: fillsUser ? userSchema : undefined, slots: sessions?.slots ?? [], collection };
    const shapes: OperationPlan['shapes'] = {};
    const cookies: OperationPlan['cookies'] = {};
    for (const response of stateful ? operation.responses : []) {
      // Outside the session's own operations, only an answer that is the user as a whole
      // (an unmarked `GET /profile`) is filled; a post's `author` is someone's, not the caller's.
      const found = shapesOf(shapeContext, response).filter((shape) => role !== undefined || shape.fill !== 'user' || shape.at.length === 0);
      if (found.length > 0) shapes[response.key] = found;
      if (sessions && (role === 'create' || role === 'rotate')) {
        const lines = cookieSlotsOf(document, response, sessions.slots);
        if (Object.keys(lines).length > 0) cookies[response.key] = lines;
      }
    }
    const key = operationKey(operation.method, operation.path);
    const bodyTokenField = role === 'rotate' || role === 'destroy' ? bodyTokenFieldOf(document, operation, role) : undefined;
    plan.operations[key] = {
      key,
      operationId: operation.operationId,
      method: operation.method.toUpperCase(),
      path: operation.path,
      statuses: documentedStatuses(operation),
      headers: Object.fromEntries(operation.responses.map((response) => [response.key, Object.fromEntries(Object.entries(response.headers).map(([name, header]) => [name, { schema: header.schema }]))])),
      exampleNames: Object.fromEntries(operation.responses.map((response) => [response.key, [...new Set(Object.values(response.content).flatMap((media) => Object.keys(media.examples ?? {})))]])),
      success: lowestSuccess(operation),
      role,
      requirements,
      pathParams: pathParamsOf(operation.path),
      collection: collection ? { index: collection.index, action: collection.action } : undefined,
      stateful,
      shapes,
      cookies,
      bodyTokenField,
      readsBody: role === 'create' || role === 'register' || bodyTokenField !== undefined || (collection !== undefined && ['create', 'replace', 'update'].includes(collection.action)),
    };
  }
  return { ok: true, plan };
}

function readSessions(document: OpenApiDocument, operations: OperationSpec[], roles: Map<OperationSpec, SessionRole>): SessionPlan | undefined {
  const withRole = (role: SessionRole) => [...roles].find(([, candidate]) => candidate === role)?.[0];
  const create = withRole('create');
  if (!create) return undefined;
  const credentials = credentialsOf(document, create)!;
  const userSchema = sessionUserSchema(document, roles);
  const user = userSchema ? readUserPlan(document, userSchema, credentials.secret) : { template: {}, fields: [] };
  return {
    slots: readSlots(document, operations, roles),
    credentials,
    user,
    seedAccounts: readSeedAccounts(document, create, withRole('register'), credentials, user),
    sessionItem: readSessionItem(document, withRole('list')),
  };
}

/** Each security requirement as the session tokens it needs, scheme by scheme; undefined when none names a session token. */
function requirementsOf(operation: OperationSpec, sessions: SessionPlan): OperationPlan['requirements'] {
  const tokenOf = (scheme: string) => {
    const slot = sessions.slots.find((candidate) => candidate.schemes.includes(scheme));
    return slot ? { slot: slot.name, carrier: slot.carriers[slot.schemes.indexOf(scheme)]! } : undefined;
  };
  const requirements = operation.security.map((requirement) => Object.keys(requirement).map(tokenOf).filter((token): token is { slot: SlotName; carrier: TokenCarrier } => token !== undefined));
  return requirements.some((tokens) => tokens.length > 0) ? requirements : undefined;
}

