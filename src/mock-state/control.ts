import { timestamp } from './decision.js';
import { RESERVED_PREFIX, type OperationPlan, type SlotName } from './plan-types.js';
import type { MockState, StateLimits } from './state-store.js';
import { checkForcedHeaders } from './forced-headers.js';
import type { SchemaProblem } from '../schema/schema-problem.js';

/** The mock's control, under a prefix the spec may not use. */
export const CONTROL_PATHS = {
  respondWith: `${RESERVED_PREFIX}/respond-with`,
  reset: `${RESERVED_PREFIX}/reset`,
  state: `${RESERVED_PREFIX}/state`,
  advanceTime: `${RESERVED_PREFIX}/advance-time`,
} as const;

/** Where this machine reaches a mock listening on a wildcard address (`0.0.0.0`, `::`): the control answers loopback names only. */
export function loopbackUrl(url: string): string {
  return url.replace(/^(https?:\/\/)(0\.0\.0\.0|\[::\])(?=[:/]|$)/, (_match, scheme: string, host: string) => `${scheme}${host === '[::]' ? '[::1]' : '127.0.0.1'}`);
}

export function isControlPath(path: string): boolean {
  return path === RESERVED_PREFIX || path.startsWith(`${RESERVED_PREFIX}/`);
}

export interface ControlCall {
  method: string;
  /** The path, without the query. */
  path: string;
  body: string | undefined;
}

export interface ControlAnswer {
  status: number;
  /** JSON; undefined for 204. */
  body: unknown;
  /** Whether the queue of forced answers changed: the engine's workers must hear of it before the caller does. */
  overridesChanged: boolean;
}

/** What `GET /__authkit/state` shows: everything remembered, tokens redacted and secrets left out. */
export interface MockStateSnapshot {
  users: Array<{ id: string; identifier: string; user: Record<string, unknown> }>;
  sessions: Array<{ id: string; userId: string; createdAt: string; lastSeenAt: string; userAgent: string | undefined; ipAddress: string | undefined; tokens: Partial<Record<SlotName, { value: string; expiresAt: string }>> }>;
  collections: Record<string, Array<Record<string, unknown>>>;
  overrides: Array<{ operationId: string; status: number; example: string | undefined; headers: Record<string, string>; remaining: number }>;
  clock: { now: string; advancedSeconds: number };
  limits: StateLimits;
}

const LISTED_AT_MOST = 100;
const RESPOND_WITH_FIELDS = ['operationId', 'status', 'times', 'example', 'headers'];

/** Forced answers one operation may have queued (each with its own `times`). */
const MAX_QUEUED = 100;

/**
 * The control's answers, the same for every way in (HTTP on the mock, or `startMock()`'s
 * methods, which call it): respond-with queues a documented answer for the next call(s)
 * of an operation, reset forgets everything, state shows it, advance-time moves the
 * clock on so that tokens expire. Bad input changes nothing and gets a 400 problem that
 * names the field and, where it helps, the values it may take.
 */
/** `schemaProblem` judges forced header values against their schemas. */
export function handleControl(state: MockState, call: ControlCall, schemaProblem: SchemaProblem): ControlAnswer {
  const routes: Record<string, { method: string; run: () => ControlAnswer }> = {
    [CONTROL_PATHS.respondWith]: { method: 'POST', run: () => respondWith(state, call.body, schemaProblem) },
    [CONTROL_PATHS.reset]: {
      method: 'POST',
      run: () => {
        state.reset();
        return { status: 204, body: undefined, overridesChanged: true };
      },
    },
    [CONTROL_PATHS.state]: { method: 'GET', run: () => ({ status: 200, body: snapshot(state), overridesChanged: false }) },
    [CONTROL_PATHS.advanceTime]: { method: 'POST', run: () => advanceTime(state, call.body) },
  };
  const route = routes[call.path.replace(/\/+$/, '')];
  if (!route) return problem(404, 'No such control endpoint', `${call.path} is not one of the mock's control endpoints`, { allowed: Object.entries(routes).map(([path, { method }]) => `${method} ${path}`) });
  if (call.method.toUpperCase() !== route.method) return problem(405, 'Method not allowed', `${call.path} takes ${route.method}`, { allowed: [route.method] });
  return route.run();
}

function respondWith(state: MockState, text: string | undefined, schemaProblem: SchemaProblem): ControlAnswer {
  const body = parseObject(text);
  if (typeof body === 'string') return badRequest('body', body);
  const unknown = Object.keys(body).filter((key) => !RESPOND_WITH_FIELDS.includes(key));
  if (unknown.length > 0) return badRequest(unknown[0]!, `${unknown[0]} is not a field of respond-with`, RESPOND_WITH_FIELDS);
  const operations = Object.values(state.currentPlan.operations);
  const ids = operations.map((operation) => operation.operationId);
  if (typeof body.operationId !== 'string') return badRequest('operationId', 'operationId is required: the operation whose next answer to force', ids);
  const operation = operations.find((candidate) => candidate.operationId === body.operationId);
  if (!operation) return badRequest('operationId', `the spec has no operation ${JSON.stringify(body.operationId)}`, ids);
  const documented = operation.statuses.map(String);
  if (typeof body.status !== 'number' || !documented.includes(String(body.status))) {
    return badRequest('status', `${JSON.stringify(body.status ?? null)} is not a status ${operation.operationId} documents`, operation.statuses);
  }
  const times = body.times ?? 1;
  if (typeof times !== 'number' || !Number.isSafeInteger(times) || times < 1) return badRequest('times', `times must be a whole number of 1 or more, not ${JSON.stringify(times)}`);
  const names = exampleNames(operation, body.status);
  if (body.example !== undefined && (typeof body.example !== 'string' || !names.includes(body.example))) {
    return badRequest('example', `${JSON.stringify(body.example)} is not a named example of ${operation.operationId}'s ${body.status}`, names);
  }
  const headers = checkForcedHeaders(operation.headers[String(body.status)] ?? {}, body.headers, `${operation.operationId}'s ${body.status}`, schemaProblem);
  if (!headers.ok) return badRequest(headers.field, headers.message, headers.allowed);
  const queue = state.overrides.get(operation.key) ?? [];
  if (queue.length >= MAX_QUEUED) return badRequest('operationId', `${operation.operationId} has ${MAX_QUEUED} forced answers queued already: reset, or use \`times\``);
  queue.push({ status: body.status, example: body.example as string | undefined, headers: headers.headers, remaining: times });
  state.overrides.set(operation.key, queue);
  return { status: 200, body: { operationId: operation.operationId, status: body.status, times, example: body.example ?? null, headers: headers.headers, queued: queue.reduce((sum, entry) => sum + entry.remaining, 0) }, overridesChanged: true };
}

function advanceTime(state: MockState, text: string | undefined): ControlAnswer {
  const body = parseObject(text);
  if (typeof body === 'string') return badRequest('body', body);
  try {
    state.advance(body.seconds as number);
  } catch (error) {
    return badRequest('seconds', (error as Error).message);
  }
  return { status: 200, body: { now: timestamp(state.now()), advancedSeconds: state.advancedSeconds }, overridesChanged: false };
}

function exampleNames(operation: OperationPlan, status: number): string[] {
  return operation.exampleNames[String(status)] ?? [];
}

export function snapshot(state: MockState): MockStateSnapshot {
  const iso = timestamp;
  const operationIds = new Map(Object.values(state.currentPlan.operations).map((operation) => [operation.key, operation.operationId]));
  return {
    // Copies: what a test does with the snapshot changes nothing remembered.
    users: [...state.accounts.values()].map((account) => ({ id: account.userId, identifier: account.identifier, user: structuredClone(account.user) })),
    sessions: [...state.sessions.values()].map((session) => ({
      id: session.id,
      userId: session.userId,
      createdAt: iso(session.createdAt),
      lastSeenAt: iso(session.lastSeenAt),
      userAgent: session.userAgent,
      ipAddress: session.ipAddress,
      tokens: Object.fromEntries(Object.entries(session.tokens).map(([slot, token]) => [slot, { value: redacted(token!.value), expiresAt: iso(token!.expiresAt) }])),
    })),
    collections: Object.fromEntries([...state.collections].map(([path, entities]) => [path, structuredClone([...entities.values()])])),
    overrides: [...state.overrides].flatMap(([key, queue]) => queue.map((entry) => ({ operationId: operationIds.get(key) ?? key, status: entry.status, example: entry.example, headers: entry.headers ?? {}, remaining: entry.remaining }))),
    clock: { now: iso(state.now()), advancedSeconds: state.advancedSeconds },
    limits: state.limits,
  };
}

/** As the contract's reports show a secret: its length only. */
export function redacted(value: string): string {
  return `…(redacted, ${value.length} chars)`;
}

function parseObject(text: string | undefined): Record<string, unknown> | string {
  if (text === undefined || text.trim() === '') return 'the body is empty: send a JSON object';
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `the body is not JSON: ${(error as Error).message}`;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'the body must be a JSON object';
  return value as Record<string, unknown>;
}

function badRequest(field: string, detail: string, allowed?: Array<string | number>): ControlAnswer {
  const listed = allowed && allowed.length > LISTED_AT_MOST ? [...allowed.slice(0, LISTED_AT_MOST), `…and ${allowed.length - LISTED_AT_MOST} more`] : allowed;
  return problem(400, 'Bad control request', detail, { field, ...(listed ? { allowed: listed } : {}) });
}

function problem(status: number, title: string, detail: string, extra: Record<string, unknown>): ControlAnswer {
  return { status, body: { type: 'about:blank', title, status, detail, ...extra }, overridesChanged: false };
}
