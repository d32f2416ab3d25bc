import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startMock } from '../../src/mock/index.js';
import type { MockEvent } from '../../src/mock/index.js';
import { startCliServer } from '../helpers/cli-server.js';
import { AUTH_BUNDLE } from '../helpers/paths.js';
import { waitFor } from '../helpers/wait.js';

const bundle = JSON.parse(readFileSync(AUTH_BUNDLE, 'utf8'));
const deref = (node: any): any => (node?.$ref ? deref(node.$ref.slice(2).split('/').reduce((at: any, key: string) => at[key], bundle)) : node);

/** Sends raw bytes and resolves with whatever the server answers before closing. */
function rawExchange(port: number, head: string, body: Buffer): Promise<{ answer: string; bytesWritten: number }> {
  return new Promise((resolve) => {
    let answer = '';
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.write(head);
      socket.write(body);
    });
    socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
    socket.on('close', () => resolve({ answer, bytesWritten: socket.bytesWritten }));
    socket.on('error', () => {});
  });
}

describe('the mock\'s front', () => {
  it('answers 413 as soon as Content-Length says too much, without waiting for a body that never comes; other requests go on', async () => {
    const mock = await startMock({ spec: AUTH_BUNDLE, maxBodyBytes: 64 * 1024 });
    onTestFinished(() => mock.close());
    const pending = rawExchange(mock.port, 'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 104857600\r\n\r\n', Buffer.from('{"email":'));
    const meanwhile = await fetch(`${mock.url}/api/v1/auth/me`, { headers: { cookie: 'access_token=t', prefer: 'code=200' } });
    expect(meanwhile.status).toBe(200);
    const { answer } = await pending; // resolves only because the server answered and closed: 100 MB never came
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toContain('application/problem+json');
    expect(answer).toContain('The mock accepts request bodies up to 65536 bytes.');
  });

  it('answers 413 for a chunked body once it passes the limit', async () => {
    const mock = await startMock({ spec: AUTH_BUNDLE, maxBodyBytes: 64 * 1024 });
    onTestFinished(() => mock.close());
    const chunk = Buffer.alloc(16 * 1024, 'a');
    const chunks = Buffer.concat(Array.from({ length: 8 }, () => Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')])));
    const { answer } = await rawExchange(mock.port, 'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n', chunks);
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
  });

  it('answers a JSON body that does not parse with the spec\'s own documented 400, not Prism\'s private shape', async () => {
    const mock = await startMock({ spec: AUTH_BUNDLE });
    onTestFinished(() => mock.close());
    const response = await fetch(`${mock.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email": broken' });
    expect(response.status).toBe(400);
    const documented = deref(bundle.paths['/api/v1/auth/login'].post.responses['400']).content['application/json'];
    expect(await response.json()).toEqual(documented.example);
  });

  it('reports each request once, with its status and time', async () => {
    const events: MockEvent[] = [];
    const mock = await startMock({ spec: AUTH_BUNDLE, onEvent: (event) => events.push(event) });
    onTestFinished(() => mock.close());
    await fetch(`${mock.url}/api/v1/auth/me`, { headers: { cookie: 'access_token=t', prefer: 'code=429' } });
    await fetch(`${mock.url}/api/v1/auth/me?x=1`, { headers: { cookie: 'access_token=t' } });
    // Each worker reports its requests over IPC, which may land a moment after the answer.
    const requests = await waitFor('two request events', () => {
      const seen = events.filter((event) => event.type === 'request');
      return seen.length >= 2 ? seen : undefined;
    });
    await new Promise((resolve) => setTimeout(resolve, 200)); // and no third one comes
    expect(events.filter((event) => event.type === 'request')).toHaveLength(2);
    expect(requests.map((event) => [event.method, event.url, event.status])).toEqual([
      ['GET', '/api/v1/auth/me', 429],
      // An invented token: the mock remembers no such session.
      ['GET', '/api/v1/auth/me?x=1', 401],
    ]);
    expect(requests.map((event) => Number.isFinite(event.durationMs) && event.durationMs >= 0)).toEqual([true, true]);
  });
});

describe('authkit mock prints one line per request', () => {
  it.each([
    [[], 3],
    [['--quiet'], 0],
  ])('%j: %i request lines for 3 requests', async (flags, lines) => {
    const server = await startCliServer((port) => ['mock', '--port', String(port), ...flags], 'Ctrl-C stops', { env: { NO_COLOR: '1' } });
    onTestFinished(() => server.kill('SIGKILL'));
    for (const status of [200, 401, 429]) await fetch(`http://127.0.0.1:${server.port}/api/v1/auth/me`, { headers: { cookie: 'access_token=t', prefer: `code=${status}` } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(server.output().split('\n').filter((line) => /^\s+GET\s+\/api\/v1\/auth\/me → \d{3} \d+ ms$/.test(line))).toHaveLength(lines);
    expect(server.output()).not.toContain('Request received'); // Prism's own chatter stays out unless --verbose
    server.kill('SIGTERM');
  });
});
