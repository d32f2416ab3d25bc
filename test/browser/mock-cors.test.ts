import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it, onTestFinished } from 'vitest';
import type { Browser } from 'playwright-core';
import { startMock } from '../../src/mock/index.js';
import { connectChromium } from '../helpers/browser.js';
import { AUTH_BUNDLE } from '../helpers/paths.js';

// A page on one origin calls the mock on another, with credentials, as a frontend in
// development does. Only a real browser applies CORS: whether script may read a header
// is its decision, not the server's.
let browser: Browser;
let page: Server;
let pageUrl: string;

beforeAll(async () => {
  browser = await connectChromium(inject('chromium').wsEndpoint);
  page = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>app</title>');
  });
  await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
  pageUrl = `http://127.0.0.1:${(page.address() as AddressInfo).port}/`;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => page?.close(resolve));
});

/** What the page's own script sees of a credentialed, rate-limited sign-in. */
async function signInFromPage(mockUrl: string): Promise<{ status: number; retryAfter: string | null }> {
  const tab = await browser.newPage();
  onTestFinished(() => tab.close());
  await tab.goto(pageUrl);
  return tab.evaluate(async (url) => {
    const response = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      credentials: 'include',
      headers: { 'content-type': 'application/json', prefer: 'code=429' },
      body: JSON.stringify({ email: 'ada@example.com', password: 'correct-horse-battery' }),
    });
    return { status: response.status, retryAfter: response.headers.get('Retry-After') };
  }, mockUrl);
}

describe('a page on another origin, with credentials', { timeout: 60_000 }, () => {
  it('reads Retry-After from the mock: it is exposed by name', async () => {
    const mock = await startMock({ spec: AUTH_BUNDLE, workers: 1 });
    onTestFinished(() => mock.close());
    const seen = await signInFromPage(mock.url);
    expect(seen.status).toBe(429);
    expect(seen.retryAfter).toMatch(/^\d+$/);
  });

  it('cannot read it from the Prism CLI, whose `Access-Control-Expose-Headers: *` browsers ignore with credentials', async () => {
    const mock = await startMock({ spec: AUTH_BUNDLE, engine: 'prism-cli' });
    onTestFinished(() => mock.close());
    expect(await signInFromPage(mock.url)).toEqual({ status: 429, retryAfter: null });
  });
});
