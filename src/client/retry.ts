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

/** Retry-After as milliseconds from `now`: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff with full jitter: uniform in [0, min(max, base · 2^(attempt-1))]. */
export function backoffDelay(attempt: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(random() * ceiling);
}

/**
 * How long to wait before attempt `attempt + 1`, or undefined when the outcome is
 * final: not a retry trigger, out of attempts, or a Retry-After beyond the cap.
 */
export function retryDelay(policy: RetryPolicy, attempt: number, outcome: { status: number; retryAfter: string | null } | 'network_error'): number | undefined {
  if (attempt >= policy.attempts) return undefined;
  if (outcome === 'network_error') return backoffDelay(attempt, policy);
  if (!policy.statuses.has(outcome.status)) return undefined;
  const retryAfter = parseRetryAfter(outcome.retryAfter);
  if (retryAfter === undefined) return backoffDelay(attempt, policy);
  return retryAfter <= policy.maxRetryAfterMs ? retryAfter : undefined;
}

/** A wait that ends early, with the signal's reason, when the caller aborts. */
export function sleep(ms: number, signal?: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
