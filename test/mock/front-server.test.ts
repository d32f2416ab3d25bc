import { readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startFrontServer } from '../../src/mock/front-server.js';
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

describe('the front before the Prism CLI (startMock with engine: prism-cli, and --proxy)', () => {
  // A server closes a kept connection it found idle; a request the front sends on it just
  // then is never read, and the connection ends without an answer. The parity tests met it
  // (socket hang up, on a reused socket) where a part of authentik idled for 5 s.
  it('sends a request again, on a connection of its own, when the kept one it went out on is closed unanswered', async () => {
    let connections = 0;
    // Answers the first request of each connection and keeps it open; closes it, unanswered, at the second.
    const upstream = createServer((socket) => {
      connections += 1;
      let heads = 0;
      let buffered = '';
      socket.on('data', (chunk) => {
        buffered += chunk.toString('latin1');
        while (buffered.includes('\r\n\r\n')) {
          buffered = buffered.slice(buffered.indexOf('\r\n\r\n') + 4);
          heads += 1;
          if (heads === 1) socket.write(`HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1\r\nConnection: keep-alive\r\n\r\n${connections}`);
          else socket.destroy();
        }
      });
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => void upstream.close());
    const front = await startFrontServer({ host: '127.0.0.1', port: 0, upstream: { host: '127.0.0.1', port: (upstream.address() as AddressInfo).port }, document: undefined });
    onTestFinished(() => front.close());
    const answers: string[] = [];
    for (const path of ['/first', '/second']) answers.push(await (await fetch(`${front.url}${path}`)).text());
    // The second went out on the first connection, was not answered there, and was answered on a second one.
    expect(answers).toEqual(['1', '2']);
    expect(connections).toBe(2);
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
