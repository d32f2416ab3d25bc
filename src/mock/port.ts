import getPort from 'get-port';

/** A port nobody listens on now: for the engine behind the mock's front, and for tests. */
export async function freePort(host: string): Promise<number> {
  return getPort({ host });
}
