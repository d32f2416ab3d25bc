import type { OperationPlan, SlotName } from './plan-types.js';

/**
 * What the rules see of a request: only what they read, so that the mock engine's
 * workers send little to the process that holds the state.
 */
export interface StateRequest {
  /** The operation, as `METHOD /path`. */
  key: string;
  pathParams: Record<string, string>;
  /** Only the parameters a token can travel in (apiKey `in: query`). */
  query: Record<string, string>;
  /** Lower-case names: `cookie`, `authorization`, `user-agent`, and apiKey header names. */
  headers: Record<string, string>;
  /** The parsed JSON body, if any. */
  body: unknown;
  ipAddress: string | undefined;
}

/** What the remembered state puts into an answer. */
export interface StateValues {
  user?: Record<string, unknown>;
  /** The sessions list, each session as the documented item's fields. */
  sessions?: Array<Record<string, unknown>>;
  tokens?: Partial<Record<SlotName, { value: string; expiresAt: number; lifetimeSeconds: number }>>;
  entity?: Record<string, unknown>;
  entities?: Array<Record<string, unknown>>;
  count?: number;
}

/**
 * The state's answer: a documented status with the values to put in its body, or,
 * where the spec documents none of the fitting statuses, a problem of our own.
 */
export interface StateDecision {
  status: number;
  problem?: { title: string; detail: string };
  values?: StateValues;
  /** The request's session let it in, and the documented answer stands as Prism makes it. */
  prismAnswers?: true;
  /**
   * For a read that only needs a live session (the current user, any other protected
   * operation): the session it was made in, which the mock engine's workers may keep, so
   * its next reads need not ask the process that holds the state.
   */
  session?: SessionGrant;
}

/** A live session as a worker may keep it: its tokens (until they expire or it hears they died) and its user. */
export interface SessionGrant {
  sessionId: string;
  user: Record<string, unknown> | undefined;
  tokens: Array<{ value: string; slot: SlotName; expiresAt: number }>;
}

const TITLES: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 404: 'Not Found', 409: 'Conflict', 422: 'Unprocessable Content' };

/** The first of `statuses` the operation documents; else the first, as a problem whose detail says why. */
export function documentedOrProblem(operation: OperationPlan, statuses: number[], detail: string): StateDecision {
  const status = statuses.find((candidate) => operation.statuses.includes(candidate));
  if (status !== undefined) return { status };
  return { status: statuses[0]!, problem: { title: TITLES[statuses[0]!] ?? 'Error', detail } };
}

/** The operation's documented success, with what goes in it. */
export function success(operation: OperationPlan, values: StateValues = {}): StateDecision {
  return { status: operation.success ?? 200, values };
}

export const unauthorized = (operation: OperationPlan) => documentedOrProblem(operation, [401], 'No live session: the token is unknown, expired, revoked or logged out');
export const notFound = (operation: OperationPlan, what: string) => documentedOrProblem(operation, [404], `${what} was not found`);

/** The problem body for a decision the spec documents no status for: RFC 9457, as Prism's own problems are. */
export function problemBody(decision: StateDecision): string {
  return JSON.stringify({ type: 'about:blank', title: decision.problem!.title, status: decision.status, detail: decision.problem!.detail });
}

/** A time as the spec's examples write one: ISO 8601 in UTC, to the second. */
export function timestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
