import { CONTROL_PATHS, loopbackUrl, type MockStateSnapshot } from '../mock-state/control.js';
import type { MockServer } from './start-mock.js';

type Control<Operations extends {}> = Pick<MockServer<Operations>, 'respondWith' | 'reset' | 'state' | 'advanceTime'>;

/**
 * `startMock()`'s control methods: each one is the HTTP call a Playwright test or a
 * curl line makes (`/__authkit/…`), so code and HTTP go through the same door. A
 * refusal throws with the mock's own problem detail (the field and its valid values).
 */
export function createControlClient<Operations extends {}>(mockUrl: string): Control<Operations> {
  const url = loopbackUrl(mockUrl);
  const call = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${url}${path}`, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    const parsed = text ? (JSON.parse(text) as unknown) : undefined;
    if (!response.ok) {
      const problem = parsed as { detail?: string; allowed?: unknown[] } | undefined;
      throw new Error(`${method} ${path}: ${response.status} ${problem?.detail ?? text}${problem?.allowed ? ` (valid: ${problem.allowed.join(', ')})` : ''}`);
    }
    return parsed;
  };
  return {
    respondWith: async (operationId, status, options = {}) => void (await call('POST', CONTROL_PATHS.respondWith, { operationId, status, ...options })),
    reset: async () => void (await call('POST', CONTROL_PATHS.reset)),
    state: async () => (await call('GET', CONTROL_PATHS.state)) as MockStateSnapshot,
    advanceTime: async (seconds) => void (await call('POST', CONTROL_PATHS.advanceTime, { seconds })),
  };
}
