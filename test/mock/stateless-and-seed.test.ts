import { readFile } from 'node:fs/promises';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startMock } from '../../src/mock/index.js';
import { startCliServer } from '../helpers/cli-server.js';
import { AUTH_BUNDLE } from '../helpers/paths.js';

const document = JSON.parse(await readFile(AUTH_BUNDLE, 'utf8'));
const DOCUMENTED_SET_COOKIE = Object.values(document.components.headers.SetAuthCookie.examples).map((example) => (example as { value: string }).value);
const SIGN_IN = JSON.stringify({ email: 'ada@example.com', password: 'correct-horse-battery' });
const post = (url: string, body: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('--stateless: Prism\'s rules, as before sessions', () => {
  it('any credential is let in, login sends the example cookies, nothing is remembered; the control still forces answers', async () => {
    const mock = await startMock({ spec: AUTH_BUNDLE, workers: 1, stateless: true });
    onTestFinished(() => mock.close());
    const register = JSON.stringify({ email: 'twice@example.com', password: 'a-long-enough-password', displayName: 'Twice' });
    const login = await post(`${mock.url}/api/v1/auth/login`, JSON.stringify({ email: 'ada@example.com', password: 'a-wrong-password' }));
    const invented = (await fetch(`${mock.url}/api/v1/auth/me`, { headers: { cookie: 'access_token=invented' } })).status;
    const registeredTwice = [(await post(`${mock.url}/api/v1/auth/register`, register)).status, (await post(`${mock.url}/api/v1/auth/register`, register)).status];
    await mock.respondWith('getCurrentUser', 429);
    const forced = (await fetch(`${mock.url}/api/v1/auth/me`, { headers: { cookie: 'access_token=invented' } })).status;
    expect({
      invented,
      wrongPassword: [login.status, login.headers.getSetCookie()],
      registeredTwice,
      forced,
      remembered: (await mock.state()).sessions,
    }).toEqual({ invented: 200, wrongPassword: [200, DOCUMENTED_SET_COOKIE], registeredTwice: [201, 201], forced: 429, remembered: [] });
  });
});

describe('--seed: the same ids and tokens on every run', () => {
  it('two mocks with one seed mint the same tokens and session ids; another seed, or none, others', async () => {
    const firstSession = async (seed: number | undefined) => {
      const mock = await startMock({ spec: AUTH_BUNDLE, workers: 1, seed });
      try {
        const cookies = (await post(`${mock.url}/api/v1/auth/login`, SIGN_IN)).headers.getSetCookie().map((line) => line.split(';')[0]);
        return { cookies, session: (await mock.state()).sessions[0]!.id };
      } finally {
        await mock.close();
      }
    };
    const [seven, sevenAgain, eight, none] = [await firstSession(7), await firstSession(7), await firstSession(8), await firstSession(undefined)];
    expect(sevenAgain).toEqual(seven);
    expect([eight.cookies.filter((cookie) => seven.cookies.includes(cookie)), eight.session === seven.session]).toEqual([[], false]);
    expect([none.cookies.filter((cookie) => seven.cookies.includes(cookie)), none.session === seven.session]).toEqual([[], false]);
  });
});

describe('the banner says what the mock remembers and where its control is', () => {
  it.each([
    [[], ['  state   sessions: registerUser registers, loginUser opens, logoutUser closes, refreshSession rotates, getCurrentUser is the user, listSessions lists, revokeSession revokes', "          5 operations need a live session; sign in as ada@example.com (the spec's example)"]],
    [['--stateless'], ["  state   none (--stateless): Prism's rules alone; any credential is let in"]],
  ])('authkit mock %j', async (flags, stateLines) => {
    const server = await startCliServer((port) => ['mock', '--port', String(port), '--workers', '1', ...flags], 'Ctrl-C stops');
    onTestFinished(() => server.kill());
    const { port } = server;
    const lines = server.output().split('\n');
    const state = lines.findIndex((line) => line.startsWith('  state '));
    expect(lines.slice(state, state + stateLines.length)).toEqual(stateLines);
    expect(lines[state + stateLines.length]).toBe(`  control http://127.0.0.1:${port}/__authkit/: POST respond-with, POST reset, POST advance-time, GET state (this machine only)`);
  });
});
