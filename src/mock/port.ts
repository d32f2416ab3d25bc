import { createServer } from 'node:net';
import getPort from 'get-port';

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

/** Fails fast, before Prism spends seconds loading the spec, when the port is taken. */
export async function assertPortFree(host: string, port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new PortInUseError(host, port) : error));
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

export async function freePort(host: string): Promise<number> {
  return getPort({ host });
}
