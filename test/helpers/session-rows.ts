import { readFile } from 'node:fs/promises';
import type { paths } from '../../generated/api-types.js';
import { createApiClient, type ApiClient } from '../../src/client/index.js';
import { createSchemaValidator } from '../../src/schema/schema-validator.js';
import { cookieJarFetch, type CookieFetch } from './cookie-jar.js';
import { AUTH_BUNDLE } from './paths.js';

// A session lifecycle as a correct backend runs it, through the typed client, each
// "browser" a cookie jar: one table of rows, run against every answerer of the Auth API
// (test/mock/sessions.test.ts: the mock on two workers, the MSW handlers, the fixture
// backend) and against each defect of the fixture backend, which named rows must catch
// (test/contract/live-backend-mutants.test.ts).
export const document = JSON.parse(await readFile(AUTH_BUNDLE, 'utf8'));
const validator = createSchemaValidator(document);
const SIGN_IN = { email: 'ada@example.com', password: 'correct-horse-battery' };
const EXAMPLE_TOKENS = ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIzZjZiIn0.sig', 'rt_5f0c8a9d2b7e4c1a'];
const DOCUMENTED_SET_COOKIE = Object.values(document.components.headers.SetAuthCookie.examples).map((example) => (example as { value: string }).value);

export type Transport = (request: Request) => Promise<Response>;

export interface Browser {
  api: ApiClient<paths>;
  jar: CookieFetch;
  /** The token a cookie holds now, to replay it later by hand. */
  token(name: 'access_token' | 'refresh_token'): Promise<string | undefined>;
  /** A call with exactly this Cookie header, outside any jar: what a replayed, stolen cookie does. */
  replay(method: 'GET' | 'POST', path: string, cookie: string): Promise<number>;
}

let unique = 0;
const newAccount = (name: string) => ({ email: `${name.toLowerCase().replace(/\W+/g, '.')}.${Date.now()}.${(unique += 1)}@example.com`, password: 'a-long-enough-password', displayName: name });

// [row, what it does, what it must see]
export const ROWS: Array<[string, (browser: () => Browser) => Promise<unknown>, unknown]> = [
  [
    'an invented token gets the documented 401',
    async (browser) => {
      const result = await browser().api.GET('/api/v1/auth/me', { headers: { cookie: 'access_token=invented-by-the-test' } });
      return [result.status, result.error?.type];
    },
    [401, 'authentication_error'],
  ],
  [
    'register answers the account registered; the same email again is the documented 409',
    async (browser) => {
      const account = newAccount('Grace Hopper');
      const first = await browser().api.POST('/api/v1/auth/register', { body: account });
      const again = await browser().api.POST('/api/v1/auth/register', { body: { ...account, email: account.email.toUpperCase(), displayName: 'Someone Else' } });
      return [first.status, first.data?.email === account.email, first.data?.displayName, again.status, again.error?.type];
    },
    [201, true, 'Grace Hopper', 409, 'email_taken'],
  ],
  [
    'a wrong password and an unknown email each get the documented 401, and set no cookie',
    async (browser) => {
      const wrong = await browser().api.POST('/api/v1/auth/login', { body: { ...SIGN_IN, password: 'not-the-right-password' } });
      const unknown = await browser().api.POST('/api/v1/auth/login', { body: { ...SIGN_IN, email: 'nobody@example.com' } });
      return [wrong.status, wrong.response?.headers.getSetCookie().length, unknown.status, unknown.error?.type];
    },
    [401, 0, 401, 'authentication_error'],
  ],
  [
    'login mints fresh tokens into the documented Set-Cookie lines, every attribute kept',
    async (browser) => {
      const one = await browser().api.POST('/api/v1/auth/login', { body: SIGN_IN });
      const two = await browser().api.POST('/api/v1/auth/login', { body: SIGN_IN });
      const lines = one.response!.headers.getSetCookie();
      const values = lines.map((line) => line.slice(line.indexOf('=') + 1, line.indexOf(';')));
      const otherValues = two.response!.headers.getSetCookie().map((line) => line.slice(line.indexOf('=') + 1, line.indexOf(';')));
      return {
        status: one.status,
        attributes: lines.map((line) => line.replace(/=[^;]*;/, '=…;')),
        examplesSent: values.filter((value) => EXAMPLE_TOKENS.includes(value)),
        sameAsAnotherLogin: values.filter((value) => otherValues.includes(value)),
        // Opaque and long enough not to be guessed: cookie-safe characters, 16 or more.
        shapes: values.map((value) => /^[\w.~+/=-]{16,}$/.test(value)),
        user: one.data?.user.email,
        accessExpiresIn: Math.round((Date.parse(one.data!.accessExpiresAt) - Date.now()) / 60_000),
      };
    },
    { status: 200, attributes: DOCUMENTED_SET_COOKIE.map((line) => line.replace(/=[^;]*;/, '=…;')), examplesSent: [], sameAsAnotherLogin: [], shapes: [true, true], user: 'ada@example.com', accessExpiresIn: 15 },
  ],
  [
    'me answers the user of the session, as registered, in the documented shape',
    async (browser) => {
      const account = newAccount('Katherine Johnson');
      const signedIn = browser();
      await signedIn.api.POST('/api/v1/auth/register', { body: account });
      await signedIn.api.POST('/api/v1/auth/login', { body: { email: account.email, password: account.password } });
      const me = await signedIn.api.GET('/api/v1/auth/me');
      return [me.status, me.data?.email === account.email, me.data?.displayName, validator.errors(document.components.schemas.User, me.data)];
    },
    [200, true, 'Katherine Johnson', []],
  ],
  [
    'two sessions: the list shows both, the caller\'s marked current; revoking one ends it, an unknown id is the documented 404',
    async (browser) => {
      const account = newAccount('Ada Two Devices');
      const laptop = browser();
      const phone = browser();
      await laptop.api.POST('/api/v1/auth/register', { body: account });
      await laptop.api.POST('/api/v1/auth/login', { body: { email: account.email, password: account.password } });
      await phone.api.POST('/api/v1/auth/login', { body: { email: account.email, password: account.password } });
      const listed = await laptop.api.GET('/api/v1/auth/sessions');
      const phoneSession = listed.data!.items.find((session) => !session.current)!;
      const revoked = await laptop.api.DELETE('/api/v1/auth/sessions/{sessionId}', { params: { path: { sessionId: phoneSession.id } } });
      const phoneAfter = await phone.api.GET('/api/v1/auth/me');
      const listedAfter = await laptop.api.GET('/api/v1/auth/sessions');
      const unknown = await laptop.api.DELETE('/api/v1/auth/sessions/{sessionId}', { params: { path: { sessionId: '00000000-0000-4000-8000-000000000000' } } });
      return {
        listed: [listed.status, listed.data?.items.length, listed.data?.items.filter((session) => session.current).length],
        valid: validator.errors(document.components.schemas.SessionList, listed.data),
        revoked: revoked.status,
        phoneAfter: phoneAfter.status,
        listedAfter: listedAfter.data?.items.map((session) => [session.id === phoneSession.id, session.current]),
        unknown: [unknown.status, unknown.error?.type],
      };
    },
    { listed: [200, 2, 1], valid: [], revoked: 204, phoneAfter: 401, listedAfter: [[false, true]], unknown: [404, 'not_found'] },
  ],
  [
    'refresh rotates both tokens; the old refresh token and the old access token then get 401',
    async (browser) => {
      const signedIn = browser();
      await signedIn.api.POST('/api/v1/auth/login', { body: SIGN_IN });
      const [oldAccess, oldRefresh] = [await signedIn.token('access_token'), await signedIn.token('refresh_token')];
      const refreshed = await signedIn.api.POST('/api/v1/auth/refresh');
      const [newAccess, newRefresh] = [await signedIn.token('access_token'), await signedIn.token('refresh_token')];
      return {
        refreshed: refreshed.status,
        rotated: [newAccess !== oldAccess, newRefresh !== oldRefresh],
        meWithNew: (await signedIn.api.GET('/api/v1/auth/me')).status,
        oldRefreshAgain: await signedIn.replay('POST', '/api/v1/auth/refresh', `refresh_token=${oldRefresh}`),
        oldAccess: await signedIn.replay('GET', '/api/v1/auth/me', `access_token=${oldAccess}`),
        newRefreshStillGood: await signedIn.replay('POST', '/api/v1/auth/refresh', `refresh_token=${newRefresh}`),
      };
    },
    { refreshed: 200, rotated: [true, true], meWithNew: 200, oldRefreshAgain: 401, oldAccess: 401, newRefreshStillGood: 200 },
  ],
  [
    'logout ends the session and sends the documented clearing cookies; the old token replayed gets 401',
    async (browser) => {
      const signedIn = browser();
      await signedIn.api.POST('/api/v1/auth/login', { body: SIGN_IN });
      const access = await signedIn.token('access_token');
      const before = await signedIn.replay('GET', '/api/v1/auth/me', `access_token=${access}`);
      const out = await signedIn.api.POST('/api/v1/auth/logout');
      return {
        before,
        logout: [out.status, out.data?.detail],
        cleared: out.response?.headers.getSetCookie(),
        cookiesLeft: [await signedIn.token('access_token'), await signedIn.token('refresh_token')],
        meAfter: (await signedIn.api.GET('/api/v1/auth/me')).status,
        replayed: await signedIn.replay('GET', '/api/v1/auth/me', `access_token=${access}`),
      };
    },
    {
      before: 200,
      logout: [200, 'Logged out'],
      cleared: Object.values(document.components.headers.ClearAuthCookie.examples).map((example) => (example as { value: string }).value),
      cookiesLeft: [undefined, undefined],
      meAfter: 401,
      replayed: 401,
    },
  ],
  [
    'a session every worker has answered from is gone from all of them once logged out: 20 replays, all 401',
    async (browser) => {
      const signedIn = browser();
      await signedIn.api.POST('/api/v1/auth/login', { body: SIGN_IN });
      const access = await signedIn.token('access_token');
      // On new connections, both workers answer these, each from its own copy of the session.
      const before = new Set<number>();
      for (let call = 0; call < 20; call += 1) before.add(await signedIn.replay('GET', '/api/v1/auth/me', `access_token=${access}`));
      await signedIn.api.POST('/api/v1/auth/logout');
      const after = new Set<number>();
      for (let call = 0; call < 20; call += 1) after.add(await signedIn.replay('GET', '/api/v1/auth/me', `access_token=${access}`));
      return [[...before], [...after]];
    },
    [[200], [401]],
  ],
  [
    '40 calls of me on a live session: all 200',
    async (browser) => {
      const signedIn = browser();
      await signedIn.api.POST('/api/v1/auth/login', { body: SIGN_IN });
      const statuses: number[] = [];
      for (let call = 0; call < 40; call += 1) statuses.push((await signedIn.api.GET('/api/v1/auth/me')).status);
      return statuses;
    },
    Array.from({ length: 40 }, () => 200),
  ],
];

/**
 * A new "browser" each call, for the server at `baseUrl`: its own cookie jar, the typed
 * client over it, and replays outside the jar. Requests go out through `transport` (the
 * global fetch by default).
 */
export function browsers(baseUrl: string, transport?: Transport): () => Browser {
  return () => {
    const jar = cookieJarFetch(transport);
    const send = transport ?? ((request: Request) => fetch(request));
    return {
      jar,
      api: createApiClient<paths>({ baseUrl, fetch: jar.fetch }),
      token: (cookie) => jar.cookie(`${baseUrl}/api/v1/auth/`, cookie),
      replay: async (method, path, cookie) => (await send(new Request(`${baseUrl}${path}`, { method, headers: { cookie } }))).status,
    };
  };
}
