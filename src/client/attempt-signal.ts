/**
 * The signal for one attempt that has a timeout: a fresh timer per attempt, joined with
 * the caller's own signal. (openapi-fetch's client-level `signal` would start counting
 * when the client is created, not when the request is sent; AbortSignal.timeout keeps
 * its timer running after the answer.) dispose() clears the timer, so no timer outlives
 * its request. An attempt without a timeout needs none of this: it is sent with the
 * caller's signal as it is, so nothing is allocated for it.
 *
 * A class, and its own abort listener (handleEvent), rather than closures: an attempt
 * costs one object, however many callbacks it registers.
 */
export class AttemptTimer {
  readonly #controller = new AbortController();
  readonly #timeoutMs: number;
  readonly #callerSignal: AbortSignal | undefined;
  readonly #timer: ReturnType<typeof setTimeout>;
  #timedOut = false;

  constructor(timeoutMs: number, callerSignal: AbortSignal | undefined) {
    this.#timeoutMs = timeoutMs;
    this.#callerSignal = callerSignal;
    this.#timer = setTimeout(expire, timeoutMs, this);
    if (callerSignal?.aborted) this.#controller.abort(callerSignal.reason);
    else callerSignal?.addEventListener('abort', this, { once: true });
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** True when the timer, not the caller, ended the attempt. */
  get timedOut(): boolean {
    return this.#timedOut;
  }

  /** The caller aborted: the attempt ends with the caller's reason. */
  handleEvent(): void {
    this.#controller.abort(this.#callerSignal?.reason);
  }

  expire(): void {
    this.#timedOut = true;
    this.#controller.abort(new DOMException(`No response within ${this.#timeoutMs} ms`, 'TimeoutError'));
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.#callerSignal?.removeEventListener('abort', this);
  }
}

function expire(timer: AttemptTimer): void {
  timer.expire();
}
