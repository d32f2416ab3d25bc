import { cp, readFile, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import getPort from 'get-port';
import { x } from 'tinyexec';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { isLoopbackAddress } from '../../src/mock/engine/control-route.js';
import { PrismStartError, startMock, type MockServer } from '../../src/mock/index.js';
import { AUTH_BUNDLE, fixture, ROOT } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp-dir.js';

// The mock's control, under /__authkit/: what a Playwright or vitest test drives the
// mock with. Over HTTP from this machine, and from startMock() (which calls the same
// endpoints). Bad input gets a 400 naming the field and changes nothing; a page on
// another origin, another machine, or a rebinding domain is refused.
const document = JSON.parse(await readFile(AUTH_BUNDLE, 'utf8'));
const OPERATION_IDS = ['registerUser', 'loginUser', 'logoutUser', 'refreshSession', 'getCurrentUser', 'listSessions', 'revokeSession'];
const LOGIN_STATUSES = [200, 400, 401, 403, 404, 409, 422, 426, 429, 500, 502, 504];
const SIGN_IN = { email: 'ada@example.com', password: 'correct-horse-battery' };

let mock: MockServer;
beforeAll(async () => {
  mock = await startMock({ spec: AUTH_BUNDLE, workers: 2 });
}, 60_000);
afterAll(() => mock?.close());
beforeEach(() => mock.reset());

const control = async (method: string, path: string, body?: string, headers: Record<string, string> = {}) => {
  const response = await fetch(`${mock.url}/__authkit/${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type'), cors: response.headers.get('access-control-allow-origin'), body: text ? JSON.parse(text) : undefined };
};
const login = (body: unknown = SIGN_IN) => fetch(`${mock.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('respond-with: the next call(s) answer a documented status', () => {
  it('answers that status `times` times, with its example and headers, before any check; then the state answers again', async () => {
    const queued = await control('POST', 'respond-with', JSON.stringify({ operationId: 'loginUser', status: 429, times: 2 }));
    expect([queued.status, queued.body]).toEqual([200, { operationId: 'loginUser', status: 429, times: 2, example: null, headers: {}, queued: 2 }]);
    // Even a wrong password and a body that breaks its schema get the forced answer: the test asked for it.
    const forced = [await login({ ...SIGN_IN, password: 'wrong-password-here' }), await login({ email: 'not-an-email' })];
    expect(await Promise.all(forced.map(async (response) => [response.status, response.headers.get('retry-after'), await response.json()]))).toEqual(
      Array.from({ length: 2 }, () => [429, '30', document.components.responses.RateLimited.content['application/json'].example]),
    );
    expect((await login()).status).toBe(200);
    expect((await mock.state()).overrides).toEqual([]);
  });

  it('forces documented headers with values of the test\'s own, on every worker; the names as the spec writes them', async () => {
    const queued = await control('POST', 'respond-with', JSON.stringify({ operationId: 'loginUser', status: 429, times: 2, headers: { 'retry-after': 1 } }));
    expect([queued.status, queued.body.headers]).toEqual([200, { 'Retry-After': '1' }]);
    expect((await mock.state()).overrides).toEqual([{ operationId: 'loginUser', status: 429, example: undefined, headers: { 'Retry-After': '1' }, remaining: 2 }]);
    await mock.respondWith('loginUser', 429, { headers: { 'Retry-After': '0' } });
    // Two requests at once, so the two workers each answer one; the third takes startMock's entry.
    const answers = [...(await Promise.all([login(), login()])), await login()];
    expect(answers.map((response) => [response.status, response.headers.get('retry-after')])).toEqual([[429, '1'], [429, '1'], [429, '0']]);
    expect((await login()).status).toBe(200);
  });

  it('from startMock(): typed, the same queue, refused with the mock\'s reason', async () => {
    await mock.respondWith('getCurrentUser', 503 as never).catch((error: Error) => expect(error.message).toBe(`POST /__authkit/respond-with: 400 503 is not a status getCurrentUser documents (valid: ${[200, 400, 401, 403, 404, 409, 422, 426, 429, 500, 502, 504].join(', ')})`));
    await mock.respondWith('getCurrentUser', 500, { times: 1 });
    expect((await mock.state()).overrides).toEqual([{ operationId: 'getCurrentUser', status: 500, example: undefined, headers: {}, remaining: 1 }]);
    expect((await fetch(`${mock.url}/api/v1/auth/me`)).status).toBe(500);
    expect((await fetch(`${mock.url}/api/v1/auth/me`)).status).toBe(401);
  });

  // [what is wrong, the body, the field named, the values listed]
  it.each([
    ['a body that is not JSON', '{"operationId": ', 'body', undefined],
    ['a body that is not an object', '[1, 2]', 'body', undefined],
    ['an unknown field', JSON.stringify({ operationId: 'loginUser', status: 429, code: 429 }), 'code', ['operationId', 'status', 'times', 'example', 'headers']],
    ['no operationId', JSON.stringify({ status: 429 }), 'operationId', OPERATION_IDS],
    ['an unknown operationId', JSON.stringify({ operationId: 'login', status: 429 }), 'operationId', OPERATION_IDS],
    ['an undocumented status', JSON.stringify({ operationId: 'loginUser', status: 418 }), 'status', LOGIN_STATUSES],
    ['a status as text', JSON.stringify({ operationId: 'loginUser', status: '429' }), 'status', LOGIN_STATUSES],
    ['times of 0', JSON.stringify({ operationId: 'loginUser', status: 429, times: 0 }), 'times', undefined],
    ['times of 1.5', JSON.stringify({ operationId: 'loginUser', status: 429, times: 1.5 }), 'times', undefined],
    ['headers that are not an object', JSON.stringify({ operationId: 'loginUser', status: 429, headers: ['Retry-After: 1'] }), 'headers', undefined],
    ['a header the response does not document', JSON.stringify({ operationId: 'loginUser', status: 429, headers: { 'X-RateLimit-Reset': '1' } }), 'headers.X-RateLimit-Reset', ['Retry-After']],
    ['a header value its schema refuses (integer, minimum 0)', JSON.stringify({ operationId: 'loginUser', status: 429, headers: { 'retry-after': -1 } }), 'headers.retry-after', undefined],
    ['a header value of the wrong type', JSON.stringify({ operationId: 'loginUser', status: 429, headers: { 'Retry-After': 'soon' } }), 'headers.Retry-After', undefined],
    ['a header value that is neither text nor a number', JSON.stringify({ operationId: 'loginUser', status: 429, headers: { 'Retry-After': null } }), 'headers.Retry-After', undefined],
    ['an example the response does not have', JSON.stringify({ operationId: 'loginUser', status: 429, example: 'slow-down' }), 'example', []],
  ])('%s: a 400 problem naming the field, and nothing queued', async (_what, body, field, allowed) => {
    const answer = await control('POST', 'respond-with', body);
    expect([answer.status, answer.type, answer.body.field, answer.body.allowed]).toEqual([400, 'application/problem+json', field, allowed]);
    expect(answer.body.detail).toEqual(expect.any(String));
    expect((await mock.state()).overrides).toEqual([]);
    expect((await login()).status).toBe(200);
  });

  it('an unknown endpoint lists the real ones; a wrong method says which it takes', async () => {
    const unknown = await control('POST', 'respond');
    expect([unknown.status, unknown.body.allowed]).toEqual([404, ['POST /__authkit/respond-with', 'POST /__authkit/reset', 'GET /__authkit/state', 'POST /__authkit/advance-time']]);
    const wrongMethod = await control('GET', 'respond-with');
    expect([wrongMethod.status, wrongMethod.body.allowed]).toEqual([405, ['POST']]);
  });
});

describe('state and reset', () => {
  it('state shows users, sessions and entities with every token redacted and no password; reset forgets all but the spec\'s own account', async () => {
    await fetch(`${mock.url}/api/v1/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'grace@example.com', password: 'another-long-password', displayName: 'Grace Hopper' }) });
    const signedIn = await login();
    const tokens = signedIn.headers.getSetCookie().map((line) => line.slice(line.indexOf('=') + 1, line.indexOf(';')));
    const seen = await control('GET', 'state');
    const text = JSON.stringify(seen.body);
    expect({
      users: seen.body.users.map((user: { identifier: string }) => user.identifier),
      sessions: seen.body.sessions.map((session: { tokens: Record<string, { value: string }> }) => Object.fromEntries(Object.entries(session.tokens).map(([slot, token]) => [slot, token.value]))),
      leaks: [...tokens, SIGN_IN.password, 'another-long-password'].filter((secret) => text.includes(secret)),
      cors: seen.cors,
    }).toEqual({
      users: ['ada@example.com', 'grace@example.com'],
      sessions: [{ access: '…(redacted, 32 chars)', refresh: '…(redacted, 35 chars)' }],
      leaks: [],
      cors: null,
    });
    expect((await control('POST', 'reset')).status).toBe(204);
    const after = await mock.state();
    expect([after.users.map((user) => user.identifier), after.sessions, after.overrides]).toEqual([['ada@example.com'], [], []]);
    expect((await fetch(`${mock.url}/api/v1/auth/me`, { headers: { cookie: `access_token=${tokens[0]}` } })).status).toBe(401);
  });

  it('advance-time moves the clock on: the access token expires (15 minutes), the refresh token does not (14 days)', async () => {
    const cookies = (await login()).headers.getSetCookie().map((line) => line.split(';')[0]!);
    const me = () => fetch(`${mock.url}/api/v1/auth/me`, { headers: { cookie: cookies[0]! } }).then((response) => response.status);
    const before = await me();
    const advanced = await control('POST', 'advance-time', JSON.stringify({ seconds: 901 }));
    const expired = await me();
    const refreshed = await fetch(`${mock.url}/api/v1/auth/refresh`, { method: 'POST', headers: { cookie: cookies[1]! } });
    await mock.advanceTime(14 * 24 * 3600);
    const refreshExpired = await fetch(`${mock.url}/api/v1/auth/refresh`, { method: 'POST', headers: { cookie: refreshed.headers.getSetCookie()[1]!.split(';')[0]! } });
    expect([before, advanced.status, advanced.body.advancedSeconds, expired, refreshed.status, refreshExpired.status]).toEqual([200, 200, 901, 401, 200, 401]);
    const bad = await control('POST', 'advance-time', JSON.stringify({ seconds: -5 }));
    expect([bad.status, bad.body.field]).toEqual([400, 'seconds']);
  });
});

describe('only this machine, only the mock\'s own origin', () => {
  it('a page on another origin is refused (403, nothing changes), and gets no CORS header to read it with', async () => {
    const refused = await control('POST', 'respond-with', JSON.stringify({ operationId: 'loginUser', status: 500 }), { origin: 'http://evil.example' });
    expect([refused.status, refused.cors, refused.body.detail]).toEqual([403, null, `the mock's control refuses requests from pages on other origins (http://evil.example); only ${mock.url} itself may call it`]);
    const preflight = await fetch(`${mock.url}/__authkit/reset`, { method: 'OPTIONS', headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' } });
    expect([preflight.status, preflight.headers.get('access-control-allow-origin')]).toEqual([403, null]);
    expect((await mock.state()).overrides).toEqual([]);
    // The mock's own origin (its /docs page) may.
    expect((await control('POST', 'respond-with', JSON.stringify({ operationId: 'loginUser', status: 500 }), { origin: mock.url })).status).toBe(200);
  });

  it('a request addressed by another name (a domain rebound to 127.0.0.1) is refused', async () => {
    const status = await rawStatus('127.0.0.1', mock.port, { host: `evil.example:${mock.port}` });
    expect(status).toBe(403);
  });

  const external = Object.values(networkInterfaces()).flat().find((entry) => entry && !entry.internal && entry.family === 'IPv4')?.address;
  it.skipIf(!external)(`a caller from another address (this machine's ${external ?? 'non-loopback interface: none here'}) is refused`, async () => {
    const open = await startMock({ spec: AUTH_BUNDLE, workers: 1, host: '0.0.0.0' });
    onTestFinished(() => open.close());
    // Addressed as localhost, so only the caller's own address can refuse it.
    expect(await rawStatus(external!, open.port, { host: `localhost:${open.port}` })).toBe(403);
    expect(await rawStatus('127.0.0.1', open.port, { host: `localhost:${open.port}` })).toBe(200);
  });

  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['192.0.2.2', false],
    ['::ffff:10.0.0.1', false],
    ['fd00::2', false],
    [undefined, false],
  ])('%s is loopback: %s', (address, loopback) => {
    expect(isLoopbackAddress(address)).toBe(loopback);
  });
});

describe('a spec that uses the prefix itself', () => {
  it('startMock refuses to start and names the path', async () => {
    const failure = await startMock({ spec: fixture('state', 'reserved-path.yaml'), workers: 1 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PrismStartError);
    expect((failure as Error).message).toContain('#/paths/~1__authkit~1state: /__authkit/state is under /__authkit/, which the mock keeps for its control');
  });

  it('authkit mock refuses with exit 2, at the path\'s file and line', async () => {
    const result = await x(process.execPath, [`${ROOT}/bin/authkit.js`, 'mock', '--spec', fixture('state', 'reserved-path.yaml'), '--port', String(await getPort())], { throwOnError: false, nodeOptions: { cwd: ROOT } });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/reserved-path\.yaml:12:3 error \[mock-state\] \/__authkit\/state is under \/__authkit\/, which the mock keeps for its control \(respond-with, reset, state\): rename the path \(#\/paths\/~1__authkit~1state\)/);
  });

  it('a misspelt mark in a spec of many files: exit 2 at the mark\'s own file and line', async () => {
    const dir = await tempDir('misspelt-');
    await cp(join(ROOT, 'spec'), join(dir, 'spec'), { recursive: true });
    const login = join(dir, 'spec', 'paths', 'auth-login.yaml');
    await writeFile(login, (await readFile(login, 'utf8')).replace('x-authkit-session: create', 'x-authkit-session: craete'));
    const port = await getPort();
    const result = await x(process.execPath, [`${ROOT}/bin/authkit.js`, 'mock', '--spec', join(dir, 'spec', 'openapi.yaml'), '--port', String(port)], { throwOnError: false, nodeOptions: { cwd: dir } });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('spec/paths/auth-login.yaml:5:3 error [mock-state] "craete" is not a session role; use one of create, rotate, destroy, register, current-user, list, revoke, none (#/paths/~1api~1v1~1auth~1login/post/x-authkit-session)');
  });
});

/** A GET of /__authkit/state with the headers given (Host included), over a new connection; its status. */
function rawStatus(host: string, port: number, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host, port, path: '/__authkit/state', headers, agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', reject);
    request.end();
  });
}
