import type { ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { createApiClient } from '../../src/index.js';
import { parseRetryAfter, retryDelay, retryPolicyFor, type RetryPolicy } from '../../src/client/retry.js';
import { envelope, sendJson, startWireServer } from '../helpers/wire-server.js';

const me = '/api/v1/auth/me' as const;
const login = '/api/v1/auth/login' as const;
const credentials = { email: 'ada@example.com', password: 'correct-horse-battery' };
const KiB = 1024;
const MiB = 1024 * KiB;

/** Resolves when the client's side of the connection is gone. */
function closed(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => res.on('close', () => resolve()));
}

/** Writes `bytes` of a JSON string body in 16 KiB chunks, chunked (no Content-Length). */
async function sendChunkedJsonString(res: ServerResponse, status: number, bytes: number): Promise<void> {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.write('"');
  let left = bytes - 2;
  while (left > 0) {
    const size = Math.min(16 * KiB, left);
    if (!res.write('a'.repeat(size))) await new Promise((resolve) => res.once('drain', resolve));
    left -= size;
  }
  res.end('"');
}

describe('bounded body (maxBodyBytes)', () => {
  it('a success body over the limit is body_too_large: status 0, the HTTP status in code', async () => {
    const server = await startWireServer((_req, res) => sendChunkedJsonString(res, 200, 100 * KiB));
    const result = await createApiClient({ baseUrl: server.url, maxBodyBytes: 64 * KiB }).GET(me);
    expect(result).toMatchObject({ status: 0, data: undefined });
    expect(result.error).toMatchObject({ status: 0, code: 200, type: 'body_too_large' });
    expect(result.error?.detail).toContain(String(64 * KiB));
    expect(result.response?.status).toBe(200);
  });

  it('an error body over the limit is body_too_large with the HTTP status', async () => {
    const server = await startWireServer((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end(`<html><body>${'x'.repeat(100 * KiB)}</body></html>`);
    });
    const result = await createApiClient({ baseUrl: server.url }).GET(me, { maxBodyBytes: 64 * KiB });
    expect(result.status).toBe(502);
    expect(result.error).toMatchObject({ status: 502, code: 502, type: 'body_too_large' });
  });

  it('a Content-Length above the limit fails fast, without waiting for the body', { timeout: 5_000 }, async () => {
    let connectionClosed: Promise<void> | undefined;
    const server = await startWireServer((_req, res) => {
      connectionClosed = closed(res);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(1 * MiB) });
      res.write('"' + 'a'.repeat(KiB)); // and then nothing: the rest never comes
    });
    const started = performance.now();
    const result = await createApiClient({ baseUrl: server.url, maxBodyBytes: 64 * KiB }).GET(me);
    expect(result.error).toMatchObject({ code: 200, type: 'body_too_large' });
    expect(result.error?.detail).toContain(String(1 * MiB));
    expect(performance.now() - started).toBeLessThan(1_000);
    await connectionClosed;
  });

  it('an endless chunked body ends as body_too_large quickly, with no timeout, and the connection is closed', { timeout: 5_000 }, async () => {
    let connectionClosed: Promise<void> | undefined;
    const server = await startWireServer((_req, res) => {
      connectionClosed = closed(res);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('"');
      // ~13 MB/s, forever: slow enough that the old client, which never stops, stays small until the test times out.
      const timer = setInterval(() => res.write('a'.repeat(64 * KiB)), 5);
      res.on('close', () => clearInterval(timer));
    });
    const started = performance.now();
    const result = await createApiClient({ baseUrl: server.url }).GET(me, { maxBodyBytes: 64 * KiB });
    expect(result.error).toMatchObject({ status: 0, code: 200, type: 'body_too_large' });
    expect(performance.now() - started).toBeLessThan(1_000);
    await connectionClosed;
  });

  it('a HEAD announcing a large Content-Length is not too large: it has no body', async () => {
    const server = await startWireServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(1 * MiB) });
      res.end();
    });
    const api = createApiClient({ baseUrl: server.url, maxBodyBytes: 64 * KiB });
    const head = api.HEAD as unknown as (path: string) => ReturnType<typeof api.GET<typeof me, {}>>; // the Auth API documents no HEAD
    const result = await head(me);
    expect(result).toMatchObject({ status: 200, error: undefined });
  });

  it('a body of exactly maxBodyBytes passes', async () => {
    const server = await startWireServer((_req, res) => sendChunkedJsonString(res, 200, 64 * KiB));
    const result = await createApiClient({ baseUrl: server.url, maxBodyBytes: 64 * KiB }).GET(me);
    expect(result.status).toBe(200);
    expect(result.error).toBeUndefined();
    expect((result.data as unknown as string).length).toBe(64 * KiB - 2);
  });

  it('a call can raise the client limit', async () => {
    const server = await startWireServer((_req, res) => sendChunkedJsonString(res, 200, 100 * KiB));
    const api = createApiClient({ baseUrl: server.url, maxBodyBytes: 64 * KiB });
    expect((await api.GET(me)).error?.type).toBe('body_too_large');
    expect((await api.GET(me, { maxBodyBytes: 128 * KiB })).status).toBe(200);
  });

  it('the default limit is 10 MiB: exactly 10 MiB passes, one byte more does not', { timeout: 15_000 }, async () => {
    const server = await startWireServer((_req, res, index) => sendChunkedJsonString(res, 200, 10 * MiB + index));
    const api = createApiClient({ baseUrl: server.url });
    expect((await api.GET(me)).status).toBe(200);
    const tooLarge = await api.GET(me);
    expect(tooLarge.error).toMatchObject({ code: 200, type: 'body_too_large' });
    expect(tooLarge.error?.detail).toContain(String(10 * MiB));
  });
});

describe('redirects', () => {
  const secretHeaders = { 'x-api-key': 'key-123', authorization: 'Bearer token-123', cookie: 'sid=abc' };
  const redirect = (res: ServerResponse, status: number, location: string) => {
    res.writeHead(status, { location });
    res.end();
  };
  /** A server answering every request with the same redirect. */
  const moved = (status: number, location: string) => (_req: unknown, res: ServerResponse) => redirect(res, status, location);
  /** The other origin: same host, another port. */
  const otherOrigin = () => startWireServer((req, res) => sendJson(res, 200, { landedOn: req.path }));

  it('follows a same-origin 307 with the method, body and headers', async () => {
    const server = await startWireServer((req, res) => (req.path === login ? redirect(res, 307, '/api/v1/auth/login-here') : sendJson(res, 200, { ok: true })));
    const api = createApiClient({ baseUrl: server.url, headers: { 'x-api-key': 'key-123' } });
    const result = await api.POST(login, { body: credentials });
    expect(result.status).toBe(200);
    expect(server.seen.map((request) => [request.method, request.path])).toEqual([['POST', login], ['POST', '/api/v1/auth/login-here']]);
    expect(JSON.parse(server.seen[1]?.body ?? '')).toEqual(credentials);
    expect(server.seen[1]?.headers['x-api-key']).toBe('key-123');
  });

  it('a cross-origin 307 carrying a password is not followed: redirect_blocked, the other origin sees nothing', async () => {
    const other = await otherOrigin();
    const server = await startWireServer(moved(307, `${other.url}/steal`));
    const result = await createApiClient({ baseUrl: server.url, headers: { 'x-api-key': 'key-123' } }).POST(login, { body: credentials });
    expect(result.status).toBe(307);
    expect(result.error).toMatchObject({ status: 307, type: 'redirect_blocked' });
    expect(result.error?.detail).toContain(other.url);
    expect(other.seen).toEqual([]);
  });

  it('a cross-origin redirect of a GET is not followed by default either', async () => {
    const other = await otherOrigin();
    const server = await startWireServer(moved(302, `${other.url}/elsewhere`));
    const result = await createApiClient({ baseUrl: server.url }).GET(me);
    expect(result.error).toMatchObject({ status: 302, type: 'redirect_blocked' });
    expect(other.seen).toEqual([]);
  });

  it("crossOriginRedirects: 'follow' follows a 303 as a GET with no body and none of the client's headers", async () => {
    const other = await otherOrigin();
    const server = await startWireServer(moved(303, `${other.url}/welcome`));
    const api = createApiClient({ baseUrl: server.url, headers: { 'x-client-version': '1.4.0' }, crossOriginRedirects: 'follow' });
    const result = await api.POST(login, { body: credentials, headers: secretHeaders });
    expect(result).toMatchObject({ status: 200, data: { landedOn: '/welcome' } });
    expect(server.seen[0]?.headers['x-api-key']).toBe('key-123');
    expect(other.seen).toHaveLength(1);
    expect(other.seen[0]).toMatchObject({ method: 'GET', path: '/welcome', body: '' });
    for (const name of ['x-api-key', 'authorization', 'cookie', 'x-client-version', 'content-type']) expect(other.seen[0]?.headers[name], name).toBeUndefined();
  });

  it("crossOriginRedirects: 'follow' still blocks a cross-origin 307 that would resend the body", async () => {
    const other = await otherOrigin();
    const server = await startWireServer(moved(307, `${other.url}/steal`));
    const result = await createApiClient({ baseUrl: server.url, crossOriginRedirects: 'follow' }).POST(login, { body: credentials });
    expect(result.error).toMatchObject({ status: 307, type: 'redirect_blocked' });
    expect(other.seen).toEqual([]);
  });

  it("crossOriginRedirects: 'follow' follows a bodiless cross-origin 307 without the credentials", async () => {
    const other = await otherOrigin();
    const server = await startWireServer(moved(307, `${other.url}/me-there`));
    const result = await createApiClient({ baseUrl: server.url, crossOriginRedirects: 'follow' }).GET(me, { headers: secretHeaders });
    expect(result.status).toBe(200);
    expect(other.seen[0]).toMatchObject({ method: 'GET', path: '/me-there' });
    for (const name of Object.keys(secretHeaders)) expect(other.seen[0]?.headers[name], name).toBeUndefined();
  });

  it("crossOriginRedirects: 'follow-with-credentials' resends the body and headers to the other origin", async () => {
    const other = await otherOrigin();
    const server = await startWireServer(moved(307, `${other.url}/login-there`));
    const api = createApiClient({ baseUrl: server.url, headers: { 'x-api-key': 'key-123' } });
    const result = await api.POST(login, { body: credentials, crossOriginRedirects: 'follow-with-credentials' });
    expect(result.status).toBe(200);
    expect(other.seen[0]).toMatchObject({ method: 'POST', path: '/login-there' });
    expect(JSON.parse(other.seen[0]?.body ?? '')).toEqual(credentials);
    expect(other.seen[0]?.headers['x-api-key']).toBe('key-123');
  });

  it("redirect: 'error' makes even a same-origin redirect a redirect_blocked", async () => {
    const server = await startWireServer((req, res) => (req.path === me ? redirect(res, 302, '/api/v1/auth/me-here') : sendJson(res, 200, {})));
    const result = await createApiClient({ baseUrl: server.url, redirect: 'error' }).GET(me);
    expect(result.error).toMatchObject({ status: 302, type: 'redirect_blocked' });
    expect(result.error?.detail).toContain(server.url);
    expect(server.seen).toHaveLength(1);
  });

  it("redirect: 'manual' returns the 3xx as it came: an ApiError of type redirect", async () => {
    const server = await startWireServer((req, res) => (req.path === me ? redirect(res, 301, '/api/v1/auth/me-here') : sendJson(res, 200, {})));
    const result = await createApiClient({ baseUrl: server.url }).GET(me, { redirect: 'manual' });
    expect(result.status).toBe(301);
    expect(result.error).toMatchObject({ status: 301, code: 301, type: 'redirect' });
    expect(result.response?.headers.get('location')).toBe('/api/v1/auth/me-here');
    expect(server.seen).toHaveLength(1);
  });

  it('stops after 20 redirects', async () => {
    const server = await startWireServer((_req, res, index) => redirect(res, 302, `/api/v1/auth/hop-${index + 1}`));
    const result = await createApiClient({ baseUrl: server.url }).GET(me);
    expect(result.error).toMatchObject({ status: 302, type: 'redirect_blocked' });
    expect(server.seen).toHaveLength(21);
  });

  /**
   * A fetch that answers `redirect: 'manual'` as a browser does: the request reaches the
   * server, but the page gets an opaque redirect (type opaqueredirect, status 0, no Location).
   */
  const browserLikeFetch = (modes: RequestRedirect[]) => async (request: Request) => {
    modes.push(request.redirect);
    const response = await fetch(request);
    if (request.redirect !== 'manual' || ![301, 302, 303, 307, 308].includes(response.status)) return response;
    const opaque = new Response(null);
    Object.defineProperties(opaque, { type: { value: 'opaqueredirect' }, status: { value: 0 }, ok: { value: false } });
    return opaque;
  };
  const redirectingServer = () => startWireServer((req, res) => (req.path === me ? redirect(res, 302, '/api/v1/auth/me-here') : sendJson(res, 200, { landedOn: req.path })));

  it('in a browser (an opaque redirect) the browser follows; the client learns it once', async () => {
    const server = await redirectingServer();
    const modes: RequestRedirect[] = [];
    const api = createApiClient({ baseUrl: server.url, fetch: browserLikeFetch(modes) });
    expect(await api.GET(me)).toMatchObject({ status: 200, data: { landedOn: '/api/v1/auth/me-here' } });
    expect(await api.GET(me)).toMatchObject({ status: 200, data: { landedOn: '/api/v1/auth/me-here' } });
    expect(modes).toEqual(['manual', 'follow', 'follow']);
    expect(server.seen.map((request) => request.path)).toEqual([me, me, '/api/v1/auth/me-here', me, '/api/v1/auth/me-here']);
  });

  it('in a page (a DOM is there) the browser is told to follow from the first call: a POST answered by a 303 reaches the server once', async () => {
    vi.stubGlobal('window', {});
    vi.stubGlobal('document', {});
    onTestFinished(() => void vi.unstubAllGlobals());
    const server = await startWireServer((req, res) => (req.path === '/api/v1/auth/login' ? redirect(res, 303, '/api/v1/auth/me-here') : sendJson(res, 200, { landedOn: req.path })));
    const modes: RequestRedirect[] = [];
    const api = createApiClient({ baseUrl: server.url, fetch: browserLikeFetch(modes) });
    await api.POST('/api/v1/auth/login', { body: { email: 'ada@example.com', password: 'correct horse battery' } });
    expect(modes).toEqual(['follow']);
    expect(server.seen.map((request) => `${request.method} ${request.path}`)).toEqual(['POST /api/v1/auth/login', 'GET /api/v1/auth/me-here']);
  });

  it("in a browser, redirect: 'error' is a redirect_blocked with status 0, without a second request", async () => {
    const server = await redirectingServer();
    const result = await createApiClient({ baseUrl: server.url, fetch: browserLikeFetch([]), redirect: 'error' }).GET(me);
    expect(result.status).toBe(0);
    expect(result.error).toMatchObject({ status: 0, type: 'redirect_blocked' });
    expect(server.seen).toHaveLength(1);
  });

  it('one timeout covers every hop', async () => {
    const server = await startWireServer(async (req, res) => {
      await delay(200);
      return req.path === me ? redirect(res, 307, '/api/v1/auth/me-here') : sendJson(res, 200, {});
    });
    const result = await createApiClient({ baseUrl: server.url, timeoutMs: 300 }).GET(me);
    expect(result.error?.type).toBe('timeout');
  });
});

describe('Retry-After edge cases', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const now = Date.parse('2026-11-24T12:00:00Z');
  const policy = (options: Partial<RetryPolicy> = {}): RetryPolicy => ({ ...retryPolicyFor('GET', { baseDelayMs: 100, maxDelayMs: 1_000 }, undefined)!, ...options });
  const TIMER_MAX = 2 ** 31 - 1;
  const BACKOFF = 50; // attempt 1, baseDelayMs 100, Math.random() = 0.5

  // [Retry-After, policy overrides, the delay chosen (undefined: not retried, the response is returned)]
  const cases: [string, Partial<RetryPolicy>, number | undefined][] = [
    ['-1', {}, BACKOFF],
    ['1.5', {}, BACKOFF],
    ['abc', {}, BACKOFF],
    ['', {}, BACKOFF],
    ['1e3', {}, BACKOFF],
    ['+5', {}, BACKOFF],
    ['2026-11-24T12:00:10Z', {}, BACKOFF], // a date, but not an HTTP-date
    ['Mon, 24 Nov 2026 12:00:10 GMT', {}, BACKOFF], // the 24th is a Tuesday
    ['99999999999999999999', {}, BACKOFF], // more seconds than a double holds exactly: absurd
    ['Tue, 24 Nov 2026 11:00:00 GMT', {}, 0], // in the past: retry now
    ['Tue, 24 Nov 2026 12:00:10 GMT', {}, 10_000],
    ['20', {}, 20_000],
    ['0', {}, 0],
    ['99999999', {}, undefined], // three years: beyond maxRetryAfterMs, so the response is returned
    ['3000000', { maxRetryAfterMs: 2 ** 40 }, TIMER_MAX], // 34 days fits the cap but not a timer
  ];

  it.each(cases)('Retry-After %j with %j waits %s ms', (retryAfter, overrides, expected) => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    vi.spyOn(Date, 'now').mockReturnValue(now);
    expect(retryDelay(policy(overrides), 1, { status: 503, retryAfter })).toBe(expected);
  });

  it('a backoff above the timer range is clamped too', () => {
    vi.spyOn(Math, 'random').mockReturnValue(1);
    expect(retryDelay(policy({ baseDelayMs: 2 ** 35, maxDelayMs: 2 ** 40 }), 1, { status: 503, retryAfter: null })).toBe(TIMER_MAX);
    expect(retryDelay(policy({ baseDelayMs: 2 ** 35, maxDelayMs: 2 ** 40 }), 1, 'network_error')).toBe(TIMER_MAX);
  });

  it('parseRetryAfter honours only whole seconds and IMF-fixdate', () => {
    expect(parseRetryAfter('-1', now)).toBeUndefined();
    expect(parseRetryAfter('1.5', now)).toBeUndefined();
    expect(parseRetryAfter(' 7 ', now)).toBe(7_000);
    expect(parseRetryAfter('Tue, 24 Nov 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Tue, 31 Nov 2026 12:00:30 GMT', now)).toBeUndefined();
  });

  it('on the wire: three 503s with Retry-After: -1 are spaced by the backoff, not 0 ms', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(1); // the full backoff step: 100 ms, then 200 ms
    const arrivals: number[] = [];
    const server = await startWireServer((_req, res) => {
      arrivals.push(performance.now());
      sendJson(res, 503, envelope(503, 'unavailable'), { 'retry-after': '-1' });
    });
    const result = await createApiClient({ baseUrl: server.url, retry: { attempts: 3, baseDelayMs: 100 } }).GET(me);
    expect(result.status).toBe(503);
    expect(arrivals).toHaveLength(3);
    expect(arrivals[1]! - arrivals[0]!).toBeGreaterThanOrEqual(95);
    expect(arrivals[2]! - arrivals[1]!).toBeGreaterThanOrEqual(195);
  });

  it('on the wire: a Retry-After beyond the timer range waits instead of firing at once', async () => {
    const server = await startWireServer((_req, res) => sendJson(res, 503, envelope(503, 'unavailable'), { 'retry-after': '3000000' }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const result = await createApiClient({ baseUrl: server.url, retry: { maxRetryAfterMs: 2 ** 40 } }).GET(me, { signal: controller.signal });
    expect(result.error?.type).toBe('aborted');
    expect(server.seen).toHaveLength(1);
  });
});

describe('what a custom fetch is handed', () => {
  it("a user's fetch gets a Request, as openapi-fetch gives it; one marked takesUrlAndInit (the contract run's own) gets the URL and init as they are", async () => {
    const { takesUrlAndInit } = await import('../../src/client/url-init-fetch.js');
    const answer = () => new Response(JSON.stringify({ ok: true }), { status: 200, headers: { 'content-type': 'application/json' } });
    const seen: unknown[][] = [];
    const plain = createApiClient<any>({ baseUrl: 'http://api.test', fetch: async (...args: unknown[]) => (seen.push(args), answer()) });
    const marked = createApiClient<any>({ baseUrl: 'http://api.test', fetch: takesUrlAndInit(async (...args) => (seen.push(args), answer())) as never });
    expect((await plain.POST('/items', { body: { a: 1 } })).status).toBe(200);
    expect((await marked.POST('/items', { body: { a: 1 } })).status).toBe(200);
    expect(seen.map((args) => args.length)).toEqual([1, 2]);
    const [[request], [url, init]] = seen as [[Request], [string, RequestInit]];
    expect(request).toBeInstanceOf(Request);
    expect([request.method, request.url, request.headers.get('content-type'), await request.text()]).toEqual(['POST', 'http://api.test/items', 'application/json', '{"a":1}']);
    expect([init.method, url, new Headers(init.headers).get('content-type'), init.body]).toEqual(['POST', 'http://api.test/items', 'application/json', '{"a":1}']);
  });
});
