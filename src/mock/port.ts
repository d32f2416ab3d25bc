import { createServer } from 'node:net';
import getPort from 'get-port';
import { PortInUseError } from './errors.js';

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
