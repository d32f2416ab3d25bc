export interface RetryEvent {
  /** The attempt that just failed, from 1. */
  attempt: number;
  /** How long the client waits before the next attempt. */
  delayMs: number;
  /** The status that triggered the retry, or `network_error`. */
  reason: number | 'network_error';
  method: string;
  path: string;
}

export interface RetryOptions {
  /** Total attempts, the first included. Default 3. */
  attempts?: number;
  /** First backoff step; doubles each attempt, with full jitter. Default 250 ms. */
  baseDelayMs?: number;
  /** Ceiling for one backoff step. Default 5 000 ms. */
  maxDelayMs?: number;
  /** A Retry-After longer than this is not waited for: the response is returned. Default 30 000 ms. */
  maxRetryAfterMs?: number;
  /** Statuses worth another attempt. Default 429, 502, 503, 504. */
  statuses?: number[];
  /** Called before each wait, e.g. to log. */
  onRetry?: (event: RetryEvent) => void;
}

export type RetrySetting = boolean | RetryOptions;

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterMs: number;
  statuses: ReadonlySet<number>;
  onRetry: ((event: RetryEvent) => void) | undefined;
}

// Written here rather than taken from p-retry and the like: those retry a function that
// throws, while here the trigger is a response (its status and Retry-After) and the
// outcome must stay a value, so the policy is a few pure functions the client calls.
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);

/**
 * The policy for one call, or undefined for no retries. Retries are off unless the
 * client turns them on; then they apply to idempotent methods only, unless the call
 * itself opts in (`retry: true` or options), which also works with the client's off.
 */
export function retryPolicyFor(method: string, clientSetting: RetrySetting | undefined, callSetting: RetrySetting | undefined): RetryPolicy | undefined {
  if (callSetting === false) return undefined;
  const callOptsIn = callSetting !== undefined;
  if (!callOptsIn && (!clientSetting || !IDEMPOTENT_METHODS.has(method.toUpperCase()))) return undefined;
  const options = { ...(typeof clientSetting === 'object' ? clientSetting : {}), ...(typeof callSetting === 'object' ? callSetting : {}) };
  return {
    attempts: Math.max(1, options.attempts ?? 3),
    baseDelayMs: options.baseDelayMs ?? 250,
    maxDelayMs: options.maxDelayMs ?? 5_000,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 30_000,
    statuses: new Set(options.statuses ?? [429, 502, 503, 504]),
    onRetry: options.onRetry,
  };
}

/**
 * The longest wait a timer can take: setTimeout stores its delay in a signed 32-bit
 * integer, and anything larger fires after 1 ms instead (Node warns, browsers do not).
 */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/** A delay a timer can honour: not negative, not NaN, at most MAX_TIMER_DELAY_MS. */
export function clampDelay(ms: number): number {
  return ms > 0 ? Math.min(ms, MAX_TIMER_DELAY_MS) : 0;
}

/**
 * Retry-After as milliseconds from `now`, or undefined when the value is not one the
 * server could mean (RFC 9110 §10.2.3): only whole seconds (`120`) or an IMF-fixdate
 * (`Tue, 24 Nov 2026 12:00:30 GMT`) count. Date.parse alone is far too lenient: it reads
 * `-1` and `1.5` as dates in the past, which made a retry fire at once. A date in the
 * past means "now" (0). The obsolete RFC 850 and asctime date forms are not honoured:
 * backoff applies instead, which errs on the side of waiting.
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  if (/^\d+$/.test(trimmed)) {
    const ms = Number(trimmed) * 1000;
    // Beyond 2^53 the number is no longer exact: no server means that many seconds.
    return Number.isSafeInteger(ms) ? ms : undefined;
  }
  const date = Date.parse(trimmed);
  // toUTCString writes exactly an IMF-fixdate, so the round trip rejects every other
  // shape and every impossible date (31 Nov, a wrong weekday).
  if (Number.isNaN(date) || new Date(date).toUTCString() !== trimmed) return undefined;
  return Math.max(0, date - now);
}

/** Exponential backoff with full jitter: uniform in [0, min(max, base · 2^(attempt-1))]. */
export function backoffDelay(attempt: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return clampDelay(Math.round(random() * ceiling));
}

/**
 * How long to wait before attempt `attempt + 1`, or undefined when the outcome is
 * final: not a retry trigger, out of attempts, or a Retry-After beyond the cap. A
 * Retry-After within a cap larger than a timer can hold waits as long as a timer can.
 */
export function retryDelay(policy: RetryPolicy, attempt: number, outcome: { status: number; retryAfter: string | null } | 'network_error'): number | undefined {
  if (attempt >= policy.attempts) return undefined;
  if (outcome === 'network_error') return backoffDelay(attempt, policy);
  if (!policy.statuses.has(outcome.status)) return undefined;
  const retryAfter = parseRetryAfter(outcome.retryAfter);
  if (retryAfter === undefined) return backoffDelay(attempt, policy);
  return retryAfter <= policy.maxRetryAfterMs ? clampDelay(retryAfter) : undefined;
}

/**
 * A wait that ends early, with the signal's reason, when the caller aborts. The delay is
 * clamped once more here, so no caller can hand a timer a value it would overflow.
 */
export function sleep(ms: number, signal?: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, clampDelay(ms));
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
