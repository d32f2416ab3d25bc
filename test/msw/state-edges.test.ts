import { readFile } from 'node:fs/promises';
import { setupServer } from 'msw/node';
import { afterEach, describe, expect, it } from 'vitest';
import { readStatePlan } from '../../src/mock-state/read-plan.js';
import { createMockHandlers } from '../../src/msw/index.js';
import type { OpenApiDocument } from '../../src/openapi/document.js';
import { AUTH_BUNDLE } from '../helpers/paths.js';

// Where a careless reading of a spec goes wrong: each row is a shape real APIs have
// (Supabase's project key beside the session's bearer, RFC 7009's revoke, a post's
// author, Stripe's checkout sessions, actions under a resource, nested collections), run
// through the MSW handlers in this process. The engine runs the same rules.
const BASE = 'http://localhost:4010';
const servers: Array<{ close(): void }> = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

function serve(document: OpenApiDocument, options: Parameters<typeof createMockHandlers>[1] = {}) {
  const mocks = createMockHandlers(document, { baseUrl: BASE, ...options });
  const server = setupServer(...mocks.handlers);
  server.listen({ onUnhandledRequest: 'error' });
  servers.push(server);
  return mocks;
}

const call = async (method: string, path: string, options: { body?: unknown; headers?: Record<string, string>; form?: Record<string, string> } = {}) => {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined;
  if (options.body !== undefined) [headers['content-type'], body] = ['application/json', JSON.stringify(options.body)];
  if (options.form !== undefined) [headers['content-type'], body] = ['application/x-www-form-urlencoded', new URLSearchParams(options.form).toString()];
  const response = await fetch(`${BASE}${path}`, { method, headers, body });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, cookies: response.headers.getSetCookie() };
};

const ok = (schema: unknown, status = '200') => ({ [status]: { description: 'ok', content: { 'application/json': { schema } } } });
const unauthorized = { '401': { description: 'no', content: { 'application/json': { schema: { type: 'object', properties: { message: { type: 'string' } } }, example: { message: 'no' } } } } };
const credentials = { type: 'object', required: ['email', 'password'], properties: { email: { type: 'string', format: 'email', examples: ['ada@example.com'] }, password: { type: 'string', format: 'password', examples: ['correct-horse-battery'] } } };
const tokens = { type: 'object', required: ['access_token', 'refresh_token'], properties: { access_token: { type: 'string' }, refresh_token: { type: 'string' } } };
const user = { type: 'object', required: ['id', 'email'], properties: { id: { type: 'string', format: 'uuid' }, email: { type: 'string', format: 'email', examples: ['ada@example.com'] } } };

/** A bearer-session spec with the given schemes, global security, and extra paths. */
function bearerSpec(extra: { schemes?: Record<string, unknown>; security?: unknown[]; signInSecurity?: unknown[]; paths?: Record<string, unknown> } = {}): OpenApiDocument {
  return {
    openapi: '3.1.0',
    info: { title: 'edges', version: '1' },
    security: extra.security ?? [{ bearer: [] }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, ...extra.schemes }, schemas: { User: user } },
    paths: {
      '/token': { post: { operationId: 'signIn', 'x-authkit-session': 'create', security: extra.signInSecurity ?? [], requestBody: { required: true, content: { 'application/json': { schema: credentials } } }, responses: { ...ok(tokens), ...unauthorized } } },
      '/me': { get: { operationId: 'me', 'x-authkit-session': 'current-user', responses: { ...ok({ $ref: '#/components/schemas/User' }), ...unauthorized } } },
      ...extra.paths,
    },
  };
}
const signIn = async () => (await call('POST', '/token', { body: { email: 'ada@example.com', password: 'correct-horse-battery' } })).body as { access_token: string; refresh_token: string };
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('security requirements, scheme by scheme', () => {
  it('a project key the sign-in itself asks for is the client\'s, not the session\'s: only the bearer must be live (Supabase)', async () => {
    serve(bearerSpec({ schemes: { apikey: { type: 'apiKey', in: 'header', name: 'apikey' } }, security: [{ apikey: [], bearer: [] }], signInSecurity: [{ apikey: [] }] }));
    const { access_token: access } = await call('POST', '/token', { body: { email: 'ada@example.com', password: 'correct-horse-battery' }, headers: { apikey: 'project-key' } }).then((answer) => answer.body as { access_token: string });
    expect([
      (await call('GET', '/me', { headers: { apikey: 'project-key', ...bearer(access) } })).status,
      (await call('GET', '/me', { headers: { apikey: access, ...bearer('garbage') } })).status,
    ]).toEqual([200, 401]);
  });

  it('a stale cookie does not hide a live bearer when either will do', async () => {
    serve(bearerSpec({ schemes: { cookie: { type: 'apiKey', in: 'cookie', name: 'sid' } }, security: [{ cookie: [] }, { bearer: [] }] }));
    const { access_token: access } = await signIn();
    expect((await call('GET', '/me', { headers: { cookie: 'sid=stale', ...bearer(access) } })).status).toBe(200);
  });
});

describe('tokens in bodies', () => {
  const refresh = { post: { operationId: 'refresh', 'x-authkit-session': 'rotate', requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['refresh_token'], properties: { refresh_token: { type: 'string' } } } } } }, responses: { ...ok(tokens), ...unauthorized } } };
  const revoke = { post: { operationId: 'revoke', 'x-authkit-session': 'destroy', security: [], requestBody: { required: true, content: { 'application/x-www-form-urlencoded': { schema: { type: 'object', required: ['token'], properties: { token: { type: 'string' } } } } } }, responses: { '200': { description: 'revoked' } } } };

  it('a rotation with a refresh_token field needs that token, whatever bearer the request also sends', async () => {
    const mocks = serve(bearerSpec({ paths: { '/token/refresh': refresh } }));
    const { access_token: access, refresh_token: refreshToken } = await signIn();
    const garbage = await call('POST', '/token/refresh', { body: { refresh_token: 'garbage' }, headers: bearer(access) });
    mocks.advanceTime(3601);
    // The client still sends its expired bearer (the operation asks for one): the refresh token decides.
    const afterExpiry = await call('POST', '/token/refresh', { body: { refresh_token: refreshToken }, headers: bearer(access) });
    expect([garbage.status, afterExpiry.status]).toEqual([401, 200]);
  });

  it('RFC 7009: a revoke naming the token in a form body ends that session', async () => {
    serve(bearerSpec({ paths: { '/token/refresh': refresh, '/token/revoke': revoke } }));
    const { access_token: access, refresh_token: refreshToken } = await signIn();
    const revoked = await call('POST', '/token/revoke', { form: { token: refreshToken } });
    expect([revoked.status, (await call('POST', '/token/refresh', { body: { refresh_token: refreshToken }, headers: bearer(access) })).status, (await call('GET', '/me', { headers: bearer(access) })).status]).toEqual([200, 401, 401]);
  });
});

describe('whose user an answer shows', () => {
  it('the signed-in user fills `me`, not `GET /users/{id}` and not a post\'s author', async () => {
    const post = { type: 'object', required: ['title', 'author'], properties: { title: { type: 'string', examples: ['Hello'] }, author: { $ref: '#/components/schemas/User' } } };
    const document = structuredClone(bearerSpec({
      paths: {
        '/users/{id}': { get: { operationId: 'getUser', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { ...ok({ $ref: '#/components/schemas/User' }), ...unauthorized } } },
        '/posts/latest': { get: { operationId: 'latestPost', responses: { ...ok(post), ...unauthorized } } },
      },
    }));
    document.components.schemas.User.properties.email.examples = ['documented@example.com'];
    const signInExamples = (document.paths['/token'] as { post: { requestBody: { content: Record<string, { example?: unknown }> } } }).post.requestBody.content['application/json']!;
    signInExamples.example = { email: 'grace@example.com', password: 'correct-horse-battery' };
    serve(document);
    const { access_token: access } = (await call('POST', '/token', { body: { email: 'grace@example.com', password: 'correct-horse-battery' } })).body as { access_token: string };
    expect([(await call('GET', '/me', { headers: bearer(access) })).body.email, (await call('GET', '/users/x', { headers: bearer(access) })).body.email, (await call('GET', '/posts/latest', { headers: bearer(access) })).body.author.email]).toEqual(['grace@example.com', 'documented@example.com', 'documented@example.com']);
  });

  it('two accounts in the spec\'s examples are two users, each with an id of its own', async () => {
    const document = JSON.parse(await readFile(AUTH_BUNDLE, 'utf8')) as OpenApiDocument;
    const media = document.paths['/api/v1/auth/login'].post.requestBody.content['application/json'];
    media.examples = { ada: { value: { email: 'ada@example.com', password: 'correct-horse-battery' } }, grace: { value: { email: 'grace@example.com', password: 'another-horse-battery' } } };
    const mocks = serve(document);
    const me = async (email: string, password: string) => {
      const signedIn = await call('POST', '/api/v1/auth/login', { body: { email, password } });
      return (await call('GET', '/api/v1/auth/me', { headers: { cookie: signedIn.cookies[0]!.split(';')[0]! } })).body.email;
    };
    expect([await me('ada@example.com', 'correct-horse-battery'), await me('grace@example.com', 'another-horse-battery')]).toEqual(['ada@example.com', 'grace@example.com']);
    const ids = mocks.state().users.map((account) => account.id);
    expect([ids.length, new Set(ids).size, ids[0]]).toEqual([2, 2, '3f6b0c1e-6d1a-4f0e-9b7e-2a4c8d5e9f10']);
  });
});

describe('what is inferred, and what is not', () => {
  it('a GET …/sessions whose items are not the caller\'s sessions (Stripe\'s checkout sessions) is no sessions list', async () => {
    const checkout = { type: 'object', properties: { data: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, expires_at: { type: 'integer' }, url: { type: 'string' } } } } } };
    const reading = readStatePlan(bearerSpec({ paths: { '/v1/checkout/sessions': { get: { operationId: 'listCheckoutSessions', responses: ok(checkout) } } } }));
    expect(reading.ok && reading.plan.operations['GET /v1/checkout/sessions']!.role).toBe(undefined);
  });

  it('collections by config: actions under a resource are not collections, and nested collections are kept per parent', async () => {
    const item = { type: 'object', required: ['id', 'name'], properties: { id: { type: 'string', format: 'uuid', readOnly: true }, name: { type: 'string', examples: ['x'] } } };
    const document: OpenApiDocument = {
      openapi: '3.1.0',
      info: { title: 'nested', version: '1' },
      paths: {
        '/users/{userId}/repos': { parameters: [{ name: 'userId', in: 'path', required: true, schema: { type: 'string' } }], get: { operationId: 'listRepos', responses: ok({ type: 'array', items: item }) }, post: { operationId: 'createRepo', requestBody: { required: true, content: { 'application/json': { schema: item } } }, responses: ok(item, '201') } },
        '/users/{userId}/repos/{id}': { parameters: [{ name: 'userId', in: 'path', required: true, schema: { type: 'string' } }, { name: 'id', in: 'path', required: true, schema: { type: 'string' } }], get: { operationId: 'getRepo', responses: ok(item) } },
        '/coupons/validate': { post: { operationId: 'validateCoupon', requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', properties: { code: { type: 'string' } } } } } }, responses: ok({ type: 'object', properties: { valid: { type: 'boolean', examples: [true] } } }) } },
      },
    };
    serve(document, { collections: true });
    await call('POST', '/users/alice/repos', { body: { name: 'alice-repo' } });
    const coupon = await call('POST', '/coupons/validate', { body: { code: 'X' } });
    expect([(await call('GET', '/users/alice/repos')).body.map((repo: { name: string }) => repo.name), (await call('GET', '/users/bob/repos')).body, coupon.status, coupon.body]).toEqual([['alice-repo'], [], 200, { valid: true }]);
  });

  it('a collection keeps only the entity\'s own, readable fields of a body: no writeOnly password in answers or state', async () => {
    const member = { type: 'object', required: ['id', 'email'], properties: { id: { type: 'string', format: 'uuid', readOnly: true }, email: { type: 'string', format: 'email', examples: ['a@example.com'] }, password: { type: 'string', writeOnly: true } } };
    const mocks = serve({ openapi: '3.1.0', info: { title: 'members', version: '1' }, paths: { '/members': { 'x-authkit-collection': true, post: { operationId: 'addMember', requestBody: { required: true, content: { 'application/json': { schema: member } } }, responses: ok(member, '201') } } } });
    const added = await call('POST', '/members', { body: { email: 'new@example.com', password: 'never-shown-anywhere', role: 'admin' } });
    expect([added.status, added.body.email, 'password' in added.body, 'role' in added.body, JSON.stringify(mocks.state()).includes('never-shown-anywhere')]).toEqual([201, 'new@example.com', false, false, false]);
  });
});

describe('the handlers\' own control', () => {
  it('stateless handlers serve a spec whatever it marks, under /__authkit/ included', async () => {
    const document = bearerSpec({ paths: { '/__authkit/state': { get: { operationId: 'own', responses: ok({ type: 'string', examples: ['mine'] }) } } } });
    (document.paths['/me'] as { get: Record<string, unknown> }).get['x-authkit-session'] = 'craete';
    expect(() => createMockHandlers(document, { stateless: true })).not.toThrow();
    expect(() => createMockHandlers(document)).toThrow(/#\/paths\/~1me\/get\/x-authkit-session: "craete" is not a session role/);
  });

  it('advanceTime refuses what is not a time; state() is a copy', async () => {
    const mocks = serve(bearerSpec());
    expect(() => mocks.advanceTime(Number.NaN)).toThrow(RangeError);
    expect(() => mocks.advanceTime(-5)).toThrow(RangeError);
    expect(() => mocks.advanceTime(1e13)).toThrow('seconds must be a number above 0 and at most 3155760000 (100 years), not 10000000000000');
    const snapshot = mocks.state();
    snapshot.users[0]!.user.email = 'changed@example.com';
    expect(mocks.state().users[0]!.user.email).toBe('ada@example.com');
  });
});
