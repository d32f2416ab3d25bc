import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Cookie, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it, onTestFinished } from 'vitest';
import { startMock, type MockServer } from '../../src/mock/index.js';
import { connectChromium } from '../helpers/browser.js';
import { serveAppCrossOrigin, serveAppThroughVite, writeApp, type AppSetup } from '../helpers/browser-app.js';
import { AUTH_BUNDLE } from '../helpers/paths.js';

// The mock remembers sessions as the spec marks them (x-authkit-session): the built
// client, bundled into a page in Chromium, signs in, is the signed-in user, signs out,
// and is no one. The session ends on the server too, not only in the browser's jar:
// a token read from the browser before logout is replayed from Node after it.

/** What the page's app.js puts on `window.app` (see helpers/browser-app.ts). */
interface PageApp {
  calls: string[];
  force(path: string, code: number, times?: number): void;
  // The client's types are proven elsewhere; in the page it is plain JavaScript.
  client(baseUrl: string, options?: Record<string, unknown>): any;
  isApiError(value: unknown): boolean;
}
/** What onUnauthorized saw, one entry per call. */
interface Unauthorized {
  path: string;
  status: number;
  code: number;
  type: string;
  detail: string;
}
declare const app: PageApp;
declare const window: { session?: any; unauthorized?: Unauthorized[] };

const document = JSON.parse(await readFile(AUTH_BUNDLE, 'utf8'));
const schemas = document.components.schemas;
/** The spec's own example account: the sign-in body's examples, the user's examples. */
const SIGN_IN = { email: schemas.LoginRequest.properties.email.examples[0] as string, password: schemas.LoginRequest.properties.password.examples[0] as string };
const ADA = Object.fromEntries(Object.entries(schemas.User.properties as Record<string, { examples: unknown[] }>).map(([name, property]) => [name, property.examples[0]]));
/** The documented 401 envelope. */
const UNAUTHORIZED = document.components.responses.Unauthorized.content['application/json'].example;
/** The example values the spec shows for the two cookies: a mock that remembers sessions mints its own. */
const EXAMPLE_TOKENS = Object.fromEntries(
  Object.values(document.components.headers.SetAuthCookie.examples as Record<string, { value: string }>).map((example) => /^([^=]+)=([^;]*)/.exec(example.value)!.slice(1, 3) as [string, string]),
);

type Setup = AppSetup;

let browser: Browser;
let mock: MockServer;
let appDir: string;

beforeAll(async () => {
  [browser, mock] = await Promise.all([connectChromium(inject('chromium').wsEndpoint), startMock({ spec: AUTH_BUNDLE, workers: 2 })]);
  appDir = await mkdtemp(join(tmpdir(), 'session-app-'));
  await writeApp(appDir);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await mock?.close();
  if (appDir) await rm(appDir, { recursive: true, force: true });
});

const SETUPS: Array<[string, () => Promise<Setup>]> = [
  ['same origin, a Vite dev server proxying /api to the mock', () => serveAppThroughVite(appDir, mock.url)],
  ['another origin, the mock itself with credentialed CORS', () => serveAppCrossOrigin(appDir, mock.url)],
];

/** GET /me from Node, with nothing but the given access token: no browser, no client. */
async function replayMe(accessToken: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${mock.url}/api/v1/auth/me`, { headers: { cookie: `access_token=${accessToken}` } });
  return { status: response.status, body: await response.json() };
}

/** POST /refresh from Node, with nothing but the given refresh token. */
async function replayRefresh(refreshToken: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${mock.url}/api/v1/auth/refresh`, { method: 'POST', headers: { cookie: `refresh_token=${refreshToken}` } });
  return { status: response.status, body: await response.json() };
}

/** The stored cookies as the spec's Set-Cookie lines describe them, by name. */
function described(cookies: Cookie[]) {
  return cookies.map(({ name, path, httpOnly, secure, sameSite }) => ({ name, path, httpOnly, secure, sameSite })).sort((a, b) => a.name.localeCompare(b.name));
}

function tokensOf(cookies: Cookie[]): { access: string; refresh: string } {
  const value = (name: string) => {
    const found = cookies.filter((cookie) => cookie.name === name);
    expect(found).toHaveLength(1);
    return found[0]!.value;
  };
  return { access: value('access_token'), refresh: value('refresh_token') };
}

describe.each(SETUPS)('a session in Chromium against the stateful mock: %s', (_name, startSetup) => {
  let setup: Setup;
  beforeAll(async () => {
    setup = await startSetup();
  }, 60_000);
  afterAll(() => setup?.close());

  async function openApp(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext();
    onTestFinished(() => context.close());
    const page = await context.newPage();
    await page.goto(setup.pageUrl);
    await page.waitForFunction(() => globalThis.document.title === 'app ready');
    // One client for the whole session, as an app has, with the README's options.
    await page.evaluate((base) => {
      window.unauthorized = [];
      window.session = app.client(base, {
        sessionRefresh: true,
        onUnauthorized: (error: any) =>
          window.unauthorized!.push({ path: new URL(error.response.url).pathname, status: error.status, code: error.code, type: error.type, detail: error.detail }),
      });
    }, setup.apiBase);
    return { context, page };
  }

  const signIn = (page: Page) =>
    page.evaluate(async (body) => {
      const result = await window.session.POST('/api/v1/auth/login', { body });
      return { status: result.status as number, user: result.data?.user, accessExpiresAt: result.data?.accessExpiresAt as string | undefined, error: result.error?.type as string | undefined };
    }, SIGN_IN);

  const me = (page: Page) =>
    page.evaluate(async () => {
      const result = await window.session.GET('/api/v1/auth/me');
      return result.status === 200
        ? { status: 200, data: result.data as unknown, isApiError: false }
        : { status: result.status as number, data: (result.data ?? null) as unknown, isApiError: app.isApiError(result.error), error: { code: result.error.code, type: result.error.type, detail: result.error.detail } };
    });

  const logOut = (page: Page) =>
    page.evaluate(async () => {
      const result = await window.session.POST('/api/v1/auth/logout');
      return { status: result.status as number, data: result.data as unknown };
    });

  const unauthorizedSeen = (page: Page) => page.evaluate(() => [...window.unauthorized!]);

  it(
    'signs in with fresh tokens, `me` is Ada, logout ends the session in the browser and on the server, `me` is 401 and onUnauthorized fires once',
    { timeout: 30_000 },
    async () => {
      const { context, page } = await openApp();

      // Sign in: 200, the user, and the two documented cookies with values of its own.
      const before = Math.floor(Date.now() / 1000);
      const signedIn = await signIn(page);
      const after = Math.ceil(Date.now() / 1000);
      expect(signedIn).toEqual({ status: 200, user: ADA, accessExpiresAt: expect.any(String), error: undefined });

      const stored = await context.cookies();
      expect(described(stored)).toEqual([
        { name: 'access_token', path: '/', httpOnly: true, secure: true, sameSite: 'Lax' },
        { name: 'refresh_token', path: '/api/v1/auth', httpOnly: true, secure: true, sameSite: 'Lax' },
      ]);
      const tokens = tokensOf(stored);
      expect(tokens.access).not.toBe(EXAMPLE_TOKENS.access_token);
      expect(tokens.refresh).not.toBe(EXAMPLE_TOKENS.refresh_token);
      expect(tokens.refresh).toMatch(/^rt_./);
      expect(tokens.access).not.toBe(tokens.refresh);
      // Max-Age=900 and Max-Age=1209600, counted from the sign-in.
      const expires = Object.fromEntries(stored.map((cookie) => [cookie.name, cookie.expires]));
      expect(expires.access_token).toBeGreaterThanOrEqual(before + 900 - 1);
      expect(expires.access_token).toBeLessThanOrEqual(after + 900 + 1);
      expect(expires.refresh_token).toBeGreaterThanOrEqual(before + 1_209_600 - 1);
      expect(expires.refresh_token).toBeLessThanOrEqual(after + 1_209_600 + 1);
      // HttpOnly: the page's own script cannot read either.
      expect(await page.evaluate(() => globalThis.document.cookie)).toBe('');

      // Signed in: the page's `me` is Ada, and so is Node's with the token alone.
      expect(await me(page)).toEqual({ status: 200, data: ADA, isApiError: false });
      expect(await replayMe(tokens.access)).toEqual({ status: 200, body: ADA });
      expect(await unauthorizedSeen(page)).toEqual([]);

      // Logout: 200, the documented body, and both cookies gone from the browser.
      expect(await logOut(page)).toEqual({ status: 200, data: { detail: 'Logged out' } });
      expect(await context.cookies()).toEqual([]);
      expect(await context.cookies(mock.url)).toEqual([]);
      expect(await context.cookies(setup.apiBase)).toEqual([]);
      expect(await unauthorizedSeen(page)).toEqual([]);

      // Signed out: the page's `me` is the documented 401 (the refresh the client tries has no cookie to go on) ...
      expect(await me(page)).toEqual({ status: 401, data: null, isApiError: true, error: UNAUTHORIZED });
      // ... and onUnauthorized fired once, for that call alone.
      expect(await unauthorizedSeen(page)).toEqual([{ path: '/api/v1/auth/me', status: 401, ...UNAUTHORIZED }]);
      expect(await page.evaluate(() => [...app.calls])).toEqual(['POST /api/v1/auth/login', 'GET /api/v1/auth/me', 'POST /api/v1/auth/logout', 'GET /api/v1/auth/me', 'POST /api/v1/auth/refresh']);

      // The server forgot the session: the tokens read before logout are dead from Node too.
      expect(await replayMe(tokens.access)).toEqual({ status: 401, body: UNAUTHORIZED });
      expect(await replayRefresh(tokens.refresh)).toEqual({ status: 401, body: UNAUTHORIZED });
      // The browser's jar stayed empty through all of it.
      expect(await context.cookies()).toEqual([]);
    },
  );

  it('mints tokens per sign-in, and logout ends only its own session', { timeout: 30_000 }, async () => {
    const [first, second] = await Promise.all([openApp(), openApp()]);
    expect((await signIn(first.page)).status).toBe(200);
    expect((await signIn(second.page)).status).toBe(200);
    const firstTokens = tokensOf(await first.context.cookies());
    const secondTokens = tokensOf(await second.context.cookies());
    expect(secondTokens.access).not.toBe(firstTokens.access);
    expect(secondTokens.refresh).not.toBe(firstTokens.refresh);

    expect((await logOut(first.page)).status).toBe(200);
    expect(await first.context.cookies()).toEqual([]);
    expect(await me(first.page)).toMatchObject({ status: 401, error: UNAUTHORIZED });
    expect(await replayMe(firstTokens.access)).toEqual({ status: 401, body: UNAUTHORIZED });

    // The other browser is still signed in, in its jar and on the server.
    expect(described(await second.context.cookies()).map((cookie) => cookie.name)).toEqual(['access_token', 'refresh_token']);
    expect(await me(second.page)).toEqual({ status: 200, data: ADA, isApiError: false });
    expect(await replayMe(secondTokens.access)).toEqual({ status: 200, body: ADA });
    expect(await unauthorizedSeen(second.page)).toEqual([]);
  });

  it('a forced 401 (Prefer: code=401) is the documented answer and fires onUnauthorized, but ends no session', { timeout: 30_000 }, async () => {
    const { context, page } = await openApp();
    expect((await signIn(page)).status).toBe(200);
    const tokens = tokensOf(await context.cookies());

    // Forced on `me` and on the refresh the client then tries: the 401 stands.
    await page.evaluate(() => {
      app.calls.length = 0;
      app.force('/api/v1/auth/me', 401);
      app.force('/api/v1/auth/refresh', 401);
    });
    expect(await me(page)).toEqual({ status: 401, data: null, isApiError: true, error: UNAUTHORIZED });
    expect(await unauthorizedSeen(page)).toEqual([{ path: '/api/v1/auth/me', status: 401, ...UNAUTHORIZED }]);
    expect(await page.evaluate(() => [...app.calls])).toEqual(['GET /api/v1/auth/me', 'POST /api/v1/auth/refresh']);

    // Nothing was forgotten or rotated: the same cookies, the same live session.
    expect(tokensOf(await context.cookies())).toEqual(tokens);
    expect(await me(page)).toEqual({ status: 200, data: ADA, isApiError: false });
    expect(await replayMe(tokens.access)).toEqual({ status: 200, body: ADA });
    expect(await unauthorizedSeen(page)).toEqual([{ path: '/api/v1/auth/me', status: 401, ...UNAUTHORIZED }]);
  });
});
