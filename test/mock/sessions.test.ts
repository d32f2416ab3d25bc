import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type MockEvent } from '../../src/mock/index.js';
import { createMockHandlers } from '../../src/msw/index.js';
import { startLiveBackend } from '../fixtures/live-backend.js';
import { fetchOverNewConnection } from '../helpers/new-connection-fetch.js';
import { AUTH_BUNDLE } from '../helpers/paths.js';
import { browsers, document, ROWS, type Browser, type Transport } from '../helpers/session-rows.js';

// A session lifecycle as a correct backend runs it, through the typed client, each
// "browser" a cookie jar (the rows: test/helpers/session-rows.ts). The same table runs
// against the mock on two workers (every call on a new connection, so they spread over
// both), against the MSW handlers in this process, and against the fixture backend
// (test/fixtures/live-backend.ts), a real server in this process called with the global
// fetch: one set of rules, three answerers.
const MSW_BASE = 'http://localhost:4010';

interface Target {
  baseUrl: string;
  transport?: Transport;
  close(): Promise<void>;
  /** The mock's workers that answered. */
  workers?: Set<number>;
}

// [target, how to start it, how many worker processes must answer (the mock only)]
const TARGETS: Array<[string, () => Promise<Target>, number | undefined]> = [
  [
    'the mock on 2 workers',
    async () => {
      const workers = new Set<number>();
      const mock = await startMock({ spec: AUTH_BUNDLE, workers: 2, onEvent: (event: MockEvent) => event.type === 'request' && event.worker !== undefined && workers.add(event.worker) });
      return { baseUrl: mock.url, transport: fetchOverNewConnection, close: () => mock.close(), workers };
    },
    2,
  ],
  [
    'the MSW handlers, in this process',
    async () => {
      const server = setupServer(...createMockHandlers(document, { baseUrl: MSW_BASE }).handlers);
      server.listen({ onUnhandledRequest: 'bypass' });
      return { baseUrl: MSW_BASE, close: async () => server.close() };
    },
    undefined,
  ],
  [
    'the fixture backend, a real server',
    async () => {
      const backend = await startLiveBackend();
      return { baseUrl: backend.url, close: () => backend.close() };
    },
    undefined,
  ],
];

describe.each(TARGETS)('a session lifecycle against %s', (_name, start, processes) => {
  let target: Target;
  beforeAll(async () => {
    target = await start();
  }, 60_000);
  afterAll(() => target?.close());

  const browser = (): Browser => browsers(target.baseUrl, target.transport)();

  it.each(ROWS)('%s', async (_row, run, expected) => {
    expect(await run(browser)).toEqual(expected);
  });

  if (processes !== undefined) {
    it(`all ${processes} workers answered, and all saw one state`, () => {
      expect(target.workers?.size).toBe(processes);
    });
  }
});
