import { execFileSync } from 'node:child_process';
import { copyFile, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { loadPrismOperations } from '../../src/mock/engine/prism-operations.js';
import { startMock, type MockEvent } from '../../src/mock/index.js';
import { isAlive } from '../helpers/process-alive.js';
import { AUTH_BUNDLE } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait.js';

const ME = '/api/v1/auth/me';
const workersOf = (pid: number): number[] =>
  execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(pid)], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes('engine-process'))
    .map((line) => Number(line.trim().split(/\s+/)[0]));

describe('the engine, as browsers see it', () => {
  it('a credentialed request gets its own origin back, never *, and the headers it may read by name', async () => {
    const mock = await startMock({ spec: AUTH_BUNDLE, workers: 1 });
    onTestFinished(() => mock.close());
    const response = await fetch(`${mock.url}${ME}`, { headers: { origin: 'http://app.test:5173', cookie: 'access_token=t', prefer: 'code=429' } });
    expect(response.status).toBe(429);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://app.test:5173');
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    // Retry-After is documented on the 429; `*` would be ignored by a browser sending credentials.
    expect(response.headers.get('access-control-expose-headers')).toBe('Retry-After');
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('answers a preflight for the page that asks, with the method and headers it asked for', async () => {
    const mock = await startMock({ spec: AUTH_BUNDLE, workers: 1 });
    onTestFinished(() => mock.close());
    const response = await fetch(`${mock.url}${ME}`, { method: 'OPTIONS', headers: { origin: 'http://app.test', 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-request-id' } });
    expect(response.status).toBe(204);
    expect(Object.fromEntries([...response.headers].filter(([name]) => name.startsWith('access-control-')))).toEqual({
      'access-control-allow-origin': 'http://app.test',
      'access-control-allow-credentials': 'true',
      'access-control-allow-headers': 'x-request-id',
      'access-control-allow-methods': 'GET',
    });
  });
});

describe('the engine stays up', { timeout: 60_000 }, () => {
  it('a worker that dies is replaced, and the others serve meanwhile', async () => {
    const events: MockEvent[] = [];
    const mock = await startMock({ spec: AUTH_BUNDLE, workers: 2, onEvent: (event) => events.push(event) });
    onTestFinished(() => mock.close());
    const before = workersOf(mock.pid!);
    expect(before).toHaveLength(2);
    process.kill(before[0]!, 'SIGKILL');
    // Every request in the meantime is answered, by the worker left.
    const statuses = [];
    for (let index = 0; index < 20; index += 1) statuses.push((await fetch(`${mock.url}${ME}`, { headers: { cookie: 'access_token=t', prefer: 'code=200' }, signal: AbortSignal.timeout(5_000) })).status);
    expect(new Set(statuses)).toEqual(new Set([200]));
    const after = await waitFor('a new worker', () => {
      const now = workersOf(mock.pid!);
      return now.length === 2 && !now.includes(before[0]!) ? now : undefined;
    });
    expect(after).toContain(before[1]);
    expect(events.filter((event) => event.type === 'log').map((event) => (event as { line: string }).line)).toEqual([expect.stringMatching(new RegExp(`^engine worker ${before[0]} ended \\(SIGKILL\\); starting another$`))]);
  });

  it('a request it cannot handle gets a 500 problem with the reason, and the next one is served', async () => {
    const mock = await startMock({ spec: AUTH_BUNDLE, workers: 1 });
    onTestFinished(() => mock.close());
    // `//` is a path no URL can be built from.
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect({ host: mock.host, port: mock.port }, () => socket.write(`GET // HTTP/1.1\r\nHost: ${mock.host}\r\nConnection: close\r\n\r\n`));
      let text = '';
      socket.on('data', (chunk) => (text += chunk));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 500 /);
    expect(raw).toContain('content-type: application/problem+json');
    expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 500, title: 'The mock could not handle this request', detail: 'Invalid URL' });
    expect((await fetch(`${mock.url}${ME}`, { headers: { cookie: 'access_token=t', prefer: 'code=200' } })).status).toBe(200);
  });

  it('listens on 127.0.0.1 unless told otherwise, and its processes end on close()', async () => {
    const mock = await startMock({ spec: AUTH_BUNDLE, workers: 2 });
    expect(mock.url).toBe(`http://127.0.0.1:${mock.port}`);
    const processes = [mock.pid!, ...workersOf(mock.pid!)];
    expect(processes).toHaveLength(3);
    await mock.close();
    await waitFor('every process to end', () => (processes.every((pid) => !isAlive(pid)) ? true : undefined), 5_000).catch(() => undefined);
    expect(processes.filter((pid) => isAlive(pid))).toEqual([]);
  });
});

describe("the engine's spec", () => {
  it('parses a spec once: then its operations come from the cache, until its content changes', async () => {
    const dir = await tempDir('engine-cache-');
    const spec = join(dir, 'openapi.json');
    await copyFile(AUTH_BUNDLE, spec);
    const previous = process.env.AUTHKIT_CACHE_DIR;
    process.env.AUTHKIT_CACHE_DIR = join(dir, 'cache');
    onTestFinished(() => {
      if (previous === undefined) delete process.env.AUTHKIT_CACHE_DIR;
      else process.env.AUTHKIT_CACHE_DIR = previous;
    });
    const cold = await loadPrismOperations(spec);
    const warm = await loadPrismOperations(spec);
    expect([cold.cached, warm.cached]).toEqual([false, true]);
    expect(warm.operations.map((operation) => `${operation.method} ${operation.path}`)).toEqual(cold.operations.map((operation) => `${operation.method} ${operation.path}`));
    expect(await readdir(join(dir, 'cache', 'prism-operations'))).toHaveLength(1);

    const document = JSON.parse(await readFile(spec, 'utf8'));
    document.info.title = 'Changed';
    await writeFile(spec, JSON.stringify(document));
    expect((await loadPrismOperations(spec)).cached).toBe(false);
    // A cache file cut short is parsed again, not trusted.
    const [first] = await readdir(join(dir, 'cache', 'prism-operations'));
    await writeFile(join(dir, 'cache', 'prism-operations', first!), 'not v8');
    await writeFile(spec, await readFile(AUTH_BUNDLE, 'utf8'));
    const again = await loadPrismOperations(spec);
    expect(again.operations).toHaveLength(cold.operations.length);
  });

  /** The user names 10 fresh connections get: one per worker that answered, whichever it was. */
  const namesServed = async (url: string) => {
    const names = new Set<string>();
    for (let index = 0; index < 10; index += 1) names.add(((await (await fetch(`${url}${ME}`, { headers: { cookie: 'access_token=t', prefer: 'code=200', connection: 'close' } })).json()) as { displayName: string }).displayName);
    return names;
  };

  /** Two workers serving a copy of the Auth API's bundle, which the test may edit; every event recorded. */
  const watchedMock = async (prefix: string) => {
    const dir = await tempDir(prefix);
    const spec = join(dir, 'openapi.json');
    await copyFile(AUTH_BUNDLE, spec);
    const events: MockEvent[] = [];
    const mock = await startMock({ spec, workers: 2, onEvent: (event) => events.push(event) });
    onTestFinished(() => mock.close());
    return { dir, spec, events, mock };
  };

  it('serves an edit of the spec it watches once it says `reloaded`, in every worker', async () => {
    const { dir, spec, events, mock } = await watchedMock('engine-reload-');
    const document = JSON.parse(await readFile(spec, 'utf8'));
    const example = (await (await fetch(`${mock.url}${ME}`, { headers: { cookie: 'access_token=t', prefer: 'code=200' } })).json()) as { displayName: string };
    expect(example.displayName).toBe('Ada Lovelace');
    // The name is in the bundle twice (the user schema's example, and a request's); both change.
    const original = JSON.stringify(document);
    expect(original.match(/"Ada Lovelace"/g)).toHaveLength(2);
    const edited = original.replaceAll('"Ada Lovelace"', '"Grace Hopper"');
    // Replaced the way the generator writes: a new file renamed over the old one.
    await writeFile(join(dir, 'next.json'), edited);
    await rename(join(dir, 'next.json'), spec);
    await waitFor('reloaded', () => (events.some((event) => event.type === 'reloaded') ? true : undefined));
    expect(events.filter((event) => event.type === 'reloading' || event.type === 'reloaded').map((event) => event.type)).toEqual(['reloading', 'reloaded']);
    expect(await namesServed(mock.url)).toEqual(new Set(['Grace Hopper']));
  });

  it('reloads every worker while requests keep coming (their reports do not stand for the reload\'s answer)', async () => {
    const { dir, spec, events, mock } = await watchedMock('engine-reload-busy-');
    let traffic = true;
    const load = (async () => {
      while (traffic) await fetch(`${mock.url}${ME}`, { headers: { cookie: 'access_token=t', connection: 'close' } }).then((response) => response.arrayBuffer()).catch(() => undefined);
    })();
    onTestFinished(() => void (traffic = false));
    const edited = (await readFile(spec, 'utf8')).replaceAll('"Ada Lovelace"', '"Grace Hopper"');
    await writeFile(join(dir, 'next.json'), edited);
    await rename(join(dir, 'next.json'), spec);
    await waitFor('reloaded', () => (events.some((event) => event.type === 'reloaded') ? true : undefined));
    traffic = false;
    await load;
    expect(await namesServed(mock.url)).toEqual(new Set(['Grace Hopper']));
  });

  it("keeps Prism's Prefer: an example by name, the first by default, dynamic values on request", async () => {
    const dir = await tempDir('engine-prefer-');
    const spec = join(dir, 'openapi.json');
    const greeting = { type: 'object', required: ['text'], properties: { text: { type: 'string', minLength: 1 } } };
    await writeFile(spec, JSON.stringify({
      openapi: '3.1.0',
      info: { title: 'Greetings', version: '1' },
      paths: { '/greeting': { get: { operationId: 'greet', responses: { '200': { description: 'A greeting', content: { 'application/json': { schema: greeting, examples: { hello: { value: { text: 'hello' } }, bye: { value: { text: 'bye' } } } } } } } } } },
    }));
    const mock = await startMock({ spec, workers: 1 });
    onTestFinished(() => mock.close());
    const ask = async (prefer?: string) => (await (await fetch(`${mock.url}/greeting`, { headers: prefer ? { prefer } : {} })).json()) as { text: unknown };
    expect(await ask()).toEqual({ text: 'hello' });
    expect(await ask('example=bye')).toEqual({ text: 'bye' });
    expect(await ask()).toEqual({ text: 'hello' }); // the cached answer for one example is not another's
    const dynamic = await ask('dynamic=true');
    expect(dynamic.text).toEqual(expect.any(String));
    expect(['hello', 'bye']).not.toContain(dynamic.text);
  });
});


describe('the engine answers the same request again from memory, where nothing can change the answer', { timeout: 60_000 }, () => {
  /** The answer's bytes as they came off the socket, without the Date line (the one line that moves). */
  const rawAnswer = (port: number, request: string) =>
    new Promise<string>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port }, () => socket.write(request));
      let text = '';
      socket.on('data', (chunk) => (text += chunk));
      socket.on('end', () => resolve(text.replace(/^Date: .*\r\n/im, '')));
      socket.on('error', reject);
    });

  it('answers each request shape byte for byte as it did the first time: CORS, exposed headers, violations, field errors, problems', async () => {
    const mock = await startMock({ spec: AUTH_BUNDLE, workers: 1 });
    onTestFinished(() => mock.close());
    const shapes = [
      `GET ${ME} HTTP/1.1\r\nHost: x\r\ncookie: access_token=t\r\nprefer: code=200\r\nConnection: close\r\n\r\n`,
      `GET ${ME} HTTP/1.1\r\nHost: x\r\norigin: http://app.test\r\ncookie: access_token=t\r\nprefer: code=429\r\nConnection: close\r\n\r\n`,
      `HEAD ${ME} HTTP/1.1\r\nHost: x\r\ncookie: access_token=t\r\nprefer: code=200\r\nConnection: close\r\n\r\n`,
      `GET ${ME} HTTP/1.1\r\nHost: x\r\nprefer: code=200\r\nConnection: close\r\n\r\n`,
      `POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\ncontent-length: 0\r\nConnection: close\r\n\r\n`,
      `GET /nowhere?x=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
    ];
    for (const shape of shapes) {
      const first = await rawAnswer(mock.port, shape);
      expect(first).toMatch(/^HTTP\/1\.1 \d{3} /);
      expect([await rawAnswer(mock.port, shape), await rawAnswer(mock.port, shape)]).toEqual([first, first]);
    }
    // What each shape was for, so that the comparison above compares what it should.
    const [ok, limited, , anonymous, invalid, nowhere] = await Promise.all(shapes.map((shape) => rawAnswer(mock.port, shape)));
    expect(ok).toMatch(/^HTTP\/1\.1 200 /);
    expect(limited).toMatch(/^HTTP\/1\.1 429 [^]*access-control-allow-origin: http:\/\/app\.test\r\n[^]*access-control-expose-headers: Retry-After\r\n/i);
    expect(anonymous).toMatch(/^HTTP\/1\.1 401 /);
    expect(invalid).toMatch(/^HTTP\/1\.1 (400|422) [^]*sl-violations: /i);
    expect(nowhere).toMatch(/^HTTP\/1\.1 404 /);
  });

  it('a request that differs in any header is answered for itself', async () => {
    const mock = await startMock({ spec: AUTH_BUNDLE, workers: 1 });
    onTestFinished(() => mock.close());
    const ask = (headers: Record<string, string>) => fetch(`${mock.url}${ME}`, { headers: { prefer: 'code=200', ...headers } });
    expect((await ask({ cookie: 'access_token=t' })).status).toBe(200);
    expect((await ask({ cookie: 'access_token=t' })).status).toBe(200);
    expect((await ask({})).status).toBe(401);
    expect((await ask({ cookie: 'access_token=t', origin: 'http://one.test' })).headers.get('access-control-allow-origin')).toBe('http://one.test');
    expect((await ask({ cookie: 'access_token=t', origin: 'http://two.test' })).headers.get('access-control-allow-origin')).toBe('http://two.test');
    expect((await ask({ cookie: 'access_token=t', prefer: 'code=429' })).status).toBe(429);
  });

  it('a forced answer queued after the request was answered still wins, as often as asked', async () => {
    const mock = await startMock({ spec: AUTH_BUNDLE, workers: 1 });
    onTestFinished(() => mock.close());
    const status = async () => (await fetch(`${mock.url}${ME}`, { headers: { cookie: 'access_token=t', prefer: 'code=200' } })).status;
    expect([await status(), await status()]).toEqual([200, 200]);
    await mock.respondWith('getCurrentUser', 500, { times: 1 });
    expect([await status(), await status()]).toEqual([500, 200]);
  });

  it('answers what the state decides from memory only while the state decides it alike: the same request, before and after logout', async () => {
    const mock = await startMock({ spec: AUTH_BUNDLE, workers: 1 });
    onTestFinished(() => mock.close());
    const login = await fetch(`${mock.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'ada@example.com', password: 'correct-horse-battery' }) });
    expect(login.status).toBe(200);
    const cookie = login.headers.getSetCookie().map((line) => line.split(';', 1)[0]!).join('; ');
    const me = async () => (await fetch(`${mock.url}${ME}`, { headers: { cookie } })).status;
    expect([await me(), await me()]).toEqual([200, 200]);
    expect((await fetch(`${mock.url}/api/v1/auth/logout`, { method: 'POST', headers: { cookie } })).ok).toBe(true);
    expect([await me(), await me()]).toEqual([401, 401]);
  });

  it('never keeps an answer made of generated values', async () => {
    const mock = await startMock({ spec: AUTH_BUNDLE, workers: 1, stateless: true });
    onTestFinished(() => mock.close());
    const generated = async () => (await (await fetch(`${mock.url}${ME}`, { headers: { cookie: 'access_token=t', prefer: 'dynamic=true' } })).json()) as { id: unknown };
    const ids = new Set([(await generated()).id, (await generated()).id, (await generated()).id]);
    expect(ids.size).toBeGreaterThan(1);
  });
});

describe('the engine validates each request for itself', { timeout: 60_000 }, () => {
  it('a request is judged by what it sends: declared headers, query and body, whatever came before', async () => {
    const dir = await tempDir('engine-validate-');
    const spec = join(dir, 'openapi.json');
    const note = { type: 'object', required: ['text'], properties: { text: { type: 'string', minLength: 1 } }, additionalProperties: false };
    const parameters = [
      { name: 'X-Tenant', in: 'header', required: true, schema: { type: 'string', pattern: '^t-' } },
      { name: 'limit', in: 'query', schema: { type: 'integer', maximum: 10 } },
    ];
    await writeFile(spec, JSON.stringify({
      openapi: '3.1.0',
      info: { title: 'Notes', version: '1' },
      paths: {
        '/notes': {
          get: { operationId: 'listNotes', parameters, responses: { '200': { description: 'The notes', content: { 'application/json': { schema: { type: 'array', items: note }, example: [{ text: 'hi' }] } } } } },
          post: { operationId: 'addNote', parameters, requestBody: { required: true, content: { 'application/json': { schema: note } } }, responses: { '201': { description: 'Added', content: { 'application/json': { schema: note, example: { text: 'hi' } } } } } },
        },
      },
    }));
    const mock = await startMock({ spec, workers: 1 });
    onTestFinished(() => mock.close());
    let id = 0;
    // A header no operation reads, new on every request: each one goes to Prism.
    const list = async (query: string, headers: Record<string, string>) => (await fetch(`${mock.url}/notes${query}`, { headers: { 'x-request-id': String((id += 1)), ...headers } })).status;
    const add = async (body: unknown, headers: Record<string, string> = { 'x-tenant': 't-1' }) =>
      (await fetch(`${mock.url}/notes`, { method: 'POST', headers: { 'x-request-id': String((id += 1)), 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })).status;
    const statuses = [
      await list('', { 'x-tenant': 't-1' }),
      await list('', {}),
      await list('', { 'x-tenant': 'nope' }),
      await list('', { 'X-Tenant': 't-2' }),
      await list('?limit=11', { 'x-tenant': 't-1' }),
      await list('?limit=3', { 'x-tenant': 't-1' }),
      await add({ text: 'a' }),
      await add({ text: '' }),
      await add({ text: 'a', more: 1 }),
      await add({ text: 'aa' }),
      // As long as the one before, byte for byte.
      await add({ txet: 'aa' }),
      await add({ text: 'a' }, {}),
    ];
    const ok = (status: number) => (status < 300 ? 'ok' : 'rejected');
    expect(statuses.map(ok)).toEqual(['ok', 'rejected', 'rejected', 'ok', 'rejected', 'ok', 'ok', 'rejected', 'rejected', 'ok', 'rejected', 'rejected']);
  });
});
