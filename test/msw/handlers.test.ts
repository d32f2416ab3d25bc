import { readFile } from 'node:fs/promises';
import { setupServer } from 'msw/node';
import { createOpenApiHttp } from 'openapi-msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { paths } from '../../generated/api-types.js';
import { createApiClient } from '../../src/client/index.js';
import { createMockHandlers } from '../../src/msw/index.js';
import { AUTH_BUNDLE } from '../helpers/paths.js';

// The handlers as a team's component tests use them: msw/node intercepts the client's
// fetch in this process, with no server and no port.
const document = JSON.parse(await readFile(AUTH_BUNDLE, 'utf8'));
const BASE = 'http://api.test';
const mocks = createMockHandlers(document, { baseUrl: BASE });
const server = setupServer(...mocks.handlers);
const api = createApiClient({ baseUrl: BASE });
const SIGN_IN = { email: 'ada@example.com', password: 'correct-horse-battery' };
// Signed in: the access cookie the handlers minted, as a browser would send it back.
const SIGNED_IN = { headers: { cookie: '' } };
const signIn = async () => {
  const result = await api.POST('/api/v1/auth/login', { body: SIGN_IN });
  return result.response!.headers.getSetCookie().find((line) => line.startsWith('access_token='))!.split(';')[0]!;
};

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' });
  SIGNED_IN.headers.cookie = await signIn();
});
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('createMockHandlers: the mock\'s answers, in this process', () => {
  it('one handler routes every operation; under the base, what the spec lacks gets Prism\'s 404 or 405', async () => {
    expect(mocks.handlers.map((handler) => `${String(handler.info.method)} ${handler.info.path}`)).toEqual([`/.+/ ${BASE}/*`]);
    const unknown = await fetch(`${BASE}/api/v1/not-in-the-spec`);
    expect([unknown.status, await unknown.json()]).toEqual([404, { type: 'https://stoplight.io/prism/errors#NO_PATH_MATCHED_ERROR', title: 'Route not resolved, no path matched', status: 404, detail: "The route /api/v1/not-in-the-spec hasn't been found in the specification file" }]);
    expect((await fetch(`${BASE}/api/v1/auth/me`, { method: 'PATCH' })).status).toBe(405);
    // Anything outside the base is not the API's: unhandled, as the test's msw setup says.
    expect(await fetch('http://elsewhere.test/').catch((error: Error) => error.name)).toBe('InternalError');
  });

  it('answers the lowest documented success with the documented sample and both Set-Cookie lines, fresh tokens in them', async () => {
    const result = await api.POST('/api/v1/auth/login', { body: SIGN_IN });
    expect(result.status).toBe(200);
    if (result.status !== 200) return;
    expect(result.data.user.email).toBe('ada@example.com');
    // Each documented line, with every attribute as documented and a minted value in place of the example's.
    const documented = Object.values(document.components.headers.SetAuthCookie.examples).map((example) => (example as { value: string }).value);
    const sent = result.response.headers.getSetCookie();
    expect(sent.map((line) => line.replace(/=[^;]*;/, '=…;'))).toEqual(documented.map((line) => line.replace(/=[^;]*;/, '=…;')));
    expect(sent.filter((line) => documented.includes(line))).toEqual([]);
  });

  it('stateless, Prism\'s rules alone: a credential is checked for presence only, and the documented cookies are the examples', async () => {
    const prismOnly = createMockHandlers(document, { baseUrl: BASE, stateless: true });
    server.use(...prismOnly.handlers);
    expect((await api.GET('/api/v1/auth/me', { headers: { cookie: 'access_token=invented' } })).status).toBe(200);
    const result = await api.POST('/api/v1/auth/login', { body: SIGN_IN });
    expect(result.response?.headers.getSetCookie()).toEqual(Object.values(document.components.headers.SetAuthCookie.examples).map((example) => (example as { value: string }).value));
  });

  it('forces a documented status per call with `Prefer: code=N`, with its documented headers', async () => {
    const result = await api.POST('/api/v1/auth/login', { body: SIGN_IN, headers: { prefer: 'code=429' } });
    expect(result.status).toBe(429);
    expect(result.response?.headers.get('retry-after')).toBe('30');
    expect(result.error).toMatchObject({ status: 429, type: 'rate_limited' });
  });

  it('an undocumented status gets Prism\'s own 404 problem', async () => {
    const result = await api.POST('/api/v1/auth/login', { body: SIGN_IN, headers: { prefer: 'code=418' } });
    expect(result.status).toBe(404);
    expect(result.error).toMatchObject({ source: 'problem_details', detail: 'Requested status code 418 is not defined in the document.' });
  });

  it('respondWith(operation, status, { once }) answers the next call only', async () => {
    server.use(mocks.respondWith('loginUser', 429, { once: true }));
    expect((await api.POST('/api/v1/auth/login', { body: SIGN_IN })).status).toBe(429);
    expect((await api.POST('/api/v1/auth/login', { body: SIGN_IN })).status).toBe(200);
  });

  it('respondWith(…, { headers }) answers with documented headers of the test\'s own values, checked as the mock\'s control checks them', async () => {
    server.use(mocks.respondWith('loginUser', 429, { times: 1, headers: { 'retry-after': 1 } }));
    const forced = await api.POST('/api/v1/auth/login', { body: SIGN_IN });
    expect([forced.status, forced.response!.headers.get('retry-after')]).toEqual([429, '1']);
    expect((await api.POST('/api/v1/auth/login', { body: SIGN_IN })).status).toBe(200);
    expect(() => mocks.respondWith('loginUser', 429, { headers: { 'X-RateLimit-Reset': '1' } })).toThrow("respondWith: headers.X-RateLimit-Reset: loginUser's 429 documents no X-RateLimit-Reset header (documented: Retry-After)");
    expect(() => mocks.respondWith('loginUser', 429, { headers: { 'Retry-After': -1 } })).toThrow(/^respondWith: headers\.Retry-After: Retry-After "-1" breaks its schema: value must be >= 0$/);
  });

  it('rejects as the mock does: 401 without credentials, 422 for a body that breaks its schema', async () => {
    expect((await api.GET('/api/v1/auth/me')).status).toBe(401);
    expect((await api.GET('/api/v1/auth/me', SIGNED_IN)).status).toBe(200);
    const invalid = await api.POST('/api/v1/auth/login', { body: { email: 'not-an-email', password: 'short' } });
    expect(invalid.status).toBe(422);
    expect(invalid.error?.type).toBe('validation_error');
  });

  it('204 answers with no body', async () => {
    await signIn();
    const other = mocks.state().sessions.at(-1)!.id;
    const result = await api.DELETE('/api/v1/auth/sessions/{sessionId}', { params: { path: { sessionId: other } }, ...SIGNED_IN });
    expect(result.status).toBe(204);
    expect(result.data).toBeUndefined();
  });

  it('a team overrides one operation in one test with plain MSW, typed by openapi-msw over `paths`', async () => {
    const http = createOpenApiHttp<paths>({ baseUrl: BASE });
    server.use(
      http.get('/api/v1/auth/me', ({ response }) =>
        response(200).json({ id: '3f6b0c1e-6d1a-4f0e-9b7e-2a4c8d5e9f10', email: 'grace@example.com', displayName: 'Grace Hopper', createdAt: '2026-01-15T09:30:00Z' }),
      ),
    );
    const result = await api.GET('/api/v1/auth/me', SIGNED_IN);
    expect(result.status === 200 && result.data.email).toBe('grace@example.com');
    server.resetHandlers();
    const again = await api.GET('/api/v1/auth/me', SIGNED_IN);
    expect(again.status === 200 && again.data.email).toBe('ada@example.com');
  });
});
