/**
 * Single-flight session refresh. However many calls fail with 401 at once, one
 * refresh call goes out; each failed call learns whether to replay.
 *
 * A call records `generation` when it is sent. A 401 for a call sent before the last
 * refresh settled is answered from that refresh's outcome, without another refresh:
 * that is what stops a burst of 401s arriving one after another from refreshing once
 * per call.
 */
export class SessionRefresher {
  #generation = 0;
  #lastSucceeded = false;
  #inFlight: Promise<boolean> | undefined;

  constructor(private readonly refresh: () => Promise<boolean>) {}

  get generation(): number {
    return this.#generation;
  }

  /** Resolves true when the call sent at `sentAt` should be replayed. */
  recover(sentAt: number): Promise<boolean> {
    if (this.#inFlight) return this.#inFlight;
    if (sentAt < this.#generation) return Promise.resolve(this.#lastSucceeded);
    this.#inFlight = this.refresh()
      .catch(() => false)
      .then((succeeded) => {
        this.#generation += 1;
        this.#lastSucceeded = succeeded;
        this.#inFlight = undefined;
        return succeeded;
      });
    return this.#inFlight;
  }
}
