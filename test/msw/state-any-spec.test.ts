import { join } from 'node:path';
import { setupServer } from 'msw/node';
import { afterEach, describe, expect, it } from 'vitest';
import { readStatePlan } from '../../src/mock-state/read-plan.js';
import { startMock } from '../../src/mock/index.js';
import { createMockHandlers } from '../../src/msw/index.js';
import { readDocument } from '../../src/openapi/read-document.js';
import { fixture, ROOT } from '../helpers/paths.js';

// What the mock remembers is read from any spec, not only the Auth API: bearer tokens
// in bodies, a collection by convention, the starter spec `authkit init` writes. The
// rules are the MSW handlers' and the engine's alike; most rows run in this process.
const BASE = 'http://localhost:4010';
const servers: Array<{ close(): void }> = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

async function handlersFor(file: string, options: Parameters<typeof createMockHandlers>[1] = {}) {
  const document = await readDocument(file);
  const mocks = createMockHandlers(document, { baseUrl: BASE, ...options });
  const server = setupServer(...mocks.handlers);
  server.listen({ onUnhandledRequest: 'error' });
  servers.push(server);
  return mocks;
}

const json = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  fetch(`${BASE}${path}`, { method, headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) }).then(async (response) => ({
    status: response.status,
    body: response.status === 204 ? undefined : ((await response.json()) as Record<string, any>),
  }));
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('bearer tokens in bodies (an OAuth-style spec)', () => {
  it('reads the slots from the schemes and the token fields from the answer', async () => {
    const reading = readStatePlan(await readDocument(fixture('state', 'bearer-sessions.yaml')));
    expect(reading.ok).toBe(true);
    if (!reading.ok) return;
    expect(reading.plan.sessions?.slots.map((slot) => [slot.name, slot.carriers, slot.lifetimeSeconds])).toEqual([
      ['access', [{ in: 'bearer' }], 3600],
      ['refresh', [], 1_209_600],
    ]);
    expect(reading.plan.sessions?.credentials).toEqual({ identifier: 'username', secret: 'password', caseInsensitive: false });
    expect(reading.plan.operations['POST /token']!.shapes['200']).toEqual([
      { at: ['access_token'], fill: 'token', slot: 'access' },
      { at: ['refresh_token'], fill: 'token', slot: 'refresh' },
      { at: ['expires_in'], fill: 'lifetime', slot: 'access' },
    ]);
    expect(reading.plan.operations['POST /token/refresh']!.bodyTokenField).toBe('refresh_token');
  });

  it('signs in, is the user, rotates by the body\'s refresh token, signs out', async () => {
    await handlersFor(fixture('state', 'bearer-sessions.yaml'));
    const wrong = await json('POST', '/token', { username: 'grace', password: 'not-it-at-all' });
    const signedIn = await json('POST', '/token', { username: 'grace', password: 'hunter2-hunter2' });
    const { access_token: access, refresh_token: refresh } = signedIn.body!;
    const profile = await json('GET', '/profile', undefined, bearer(access));
    const rotated = await json('POST', '/token/refresh', { refresh_token: refresh });
    const reused = await json('POST', '/token/refresh', { refresh_token: refresh });
    const oldAccess = await json('GET', '/profile', undefined, bearer(access));
    const newAccess = await json('GET', '/profile', undefined, bearer(rotated.body!.access_token));
    const out = await json('POST', '/token/revoke', undefined, bearer(rotated.body!.access_token));
    const after = await json('GET', '/profile', undefined, bearer(rotated.body!.access_token));
    expect({
      wrong: wrong.status,
      signedIn: [signedIn.status, signedIn.body!.token_type, signedIn.body!.expires_in, access === 'example-access-token', refresh === 'example-refresh-token', access === refresh],
      profile: [profile.status, profile.body!.username],
      rotated: [rotated.status, rotated.body!.access_token === access, rotated.body!.refresh_token === refresh],
      reused: [reused.status, reused.body!.error],
      oldAccess: oldAccess.status,
      newAccess: newAccess.status,
      out: out.status,
      after: after.status,
    }).toEqual({
      wrong: 401,
      signedIn: [200, 'Bearer', 3600, false, false, false],
      profile: [200, 'grace'],
      rotated: [200, false, false],
      reused: [401, 'invalid_token'],
      oldAccess: 401,
      newAccess: 200,
      out: 204,
      after: 401,
    });
  });

  it('the engine answers the same spec the same way', async () => {
    const mock = await startMock({ spec: fixture('state', 'bearer-sessions.yaml'), workers: 1 });
    try {
      const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => fetch(`${mock.url}${path}`, { method, headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
      const signedIn = (await (await call('POST', '/token', { username: 'grace', password: 'hunter2-hunter2' })).json()) as { access_token: string };
      const statuses = [(await call('GET', '/profile', undefined, bearer(signedIn.access_token))).status, (await call('GET', '/profile', undefined, bearer('invented'))).status];
      expect(statuses).toEqual([200, 401]);
    } finally {
      await mock.close();
    }
  });
});

describe('a collection by convention', () => {
  it('starts with the documented entities, then creates, reads, replaces, updates and deletes by id; an unknown id is the documented 404', async () => {
    await handlersFor(fixture('state', 'notes-collection.yaml'));
    const first = await json('GET', '/notes');
    const created = await json('POST', '/notes', { text: 'Third' });
    const listed = await json('GET', '/notes');
    const read = await json('GET', `/notes/${created.body!.noteId}`);
    const replaced = await json('PUT', `/notes/${created.body!.noteId}`, { text: 'Third, again' });
    const updated = await json('PATCH', '/notes/1', { done: true });
    const deleted = await json('DELETE', '/notes/2');
    const gone = await json('GET', '/notes/2');
    const unknown = await json('PATCH', '/notes/99', { done: true });
    const last = await json('GET', '/notes');
    expect({
      first: [first.status, first.body!.items.map((note: { noteId: number }) => note.noteId), first.body!.total],
      created: [created.status, created.body!.noteId, created.body!.text, created.body!.done, created.body!.createdAt === '2026-01-01T10:00:00Z'],
      listed: listed.body!.items.map((note: { noteId: number }) => note.noteId),
      read: [read.status, read.body!.text],
      replaced: [replaced.status, replaced.body!.text, replaced.body!.createdAt === created.body!.createdAt],
      updated: [updated.status, updated.body!.text, updated.body!.done],
      deleted: deleted.status,
      gone: [gone.status, gone.body!.message],
      unknown: unknown.status,
      last: [last.body!.items.map((note: { noteId: number }) => note.noteId), last.body!.total],
    }).toEqual({
      first: [200, [2, 1], 2],
      // The next whole number after the documented ids; the body over the documented note; a fresh timestamp.
      created: [201, 3, 'Third', false, false],
      listed: [3, 2, 1],
      read: [200, 'Third'],
      replaced: [200, 'Third, again', true],
      updated: [200, 'First', true],
      deleted: 204,
      gone: [404, 'Not found'],
      unknown: 404,
      last: [[3, 1], 2],
    });
  });

  it('`authkit init`\'s starter spec marks its items as one: a created item is listed and read back', async () => {
    await handlersFor(join(ROOT, 'templates', 'init', 'spec', 'openapi.yaml'));
    const token = bearer('any-token: no session is marked, so presence is enough');
    const created = await json('POST', '/api/v1/items', { name: 'Water the plants' }, token);
    const listed = await json('GET', '/api/v1/items', undefined, token);
    const read = await json('GET', `/api/v1/items/${created.body!.id}`, undefined, token);
    const unknown = await json('GET', '/api/v1/items/00000000-0000-4000-8000-000000000000', undefined, token);
    expect([created.status, listed.body!.items.map((item: { name: string }) => item.name), read.body!.name, unknown.status]).toEqual([201, ['Water the plants', 'Buy oat milk', 'Call the plumber'], 'Water the plants', 404]);
  });

  it('without a mark, or with collections off, the same spec answers as Prism does; the config turns every fitting path on', async () => {
    const document = await readDocument(fixture('state', 'notes-collection.yaml'));
    delete document.paths['/notes']['x-authkit-collection'];
    const plan = (options: { collections?: boolean }) => {
      const reading = readStatePlan(document, options);
      return reading.ok ? reading.plan.collections.map((collection) => [collection.path, collection.itemPath, collection.idProperty, collection.idKind]) : reading.problems;
    };
    expect(plan({})).toEqual([]);
    expect(plan({ collections: true })).toEqual([['/notes', '/notes/{noteId}', 'noteId', 'integer']]);
  });
});

describe('marks the mock cannot use', () => {
  it.each([
    ['a misspelt role', fixture('state', 'bad-session-mark.yaml'), [{ pointer: '#/paths/~1login/post/x-authkit-session', message: '"craete" is not a session role; use one of create, rotate, destroy, register, current-user, list, revoke, none' }]],
    ['a path under the control prefix', fixture('state', 'reserved-path.yaml'), [{ pointer: '#/paths/~1__authkit~1state', message: '/__authkit/state is under /__authkit/, which the mock keeps for its control (respond-with, reset, state): rename the path' }]],
  ])('%s: each problem at its JSON pointer', async (_name, file, problems) => {
    expect(readStatePlan(await readDocument(file))).toEqual({ ok: false, problems });
  });

  it('a role with no sign-in to go with it', async () => {
    const document = await readDocument(fixture('state', 'bad-session-mark.yaml'));
    document.paths['/login'].post['x-authkit-session'] = 'destroy';
    expect(readStatePlan(document)).toEqual({ ok: false, problems: [{ pointer: '#/paths/~1login/post/x-authkit-session', message: 'destroy needs an operation marked `x-authkit-session: create` (the sign-in)' }] });
  });
});
