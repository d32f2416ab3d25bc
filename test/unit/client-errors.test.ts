import createClient from 'openapi-fetch';
import { describe, expect, it } from 'vitest';
import { ApiError, createApiClient, unwrap } from '../../src/index.js';
import { envelope, sendJson, startWireServer } from '../helpers/wire-server.js';

const me = '/api/v1/auth/me' as const;
/** A line of a stack trace, as V8 writes it. */
const STACK_FRAME = /\n\s+at /;

// [what the wire carried, status, how the server sends it, expected error fields]
const badBodies = [
  ['the documented envelope', 422, (res: import('node:http').ServerResponse) => sendJson(res, 422, { ...envelope(422, 'validation_error'), errors: [{ loc: ['body', 'email'], msg: 'not an email', type: 'value_error.email' }] }), { type: 'validation_error', code: 422, source: 'envelope' }],
  ['an HTML page from a gateway', 502, (res: import('node:http').ServerResponse) => { res.writeHead(502, { 'content-type': 'text/html' }); res.end('<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>'); }, { type: 'unexpected_html', code: 502, source: 'html' }],
  ['an empty body', 503, (res: import('node:http').ServerResponse) => { res.writeHead(503); res.end(); }, { type: 'empty_body', code: 503, source: 'empty' }],
  ['an empty chunked body', 500, (res: import('node:http').ServerResponse) => { res.writeHead(500, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }); res.end(); }, { type: 'empty_body', code: 500, source: 'empty' }],
  ['truncated JSON', 500, (res: import('node:http').ServerResponse) => { res.writeHead(500, { 'content-type': 'application/json' }); res.end('{"code": 500, "detail": "Something went wr'); }, { type: 'invalid_json', code: 500, source: 'invalid_json' }],
  ['application/problem+json from another layer', 403, (res: import('node:http').ServerResponse) => { res.writeHead(403, { 'content-type': 'application/problem+json' }); res.end(JSON.stringify({ type: 'https://example.com/probs/waf', title: 'Blocked by WAF', status: 403 })); }, { type: 'problem_details', code: 403, source: 'problem_details', detail: 'Blocked by WAF' }],
  ['JSON that is not the envelope', 400, (res: import('node:http').ServerResponse) => sendJson(res, 400, { message: 'nope' }), { type: 'unexpected_body', code: 400, source: 'unexpected_body' }],
] as const;

describe('errors are always an ApiError', () => {
  it.each(badBodies)('%s (%i)', async (_what, status, send, expected) => {
    const server = await startWireServer((_req, res) => send(res));
    const api = createApiClient({ baseUrl: server.url });
    const result = await api.GET(me);
    expect(result.status).toBe(status);
    expect(result.data).toBeUndefined();
    expect(result.error).toBeInstanceOf(ApiError);
    expect(result.error).toMatchObject({ status, ...expected });
    expect(result.error?.detail.length).toBeGreaterThan(0);
    expect(result.response?.status).toBe(status);
    // The server's own answer is an outcome, not a fault: no stack trace is captured for it.
    expect(result.error?.stack).toMatch(/^ApiError: /);
    expect(result.error?.stack).not.toMatch(STACK_FRAME);
  });

  it('keeps the envelope fields and the raw body', async () => {
    const body = { ...envelope(422, 'validation_error', 'Invalid'), errors: [{ loc: ['body', 'email'], msg: 'bad', type: 'value_error.email' }] };
    const server = await startWireServer((_req, res) => sendJson(res, 422, body));
    const { error } = await createApiClient({ baseUrl: server.url }).POST('/api/v1/auth/login', { body: { email: 'x', password: 'y' } });
    expect(error?.errors).toEqual(body.errors);
    expect(error?.body).toEqual(body);
    expect(error?.isEnvelope).toBe(true);
  });

  it('a 2xx whose body is an HTML page is not a success: status 0, the real status in error.code', async () => {
    const server = await startWireServer((_req, res) => { res.writeHead(200, { 'content-type': 'text/html' }); res.end('<html><body>app shell</body></html>'); });
    const result = await createApiClient({ baseUrl: server.url }).GET(me);
    expect(result.status).toBe(0);
    expect(result.error).toMatchObject({ status: 0, code: 200, type: 'unexpected_html' });
    expect(result.response?.status).toBe(200);
    expect(result.error?.stack).toMatch(STACK_FRAME); // an unusable 2xx is a failure: it keeps its stack
  });

  it('a 2xx with truncated JSON is not a success either', async () => {
    const server = await startWireServer((_req, res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"id": "3f6b'); });
    const result = await createApiClient({ baseUrl: server.url }).GET(me);
    expect(result.error).toMatchObject({ status: 0, code: 200, type: 'invalid_json' });
  });

  it('a refused connection is a network_error with status 0, not a throw', async () => {
    const server = await startWireServer(() => {});
    await server.close();
    const result = await createApiClient({ baseUrl: server.url }).GET(me);
    expect(result).toMatchObject({ status: 0, data: undefined, response: undefined });
    expect(result.error).toMatchObject({ status: 0, code: 0, type: 'network_error', source: 'network' });
    expect(result.error?.detail).toMatch(/ECONNREFUSED/);
    expect(result.error?.stack).toMatch(STACK_FRAME); // a failure keeps its stack
  });

  it('a connection dropped mid-response is a network_error', async () => {
    const server = await startWireServer((_req, res) => res.socket?.destroy());
    const result = await createApiClient({ baseUrl: server.url }).GET(me);
    expect(result.error).toMatchObject({ status: 0, type: 'network_error' });
  });
});

describe('success', () => {
  it('gives data and status, and sends cookies, JSON and the client headers', async () => {
    const user = { id: '3f6b0c1e-6d1a-4f0e-9b7e-2a4c8d5e9f10', email: 'ada@example.com', displayName: 'Ada', createdAt: '2026-01-15T09:30:00Z' };
    const server = await startWireServer((_req, res) => sendJson(res, 201, user));
    const seenRequests: Request[] = [];
    const api = createApiClient({
      baseUrl: server.url,
      headers: { 'x-client-version': '1.4.0' },
      fetch: (request) => {
        seenRequests.push(request.clone());
        return fetch(request);
      },
    });
    const result = await api.POST('/api/v1/auth/register', { body: { email: user.email, password: 'correct-horse-battery', displayName: 'Ada' } });
    expect(result).toMatchObject({ status: 201, data: user, error: undefined });
    expect(seenRequests[0]?.credentials).toBe('include');
    expect(server.seen[0]).toMatchObject({ method: 'POST', path: '/api/v1/auth/register' });
    expect(server.seen[0]?.headers['x-client-version']).toBe('1.4.0');
    expect(server.seen[0]?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(server.seen[0]?.body ?? '')).toMatchObject({ email: user.email });
  });

  it('204 gives undefined data', async () => {
    const server = await startWireServer((_req, res) => { res.writeHead(204); res.end(); });
    const result = await createApiClient({ baseUrl: server.url }).DELETE('/api/v1/auth/sessions/{sessionId}', { params: { path: { sessionId: 'abc' } } });
    expect(result).toMatchObject({ status: 204, data: undefined, error: undefined });
    expect(server.seen[0]?.path).toBe('/api/v1/auth/sessions/abc');
  });
});

describe('request building', () => {
  // What each call sends, next to what openapi-fetch's own client sends for the same call:
  // the client builds requests with openapi-fetch's pieces, and must build the same ones.
  const form = { a: '1', b: 'two words' };
  const calls: [method: string, path: string, init: Record<string, unknown>][] = [
    ['GET', '/api/v1/auth/me', {}],
    ['GET', '/items/{id}/{kind}', { params: { path: { id: 'a b/c', kind: 'x' }, query: { tags: ['x', 'y'], filter: { a: '1' }, skipped: undefined, q: 'ä&=' }, header: { 'x-trace': 't1' } }, headers: { 'x-call': '1', 'x-client-version': null } }],
    ['POST', '/api/v1/auth/login', { body: { email: 'ada@example.com', password: 'pw' }, headers: { 'x-call': ['2', '3'] } }],
    ['POST', '/form', { body: form, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }],
    ['PUT', '/raw', { body: '<a/>', bodySerializer: (body: unknown) => body, headers: { 'content-type': 'application/xml' } }],
    ['GET', '/pipes', { params: { query: { ids: [1, 2] } }, querySerializer: { array: { style: 'pipeDelimited', explode: false } } }],
    ['GET', '/own', { params: { query: { n: 1 } }, querySerializer: () => 'custom=yes' }],
    ['GET', '/elsewhere', { baseUrl: 'http://127.0.0.1:1/prefix/' }],
    ['DELETE', '/no-store', { cache: 'no-store', credentials: 'same-origin' }],
  ];

  it.each(calls)('%s %s', async (method, path, init) => {
    const sent = async (send: (fetch: (request: Request) => Promise<Response>) => Promise<unknown>) => {
      let seen: Request | undefined;
      await send(async (request) => {
        seen = request;
        return new Response('{}', { headers: { 'content-type': 'application/json' } });
      });
      return { url: seen!.url, method: seen!.method, credentials: seen!.credentials, cache: seen!.cache, headers: [...seen!.headers], body: await seen!.text() };
    };
    const options = { baseUrl: 'http://127.0.0.1:9/', headers: { 'x-client-version': '1.4.0' } };
    const ours = await sent((fetch) => {
      const api = createApiClient({ ...options, fetch }) as unknown as Record<string, (path: string, init: object) => Promise<unknown>>;
      return api[method]!(path, init);
    });
    const theirs = await sent((fetch) => createClient<never>({ ...options, credentials: 'include', fetch }).request(method.toLowerCase() as never, path as never, init as never));
    expect(ours).toEqual(theirs);
  });
});

describe('unwrap', () => {
  it('returns data on success and throws the ApiError otherwise', async () => {
    const server = await startWireServer((req, res) => (req.path.endsWith('/me') ? sendJson(res, 200, { id: '1' }) : sendJson(res, 404, envelope(404, 'not_found'))));
    const api = createApiClient({ baseUrl: server.url });
    expect(unwrap(await api.GET(me))).toEqual({ id: '1' });
    await expect(api.GET('/api/v1/auth/sessions').then(unwrap)).rejects.toMatchObject({ name: 'ApiError', status: 404, type: 'not_found' });
  });
});
