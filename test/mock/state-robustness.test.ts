import { copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startMock, type MockEvent } from '../../src/mock/index.js';
import { AUTH_BUNDLE } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait.js';

// The engine's state where it could give way: bad input to the control, a spec edited
// into something unreadable, preferences that are not a forced status, a mock bound to
// every interface, a seeded mock after a reset.
const SIGN_IN = JSON.stringify({ email: 'ada@example.com', password: 'correct-horse-battery' });
const signIn = async (url: string) => (await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: SIGN_IN })).headers.getSetCookie()[0]!.split(';')[0]!;
const me = async (url: string, cookie: string, prefer?: string) => (await fetch(`${url}/api/v1/auth/me`, { headers: { cookie, ...(prefer ? { prefer } : {}) } })).status;

describe('the engine\'s state holds', () => {
  it('a time the clock cannot reach is a 400, and the mock goes on', async () => {
    const mock = await startMock({ spec: AUTH_BUNDLE, workers: 1 });
    onTestFinished(() => mock.close());
    const answer = await fetch(`${mock.url}/__authkit/advance-time`, { method: 'POST', body: JSON.stringify({ seconds: 1e13 }) });
    expect([answer.status, ((await answer.json()) as { field: string }).field, mock.running(), await me(mock.url, await signIn(mock.url))]).toEqual([400, 'seconds', true, 200]);
  });

  it('a spec edited into something unreadable keeps the last plan: logged-out and invented tokens are still refused', async () => {
    const dir = await tempDir('reload-');
    const spec = join(dir, 'openapi.json');
    await copyFile(AUTH_BUNDLE, spec);
    const events: MockEvent[] = [];
    const mock = await startMock({ spec, workers: 2, onEvent: (event) => events.push(event) });
    onTestFinished(() => mock.close());
    const cookie = await signIn(mock.url);
    await fetch(`${mock.url}/api/v1/auth/logout`, { method: 'POST', headers: { cookie } });
    await writeFile(spec, '{"openapi": "3.1.0", "paths": {');
    await waitFor('the failed reload', () => (events.some((event) => event.type === 'log' && event.line.startsWith('reload failed:')) ? true : undefined));
    expect([await me(mock.url, cookie), await me(mock.url, 'access_token=invented'), await me(mock.url, await signIn(mock.url))]).toEqual([401, 401, 200]);
  });

  it('only a forced status skips the state: generated values still need a live token', async () => {
    const mock = await startMock({ spec: AUTH_BUNDLE, workers: 1 });
    onTestFinished(() => mock.close());
    const dead = 'access_token=invented';
    expect([await me(mock.url, dead, 'dynamic=true'), await me(mock.url, dead, 'code=200')]).toEqual([401, 200]);
  });

  it('bound to every interface, the control is reached on loopback: startMock\'s methods work', async () => {
    const mock = await startMock({ spec: AUTH_BUNDLE, workers: 1, host: '0.0.0.0' });
    onTestFinished(() => mock.close());
    await mock.respondWith('getCurrentUser', 503 as never).catch(() => undefined);
    await mock.respondWith('getCurrentUser', 500);
    expect((await mock.state()).overrides).toEqual([{ operationId: 'getCurrentUser', status: 500, example: undefined, headers: {}, remaining: 1 }]);
  });

  it('with a seed, a token from before a reset never comes back as someone else\'s', async () => {
    const mock = await startMock({ spec: AUTH_BUNDLE, workers: 1, seed: 7 });
    onTestFinished(() => mock.close());
    const before = await signIn(mock.url);
    await mock.reset();
    const after = await signIn(mock.url);
    expect([before === after, await me(mock.url, before), await me(mock.url, after)]).toEqual([false, 401, 200]);
  });
});
