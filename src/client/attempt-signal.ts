export interface AttemptSignal {
  signal: AbortSignal | undefined;
  timedOut(): boolean;
  dispose(): void;
}

/**
 * A signal for one attempt: a fresh timer per attempt, joined with the caller's own
 * signal. (openapi-fetch's client-level `signal` would start counting when the client
 * is created, not when the request is sent.) dispose() clears the timer, so no timer
 * outlives its request.
 */
export function attemptSignal(timeoutMs: number | undefined, callerSignal: AbortSignal | null | undefined): AttemptSignal {
  if (!timeoutMs) return { signal: callerSignal ?? undefined, timedOut: () => false, dispose: () => {} };
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException(`No response within ${timeoutMs} ms`, 'TimeoutError'));
  }, timeoutMs);
  const onCallerAbort = () => controller.abort(callerSignal?.reason);
  if (callerSignal?.aborted) onCallerAbort();
  else callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    dispose: () => {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    },
  };
}
