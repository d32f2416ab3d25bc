import { readFile } from 'node:fs/promises';
import { MutationObserver, QueryClient, QueryObserver } from '@tanstack/query-core';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { paths } from '../../generated/api-types.js';
import { ApiError, createApiClient, type ApiClient } from '../../src/client/index.js';
import { createMockHandlers } from '../../src/msw/index.js';
import { createAuthQueries, createQueryFactories } from '../../src/react-query/index.js';
import { AUTH_BUNDLE } from '../helpers/paths.js';

// TanStack Query's own core (what @tanstack/react-query runs on), over the client,
// against the spec's MSW handlers: no React, no server.
const document = JSON.parse(await readFile(AUTH_BUNDLE, 'utf8'));
const BASE = 'http://api.test';
const mocks = createMockHandlers(document, { baseUrl: BASE });
const server = setupServer(...mocks.handlers);
const sent: string[] = [];
server.events.on('request:start', ({ request }) => void sent.push(`${request.method} ${new URL(request.url).pathname}`));

// Signed in: the access cookie the handlers minted at sign-in on every call, as a browser would send it.
let client: ApiClient<paths>;
let authQueries: ReturnType<typeof createAuthQueries>['authQueries'];
let authMutations: ReturnType<typeof createAuthQueries>['authMutations'];
let queryClient: QueryClient;

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' });
  const signIn = await fetch(`${BASE}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'ada@example.com', password: 'correct-horse-battery' }) });
  const cookie = signIn.headers.getSetCookie().find((line) => line.startsWith('access_token='))!.split(';')[0]!;
  client = createApiClient({ baseUrl: BASE, headers: { cookie }, retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 } });
  ({ authQueries, authMutations } = createAuthQueries(client));
  sent.length = 0;
});
afterEach(() => {
  server.resetHandlers();
  sent.length = 0;
  queryClient?.clear();
});
afterAll(() => server.close());
const freshClient = () => (queryClient = new QueryClient());

describe('TanStack Query options over the client', () => {
  it('a query\'s data is the documented success body', async () => {
    const user = await freshClient().fetchQuery(authQueries.me());
    expect(user.email).toBe('ada@example.com');
    expect(queryClient.getQueryData(authQueries.me().queryKey)).toEqual(user);
    expect(authQueries.me().queryKey).toEqual(['GET', '/api/v1/auth/me', undefined]);
  });

  it('a failure is the client\'s ApiError, narrowable by status, on the observer too', async () => {
    server.use(mocks.respondWith('getCurrentUser', 401));
    const observer = new QueryObserver(freshClient(), authQueries.me());
    const settled = new Promise<void>((resolve) => observer.subscribe((result) => result.status === 'error' && resolve()));
    await settled;
    const { error } = observer.getCurrentResult();
    expect(error).toBeInstanceOf(ApiError);
    expect(error?.status === 401 && error.type).toBe('authentication_error');
  });

  it('retries are the client\'s alone: a 502 is tried 3 times by the client, never again by TanStack', async () => {
    server.use(mocks.respondWith('getCurrentUser', 502));
    await expect(freshClient().fetchQuery(authQueries.me())).rejects.toMatchObject({ status: 502, type: 'bad_gateway' });
    expect(sent).toEqual(['GET /api/v1/auth/me', 'GET /api/v1/auth/me', 'GET /api/v1/auth/me']);
  });

  it('a mutation takes the call\'s init as its variables and resolves with the documented body', async () => {
    const observer = new MutationObserver(freshClient(), authMutations.login());
    const data = await observer.mutate({ body: { email: 'ada@example.com', password: 'correct-horse-battery' } });
    expect(data.user.email).toBe('ada@example.com');
    expect(authMutations.login().mutationKey).toEqual(['POST', '/api/v1/auth/login']);
    server.use(mocks.respondWith('loginUser', 429));
    await expect(observer.mutate({ body: { email: 'ada@example.com', password: 'correct-horse-battery' } })).rejects.toMatchObject({ status: 429, type: 'rate_limited' });
  });

  it('works over any paths: the factories take the client they are given', async () => {
    const api = createQueryFactories(client);
    const sessions = await freshClient().fetchQuery(api.query('/api/v1/auth/sessions'));
    // The handlers' one live session of this user: the one signed in above, and another from the mutation test.
    const live = mocks.state().sessions.map((session) => session.id).sort();
    expect(sessions.items.map((session) => session.id).sort()).toEqual(live);
    expect(sessions.items.filter((session) => session.current)).toHaveLength(1);
    expect(sent).toEqual(['GET /api/v1/auth/sessions']);
  });
});
