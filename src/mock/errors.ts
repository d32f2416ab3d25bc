// The mock's errors, apart from the modules that start processes, so that a frontend
// project can import them with no Node types in its compilation.

/** A port or host the mock cannot use, named so that the person can pick another. */
export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
  constructor(
    readonly host: string,
    readonly port: number,
  ) {
    super(`Port ${port} on ${host} is already in use. Stop whatever listens there, or pass another port (--port).`);
  }
}

/** Prism failed to start: the message carries Prism's own last words. */
export class PrismStartError extends Error {
  override readonly name = 'PrismStartError';
  constructor(
    message: string,
    readonly logs: string[],
  ) {
    // Prism prints its whole --help after a fatal error; the error itself is above it.
    const usage = logs.findIndex((line) => /^prism (mock|proxy) </.test(line));
    const shown = usage === -1 ? logs : logs.slice(0, usage);
    super(`${message}\n${shown.map((line) => `  prism │ ${line}`).join('\n')}`);
  }
}
