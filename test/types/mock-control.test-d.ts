import { describe, expectTypeOf, it } from 'vitest';
import type { operations } from '../../generated/api-types.js';
import { startMock, type MockServer, type MockStateSnapshot } from '../../src/mock/index.js';
import { createMockHandlers } from '../../src/msw/index.js';

// The same control in both worlds: the mock server's and the MSW handlers' respondWith
// take an operation id and one of the statuses it documents, nothing else.
describe('startMock(): respondWith, reset, state, typed by the spec\'s operations', () => {
  const mock = {} as MockServer;
  it('takes an operation id and one of its documented statuses, with times and an example', () => {
    void mock.respondWith('loginUser', 429, { times: 2 });
    void mock.respondWith('revokeSession', 204, { example: 'named' });
    // @ts-expect-error 418 is not documented for loginUser
    void mock.respondWith('loginUser', 418);
    // @ts-expect-error revokeSession documents 204, not 200
    void mock.respondWith('revokeSession', 200);
    // @ts-expect-error no such operation
    void mock.respondWith('deleteEverything', 200);
    // @ts-expect-error `once` is the MSW handler's option; the mock counts with `times`
    void mock.respondWith('loginUser', 429, { once: true });
  });

  it('resolves to nothing, or to the redacted state', () => {
    expectTypeOf(mock.reset()).toEqualTypeOf<Promise<void>>();
    expectTypeOf(mock.state()).toEqualTypeOf<Promise<MockStateSnapshot>>();
    expectTypeOf<MockStateSnapshot['sessions'][number]['tokens']>().toEqualTypeOf<Partial<Record<'access' | 'refresh', { value: string; expiresAt: string }>>>();
  });

  it('another spec\'s operations type it the same way', () => {
    type Other = { ping: { responses: { 204: unknown; 503: unknown } } };
    const other = startMock<Other>({ spec: 'other.json' });
    expectTypeOf(other).toEqualTypeOf<Promise<MockServer<Other>>>();
    void other.then((server) => {
      void server.respondWith('ping', 503);
      // @ts-expect-error the other spec has no loginUser
      void server.respondWith('loginUser', 429);
    });
  });

  it('the MSW handlers take the same operation and status', () => {
    const mocks = createMockHandlers<operations>({});
    mocks.respondWith('loginUser', 429, { times: 2 });
    expectTypeOf(mocks.state()).toEqualTypeOf<MockStateSnapshot>();
    // @ts-expect-error 418 is not documented for loginUser
    mocks.respondWith('loginUser', 418, { times: 1 });
  });
});
