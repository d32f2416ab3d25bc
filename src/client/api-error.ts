import type { SchemaViolation } from './validation.js';

/** One entry of an envelope's `errors[]`. */
export interface ValidationIssue {
  loc: (string | number)[];
  msg: string;
  type: string;
}

/**
 * Where an ApiError came from. `envelope` means the server sent the documented error
 * envelope; every other value names what the wire carried instead.
 */
export type ApiErrorSource =
  | 'envelope'
  | 'problem_details'
  | 'html'
  | 'empty'
  | 'invalid_json'
  | 'unexpected_body'
  /** A body larger than `maxBodyBytes`: reading stopped there. */
  | 'too_large'
  /** A 3xx the client did not follow: refused by the redirect policy, or `redirect: 'manual'`. */
  | 'redirect'
  /** A body (or, before sending, a request body) that breaks its schema, under `validate: 'throw'`. */
  | 'schema_violation'
  | 'network'
  | 'timeout'
  | 'aborted';

export interface ApiErrorInit<S extends number> {
  status: S;
  code: number;
  type: string;
  detail: string;
  errors?: ValidationIssue[];
  body?: unknown;
  documented?: unknown;
  violations?: SchemaViolation[];
  source: ApiErrorSource;
  response?: Response;
  cause?: unknown;
}

/**
 * Every failed call ends as one of these, whatever the wire carried: the envelope, an
 * HTML page from a gateway, nothing at all, or no response. `status` is 0 when no
 * usable response arrived (network error, timeout, abort, unreadable or oversized 2xx
 * body, a redirect a browser hides).
 */
export class ApiError<S extends number = number, Body = unknown> extends Error {
  override readonly name = 'ApiError';
  readonly status: S;
  readonly code: number;
  readonly type: string;
  readonly detail: string;
  readonly errors: ValidationIssue[];
  /** The body as received: parsed JSON when it parsed, the text otherwise. */
  readonly body: unknown;
  /**
   * The body, typed as the spec documents it for this status, when it is that: it
   * passed its status's schema (`schemas` given), or, without `schemas`, it is the Auth
   * API's envelope on one of its paths. Undefined for anything else the wire carried.
   */
  readonly documented: Body | undefined;
  /** What broke the schema, for an error of source `schema_violation`; empty otherwise. */
  readonly violations: SchemaViolation[];
  readonly source: ApiErrorSource;
  readonly response: Response | undefined;

  constructor(init: ApiErrorInit<S>) {
    super(init.detail, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    this.type = init.type;
    this.detail = init.detail;
    this.errors = init.errors ?? [];
    this.body = init.body;
    this.documented = init.documented as Body | undefined;
    this.violations = init.violations ?? [];
    this.source = init.source;
    this.response = init.response;
  }

  /** True when the server sent the documented error envelope. */
  get isEnvelope(): boolean {
    return this.source === 'envelope';
  }
}

/**
 * An ApiError for an answer the server chose to send (a 4xx, a 5xx): an outcome the
 * caller handles, not a fault in the program, so no stack trace is captured for it.
 * Capturing one walks every frame at construction (a few µs, as much as the rest of
 * the client's own work on a call), and its frames would only say where the client
 * read the answer. `stack` still names the error and its detail. Errors for failures
 * to get a usable answer (network, timeout, an unreadable 2xx) keep their stacks.
 * Where Error.stackTraceLimit does not exist or cannot be set, the stack is captured.
 */
export function answerError<S extends number>(init: ApiErrorInit<S>): ApiError<S> {
  const limit = errorConstructor.stackTraceLimit;
  if (typeof limit !== 'number') return new ApiError(init);
  try {
    errorConstructor.stackTraceLimit = 0;
  } catch {
    return new ApiError(init); // frozen intrinsics
  }
  try {
    return new ApiError(init);
  } finally {
    errorConstructor.stackTraceLimit = limit;
  }
}

const errorConstructor = Error as { stackTraceLimit?: number };

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}
