import { getEventListeners } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { createApiClient, type RetryEvent } from '../../src/index.js';
import { backoffDelay, parseRetryAfter, retryPolicyFor } from '../../src/client/retry.js';
import { envelope, sendJson, startWireServer } from '../helpers/wire-server.js';

const me = '/api/v1/auth/me' as const;
const login = { body: { email: 'ada@example.com', password: 'correct-horse-battery' } };

describe('timeouts', () => {
  it('a slow response ends as timeout, status 0', async () => {
    const server = await startWireServer(async (_req, res) => {
      await delay(1_000);
      sendJson(res, 200, {});
    });
    const result = await createApiClient({ baseUrl: server.url, timeoutMs: 100 }).GET(me);
    expect(result.error).toMatchObject({ status: 0, type: 'timeout', source: 'timeout' });
    expect(result.error?.detail).toContain('100 ms');
  });

  it('the timer starts per request, not when the client is created', async () => {
    const server = await startWireServer(async (_req, res) => {
      await delay(100);
      sendJson(res, 200, { ok: true });
    });
    const api = createApiClient({ baseUrl: server.url, timeoutMs: 1_000 });
    await delay(1_200); // longer than the timeout: a client-level timer would have fired by now
    expect((await api.GET(me)).status).toBe(200);
  });

  it('a call can set its own timeout', async () => {
    const server = await startWireServer(async (_req, res) => {
      await delay(300);
      sendJson(res, 200, {});
    });
    const api = createApiClient({ baseUrl: server.url, timeoutMs: 5_000 });
    expect((await api.GET(me, { timeoutMs: 50 })).error?.type).toBe('timeout');
  });

  it("the caller's own signal aborts: type aborted", async () => {
    const server = await startWireServer(async (_req, res) => {
      await delay(1_000);
      sendJson(res, 200, {});
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const result = await createApiClient({ baseUrl: server.url, timeoutMs: 5_000 }).GET(me, { signal: controller.signal });
    expect(result.error).toMatchObject({ status: 0, type: 'aborted' });
  });
});

describe('attempt timers', () => {
  /** A client whose fetch answers at once, recording how many timers were pending while the request was out. */
  const answeringAtOnce = (timeoutMs: number | undefined) => {
    const pendingWhileSent: number[] = [];
    const api = createApiClient({
      baseUrl: 'http://127.0.0.1:9',
      timeoutMs,
      fetch: async () => {
        pendingWhileSent.push(vi.getTimerCount());
        return Response.json({ ok: true });
      },
    });
    return { api, pendingWhileSent };
  };

  it("an answered attempt leaves no timer running and no listener on the caller's signal", async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    onTestFinished(() => void vi.useRealTimers());
    const { api, pendingWhileSent } = answeringAtOnce(30_000);
    const controller = new AbortController();
    expect((await api.GET(me, { signal: controller.signal })).status).toBe(200);
    expect(pendingWhileSent).toEqual([1]); // the attempt's own timer, while it was out
    expect(vi.getTimerCount()).toBe(0);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('an attempt without a timeout sets no timer', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    onTestFinished(() => void vi.useRealTimers());
    const { api, pendingWhileSent } = answeringAtOnce(undefined);
    expect((await api.GET(me)).status).toBe(200);
    expect(pendingWhileSent).toEqual([0]);
  });

  it("the caller's signal, already aborted, ends an attempt with a timeout as aborted", async () => {
    const api = createApiClient({
      baseUrl: 'http://127.0.0.1:9',
      timeoutMs: 30_000,
      fetch: async (request) => {
        request.signal.throwIfAborted(); // as fetch does with a signal aborted before it is called
        return Response.json({ ok: true });
      },
    });
    const result = await api.GET(me, { signal: AbortSignal.abort() });
    expect(result.error).toMatchObject({ status: 0, type: 'aborted' });
  });
});

describe('retries', () => {
  const flaky = (failures: number, send: (res: import('node:http').ServerResponse) => void) =>
    startWireServer((_req, res, index) => (index < failures ? send(res) : sendJson(res, 200, { ok: true })));
  const unavailable = (res: import('node:http').ServerResponse) => sendJson(res, 503, envelope(503, 'unavailable'));

  it('are off by default', async () => {
    const server = await flaky(1, unavailable);
    const result = await createApiClient({ baseUrl: server.url }).GET(me);
    expect(result.status).toBe(503);
    expect(server.seen).toHaveLength(1);
  });

  it.each([429, 502, 503, 504])('retry an idempotent call on %i until it succeeds', async (status) => {
    const server = await flaky(2, (res) => sendJson(res, status, envelope(status, 'x')));
    const events: RetryEvent[] = [];
    const api = createApiClient({ baseUrl: server.url, retry: { attempts: 3, baseDelayMs: 5, onRetry: (event) => events.push(event) } });
    const result = await api.GET(me);
    expect(result.status).toBe(200);
    expect(server.seen).toHaveLength(3);
    expect(events.map((event) => [event.attempt, event.reason])).toEqual([[1, status], [2, status]]);
  });

  it('stop after the bounded number of attempts and return the last response', async () => {
    const server = await flaky(10, unavailable);
    const result = await createApiClient({ baseUrl: server.url, retry: { attempts: 3, baseDelayMs: 1 } }).GET(me);
    expect(result.status).toBe(503);
    expect(server.seen).toHaveLength(3);
  });

  it('do not retry statuses outside the triggers', async () => {
    const server = await flaky(1, (res) => sendJson(res, 500, envelope(500, 'internal_error')));
    const result = await createApiClient({ baseUrl: server.url, retry: { baseDelayMs: 1 } }).GET(me);
    expect(result.status).toBe(500);
    expect(server.seen).toHaveLength(1);
  });

  it('leave POST alone unless the call opts in', async () => {
    const server = await flaky(1, unavailable);
    const api = createApiClient({ baseUrl: server.url, retry: { baseDelayMs: 1 } });
    expect((await api.POST('/api/v1/auth/login', login)).status).toBe(503);
    expect((await api.POST('/api/v1/auth/login', { ...login, retry: true })).status).toBe(200);
    expect(server.seen.map((request) => request.body)).toEqual([JSON.stringify(login.body), JSON.stringify(login.body)]);
  });

  it('retry network errors', async () => {
    const server = await startWireServer((_req, res, index) => (index === 0 ? res.socket?.destroy() : sendJson(res, 200, { ok: true })));
    const result = await createApiClient({ baseUrl: server.url, retry: { baseDelayMs: 1 } }).GET(me);
    expect(result.status).toBe(200);
    expect(server.seen).toHaveLength(2);
  });

  it('honour Retry-After in seconds', async () => {
    const server = await flaky(1, (res) => sendJson(res, 429, envelope(429, 'rate_limited'), { 'retry-after': '1' }));
    const events: RetryEvent[] = [];
    const started = performance.now();
    const result = await createApiClient({ baseUrl: server.url, retry: { baseDelayMs: 1, onRetry: (event) => events.push(event) } }).GET(me);
    expect(result.status).toBe(200);
    expect(events[0]?.delayMs).toBe(1_000);
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('honour Retry-After as an HTTP date', async () => {
    const server = await flaky(1, (res) => sendJson(res, 503, envelope(503, 'unavailable'), { 'retry-after': new Date(Date.now() + 3_000).toUTCString() }));
    const events: RetryEvent[] = [];
    const result = await createApiClient({ baseUrl: server.url, retry: { baseDelayMs: 1, onRetry: (event) => events.push(event) } }).GET(me);
    expect(result.status).toBe(200);
    // HTTP dates have whole seconds: the wait is between 2 and 3 seconds, less the time
    // the response took to arrive.
    expect(events[0]?.delayMs).toBeGreaterThan(1_500);
    expect(events[0]?.delayMs).toBeLessThanOrEqual(3_000);
  });

  it('give up at once when Retry-After is beyond the cap', async () => {
    const server = await flaky(1, (res) => sendJson(res, 429, envelope(429, 'rate_limited'), { 'retry-after': '3600' }));
    const result = await createApiClient({ baseUrl: server.url, retry: { maxRetryAfterMs: 10_000 } }).GET(me);
    expect(result.status).toBe(429);
    expect(server.seen).toHaveLength(1);
  });

  it('a caller abort during the backoff wait ends the call as aborted', async () => {
    const server = await flaky(5, (res) => sendJson(res, 429, envelope(429, 'rate_limited'), { 'retry-after': '5' }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const result = await createApiClient({ baseUrl: server.url, retry: true }).GET(me, { signal: controller.signal });
    expect(result.error?.type).toBe('aborted');
    expect(server.seen).toHaveLength(1);
  });
});

describe('retry policy', () => {
  it('backs off exponentially with full jitter, capped', () => {
    const policy = { baseDelayMs: 100, maxDelayMs: 1_000 };
    expect([1, 2, 3, 4, 5].map((attempt) => backoffDelay(attempt, policy, () => 1))).toEqual([100, 200, 400, 800, 1_000]);
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(200);
  });

  it('parses Retry-After in both forms', () => {
    const now = Date.parse('2026-11-24T12:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Tue, 24 Nov 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Tue, 24 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('applies to idempotent methods only unless a call opts in', () => {
    expect(retryPolicyFor('GET', true, undefined)).toBeDefined();
    expect(retryPolicyFor('DELETE', true, undefined)).toBeDefined();
    expect(retryPolicyFor('POST', true, undefined)).toBeUndefined();
    expect(retryPolicyFor('POST', true, true)).toBeDefined();
    expect(retryPolicyFor('GET', true, false)).toBeUndefined();
    expect(retryPolicyFor('GET', undefined, undefined)).toBeUndefined();
  });
});

describe('session', () => {
  function sessionServer(options: { refreshSucceeds: boolean; stillUnauthorizedAfterRefresh?: boolean }) {
    let refreshed = false;
    return startWireServer(async (req, res) => {
      if (req.path === '/api/v1/auth/refresh') {
        await delay(50); // long enough for every 401 of the burst to arrive while it is in flight
        refreshed = options.refreshSucceeds;
        return options.refreshSucceeds ? sendJson(res, 200, { accessExpiresAt: '2026-01-15T10:00:00Z' }) : sendJson(res, 401, envelope(401, 'authentication_error'));
      }
      if (refreshed && !options.stillUnauthorizedAfterRefresh) return sendJson(res, 200, { path: req.path });
      return sendJson(res, 401, envelope(401, 'authentication_error'));
    });
  }
  const burst = ['/api/v1/auth/me', '/api/v1/auth/sessions', '/api/v1/auth/me', '/api/v1/auth/sessions', '/api/v1/auth/me'] as const;

  it('many 401s at once: one refresh, then each call replayed exactly once', async () => {
    const server = await sessionServer({ refreshSucceeds: true });
    const api = createApiClient({ baseUrl: server.url, sessionRefresh: true });
    const results = await Promise.all(burst.map((path) => api.GET(path)));
    expect(results.map((result) => result.status)).toEqual([200, 200, 200, 200, 200]);
    const paths = server.seen.map((request) => request.path);
    expect(paths.filter((path) => path === '/api/v1/auth/refresh')).toHaveLength(1);
    expect(paths.filter((path) => path !== '/api/v1/auth/refresh')).toHaveLength(burst.length * 2);
  });

  it('a failed refresh leaves the 401s standing and calls onUnauthorized for each', async () => {
    const server = await sessionServer({ refreshSucceeds: false });
    const onUnauthorized = vi.fn();
    const api = createApiClient({ baseUrl: server.url, sessionRefresh: true, onUnauthorized });
    const results = await Promise.all(burst.map((path) => api.GET(path)));
    expect(results.map((result) => result.status)).toEqual([401, 401, 401, 401, 401]);
    expect(server.seen.filter((request) => request.path === '/api/v1/auth/refresh')).toHaveLength(1);
    expect(server.seen).toHaveLength(burst.length + 1);
    expect(onUnauthorized).toHaveBeenCalledTimes(burst.length);
    expect(onUnauthorized.mock.calls[0]?.[0]).toMatchObject({ status: 401, type: 'authentication_error' });
  });

  it('replays once only: a 401 after the refresh stands', async () => {
    const server = await sessionServer({ refreshSucceeds: true, stillUnauthorizedAfterRefresh: true });
    const result = await createApiClient({ baseUrl: server.url, sessionRefresh: true }).GET(me);
    expect(result.status).toBe(401);
    expect(server.seen.map((request) => request.path)).toEqual([me, '/api/v1/auth/refresh', me]);
  });

  it('is opt-in, and never refreshes for login', async () => {
    const server = await sessionServer({ refreshSucceeds: true });
    expect((await createApiClient({ baseUrl: server.url }).GET(me)).status).toBe(401);
    expect((await createApiClient({ baseUrl: server.url, sessionRefresh: true }).POST('/api/v1/auth/login', login)).status).toBe(401);
    expect(server.seen.map((request) => request.path)).toEqual([me, '/api/v1/auth/login']);
  });

  it('426 calls onUpgradeRequired', async () => {
    const server = await startWireServer((_req, res) => sendJson(res, 426, envelope(426, 'upgrade_required')));
    const onUpgradeRequired = vi.fn();
    const result = await createApiClient({ baseUrl: server.url, onUpgradeRequired }).GET(me);
    expect(result.status).toBe(426);
    expect(onUpgradeRequired).toHaveBeenCalledOnce();
    expect(onUpgradeRequired.mock.calls[0]?.[0]).toBe(result.error);
  });
});
