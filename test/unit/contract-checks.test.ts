import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createApiClient } from '../../src/client/create-api-client.js';
import type { CheckName, ContractCase } from '../../src/contract/cases.js';
import { runChecks, type WireResponse } from '../../src/contract/checks.js';
import { buildCases } from '../../src/contract/build-cases.js';
import { createSchemaValidator } from '../../src/schema/schema-validator.js';
import { AUTH_BUNDLE } from '../helpers/paths.js';

const document = JSON.parse(readFileSync(AUTH_BUNDLE, 'utf8'));
const validator = createSchemaValidator(document);
const { documented, negatives } = buildCases(document);
const caseFor = (id: string): ContractCase => [...documented, ...negatives].find((candidate) => candidate.id === id)!;

const user = { id: '3f6b0c1e-6d1a-4f0e-9b7e-2a4c8d5e9f10', email: 'ada@example.com', displayName: 'Ada', createdAt: '2026-01-15T09:30:00Z' };
const json = (status: number, body: unknown, headers: Record<string, string> = {}): WireResponse => ({
  status,
  headers: new Headers({ 'content-type': 'application/json', ...headers }),
  text: typeof body === 'string' ? body : JSON.stringify(body),
});

/** The client's view of a wire response: the real client over a fetch that replays it. */
async function clientView(wire: WireResponse, method: string, path: string) {
  const api = createApiClient<any>({ baseUrl: 'http://contract.invalid', fetch: async () => new Response(wire.text || null, { status: wire.status, headers: wire.headers }) });
  return (api as any)[method](path, {});
}

async function check(id: string, wire: WireResponse) {
  const contractCase = caseFor(id);
  const client = await clientView(wire, contractCase.operation.method.toUpperCase(), contractCase.operation.path);
  const documentedResponse = contractCase.operation.responses.find((response) => response.key === String(wire.status));
  const results = runChecks({ contractCase, documented: documentedResponse, wire, client, forced: true, validator, document });
  return Object.fromEntries(results.map((result) => [result.name, result])) as unknown as Record<CheckName, { outcome: string; message?: string }>;
}

// [case, what the wire carried, the check that must fail, words its message must carry]
const failures: Array<[string, string, WireResponse, CheckName, RegExp]> = [
  ['GET /api/v1/auth/me → 200', 'a different status', json(500, { code: 500, detail: 'x', type: 'internal_error' }), 'status_code_conformance', /expected 200, got 500/],
  ['GET /api/v1/auth/me → 200', 'an HTML page', { status: 200, headers: new Headers({ 'content-type': 'text/html' }), text: '<html></html>' }, 'content_type_conformance', /text\/html is not one of application\/json/],
  ['GET /api/v1/auth/me → 200', 'a body missing a required field', json(200, { ...user, email: undefined }), 'response_schema_conformance', /must have required property 'email'/],
  ['GET /api/v1/auth/me → 200', 'a bad email format', json(200, { ...user, email: 'nope' }), 'response_schema_conformance', /must match format "email"/],
  ['POST /api/v1/auth/login → 429', 'no Retry-After', json(429, { code: 429, detail: 'slow down', type: 'rate_limited' }), 'response_headers_conformance', /Retry-After is required but missing/],
  ['POST /api/v1/auth/login → 429', 'a Retry-After that is not a number', json(429, { code: 429, detail: 'slow down', type: 'rate_limited' }, { 'retry-after': 'soon' }), 'response_headers_conformance', /Retry-After: "soon"/],
  ['POST /api/v1/auth/logout → 200', 'a Set-Cookie that does not expire the cookie', json(200, { detail: 'Logged out' }, { 'set-cookie': 'access_token=abc; Path=/; HttpOnly' }), 'response_headers_conformance', /Set-Cookie: "access_token=abc/],
  ['GET /api/v1/auth/me → 404', "an envelope whose code is another status's", json(404, { code: 401, detail: 'Authentication failed', type: 'authentication_error' }), 'envelope_conformance', /code is 401 but the status is 404/],
  ['GET /api/v1/auth/me → 404', 'an error that is not the envelope', json(404, { message: 'not here' }), 'envelope_conformance', /lacks code, detail, type/],
  ['GET /api/v1/auth/me → 404', "Prism's own 404", { status: 404, headers: new Headers({ 'content-type': 'application/problem+json' }), text: JSON.stringify({ type: 'https://stoplight.io/prism/errors#NOT_FOUND', title: 'Not found', status: 404, detail: 'Requested status code 404 is not defined' }) }, 'not_mock_problem', /the mock answered with its own problem/],
  ['POST /api/v1/auth/register → 422 (invalid body)', 'errors[] that does not name the broken field', json(422, { code: 422, detail: 'Invalid', type: 'validation_error', errors: [{ loc: ['body', 'displayName'], msg: 'x', type: 'y' }] }), 'validation_errors_name_field', /errors\[\] names "displayName", not "email", the field that was broken/],
  ['DELETE /api/v1/auth/sessions/{sessionId} → 204', 'a body on a 204-documented response', { status: 200, headers: new Headers({ 'content-type': 'application/json' }), text: '{}' }, 'status_code_conformance', /expected 204, got 200/],
];

describe('each named check fails on what it guards against', () => {
  it.each(failures)('%s with %s: %s', async (id, _what, wire, name, message) => {
    const results = await check(id, wire);
    expect(results[name].outcome).toBe('fail');
    expect(results[name].message).toMatch(message);
  });
});

describe('and passes on a conforming response', () => {
  it('a documented 200 with its body', async () => {
    const results = await check('GET /api/v1/auth/me → 200', json(200, user));
    expect(Object.values(results).filter((result) => result.outcome === 'fail')).toEqual([]);
    expect(results.client_conformance.outcome).toBe('pass');
  });

  it('a documented 429 with the envelope and Retry-After', async () => {
    const results = await check('POST /api/v1/auth/login → 429', json(429, { code: 429, detail: 'slow down', type: 'rate_limited' }, { 'retry-after': '30' }));
    expect(Object.values(results).filter((result) => result.outcome === 'fail')).toEqual([]);
    expect(results.envelope_conformance.outcome).toBe('pass');
    expect(results.response_headers_conformance.outcome).toBe('pass');
  });
});

describe('the run\'s own exchange with the mock sends and reads what fetch does', () => {
  // An echo server: what reached it, and an answer of every shape the checks read.
  async function echoServer() {
    const { createServer } = await import('node:http');
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const seen = { method: request.method, url: request.url, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
        if (request.url?.startsWith('/empty')) {
          response.writeHead(204, 'Nothing Here', { 'x-trace': 'a' });
          return response.end();
        }
        response.setHeader('Set-Cookie', ['a=1; Path=/', 'b=2; HttpOnly']);
        response.setHeader('X-Twice', ['one', 'two']);
        response.writeHead(422, 'Unprocessable Stuff', { 'content-type': 'application/json; charset=utf-8' });
        response.end(`\uFEFF${JSON.stringify(seen)} é`);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, close: () => new Promise((resolve) => server.close(resolve)) };
  }

  it('gives the same request to the server and the same response to the client and the checks', async () => {
    const { createWireFetch } = await import('../../src/contract/wire-fetch.js');
    const server = await echoServer();
    const wireFetch = createWireFetch({ timeoutMs: 5_000, sockets: 2 });
    try {
      const form = new FormData();
      form.append('field', 'value');
      // As the client hands them over: a URL and an init (headers as a Headers, a plain record, or none).
      const requests = (): Array<[string, RequestInit]> => [
        [`${server.url}/items?q=1`, { method: 'POST', headers: new Headers({ 'Content-Type': 'application/json', Prefer: 'code=422' }), body: '{"a":1}' }],
        [`${server.url}/items`, { method: 'GET', headers: { Accept: 'application/xml', Cookie: 'sid=1' } }],
        [`${server.url}/items`, { method: 'PATCH' }],
        [`${server.url}/items`, { method: 'put' }],
        [`${server.url}/items/1`, { method: 'DELETE' }],
        [`${server.url}/items`, { method: 'POST', body: form }],
        [`${server.url}/items`, { method: 'POST', body: new URLSearchParams({ a: '1' }) }],
        [`${server.url}/items`, { method: 'POST', body: 'text' }],
        [`${server.url}/empty`, { method: 'POST', body: 'text' }],
      ];
      const viaFetch = await Promise.all(requests().map(async ([url, init]) => { const response = await fetch(url, init); return { response, text: await response.text() }; }));
      const viaWire = await Promise.all(requests().map(([url, init]) => wireFetch.send(url, init)));
      // What the server saw (the multipart boundary, random, aside): method, path, every header fetch sends, the body.
      const seen = (text: string) => (text === '' ? undefined : JSON.parse(text.slice(0, text.lastIndexOf(' ')).replace(/formdata-undici-\d+/g, 'boundary')));
      const shape = (response: Response) => ({ status: response.status, statusText: response.statusText, headers: [...response.headers].filter(([name]) => name !== 'date'), setCookie: response.headers.getSetCookie(), body: response.body !== null });
      for (const [index, expected] of viaFetch.entries()) {
        const { response, wire } = viaWire[index]!;
        expect(shape(response)).toEqual(shape(expected.response));
        expect(seen(wire.text)).toEqual(seen(expected.text));
        expect(await response.text()).toBe(wire.text);
        expect(wire.status).toBe(expected.response.status);
        expect([...wire.headers]).toEqual([...response.headers]);
      }
      // BOM stripped, UTF-8 decoded, as response.text() does.
      expect(viaWire[0]!.wire.text.startsWith('{')).toBe(true);
      expect(viaWire[0]!.wire.text.endsWith(' é')).toBe(true);
    } finally {
      wireFetch.close();
      await server.close();
    }
  });

  it('a request on a kept connection the mock resets without answering goes again, once, on a new one', async () => {
    const { createWireFetch } = await import('../../src/contract/wire-fetch.js');
    const { createServer } = await import('node:http');
    // As a mock that closed the connection as idle the moment a request came on it: the
    // second request on any connection is reset unanswered.
    const perSocket = new Map<unknown, number>();
    const seen: string[] = [];
    const server = createServer((request, response) => {
      const count = (perSocket.get(request.socket) ?? 0) + 1;
      perSocket.set(request.socket, count);
      seen.push(`${request.method} ${request.url} #${count}`);
      if (count > 1) return void request.socket.destroy();
      response.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const wireFetch = createWireFetch({ timeoutMs: 5_000, sockets: 1 });
    try {
      expect((await wireFetch.send(`${url}/a`, { method: 'GET' })).wire.text).toBe('ok');
      const again = await wireFetch.send(`${url}/b`, { method: 'POST', body: 'x' });
      expect([again.wire.status, again.wire.text]).toEqual([200, 'ok']);
      expect(seen).toEqual(['GET /a #1', 'POST /b #2', 'POST /b #1']);
      expect(perSocket.size).toBe(2);
    } finally {
      wireFetch.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
