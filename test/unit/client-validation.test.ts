import { readdir, readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ApiError, createApiClient, type SchemaModule, type SchemaViolation } from '../../src/index.js';
import * as schemas from '../../generated/schemas.js';
import type { paths as GalaxyPaths } from '../fixtures/zod/galaxy/api-types.js';
import * as galaxySchemas from '../fixtures/zod/galaxy/schemas.js';
import { envelope, sendJson, startWireServer } from '../helpers/wire-server.js';

const me = '/api/v1/auth/me' as const;
const ada = { id: '3f6b0c1e-6d1a-4f0e-9b7e-2a4c8d5e9f10', email: 'ada@example.com', displayName: 'Ada Lovelace', createdAt: '2026-01-15T09:30:00Z' };
/** `me` as a broken backend answers it: a number where the email is. */
const brokenMe = { ...ada, email: 42 };
const emailViolation: SchemaViolation = {
  method: 'GET',
  path: me,
  in: 'response',
  status: 200,
  pointer: '/email',
  message: 'Invalid input: expected string, received number',
  excerpt: '42',
};

async function serve(status: number, body: unknown) {
  return startWireServer((_req, res) => sendJson(res, status, body));
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("validate: 'warn'", () => {
  it('reports each violation with its operation, status, JSON pointer, message and excerpt, and returns the data', async () => {
    const server = await serve(200, brokenMe);
    const violations: SchemaViolation[] = [];
    const api = createApiClient({ baseUrl: server.url, schemas, validate: 'warn', onViolation: (violation) => violations.push(violation) });
    const result = await api.GET(me);
    expect(result.status).toBe(200);
    expect(result.data).toEqual(brokenMe);
    expect(result.error).toBeUndefined();
    expect(violations).toEqual([emailViolation]);
  });

  it('without onViolation, one console.warn line per violation', async () => {
    const server = await serve(200, { ...brokenMe, displayName: '' });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const result = await createApiClient({ baseUrl: server.url, schemas, validate: 'warn' }).GET(me);
    expect(result.status).toBe(200);
    expect(warn.mock.calls).toEqual([
      ['authkit: GET /api/v1/auth/me 200: /email: Invalid input: expected string, received number (got 42)'],
      ['authkit: GET /api/v1/auth/me 200: /displayName: Too small: expected string to have >=1 characters (got "")'],
    ]);
  });

  it('the excerpt is the value at the pointer, cut to 40 characters', async () => {
    const server = await serve(200, { ...ada, displayName: 'x'.repeat(500) });
    const violations: SchemaViolation[] = [];
    await createApiClient({ baseUrl: server.url, schemas, validate: 'warn', onViolation: (violation) => violations.push(violation) }).GET(me);
    expect(violations.map(({ pointer, excerpt }) => ({ pointer, excerpt }))).toEqual([{ pointer: '/displayName', excerpt: `"${'x'.repeat(38)}…` }]);
    expect(violations[0]!.excerpt).toHaveLength(40);
  });

  it('a valid body reports nothing', async () => {
    const server = await serve(200, ada);
    const onViolation = vi.fn();
    const result = await createApiClient({ baseUrl: server.url, schemas, validate: 'warn', onViolation }).GET(me);
    expect(result.data).toEqual(ada);
    expect(onViolation).not.toHaveBeenCalled();
  });
});

describe("validate: 'throw'", () => {
  it('a 2xx body that breaks its schema is a schema_violation, status 0 with the HTTP status in code', async () => {
    const server = await serve(200, brokenMe);
    const result = await createApiClient({ baseUrl: server.url, schemas, validate: 'throw' }).GET(me);
    expect(result.status).toBe(0);
    expect(result.data).toBeUndefined();
    expect(result.response?.status).toBe(200);
    expect(result.error).toBeInstanceOf(ApiError);
    expect(result.error).toMatchObject({ status: 0, code: 200, type: 'schema_violation', source: 'schema_violation', body: brokenMe, documented: undefined });
    expect(result.error?.violations).toEqual([emailViolation]);
    expect(result.error?.detail).toBe('GET /api/v1/auth/me 200: /email: Invalid input: expected string, received number (got 42)');
  });

  it('a request body that breaks its schema is not sent', async () => {
    const server = await serve(200, {});
    const result = await createApiClient({ baseUrl: server.url, schemas, validate: 'throw' }).POST('/api/v1/auth/login', { body: { email: 'ada@example.com', password: 'short' } });
    expect(server.seen).toHaveLength(0);
    expect(result.status).toBe(0);
    expect(result.response).toBeUndefined();
    expect(result.error).toMatchObject({ status: 0, code: 0, type: 'schema_violation', source: 'schema_violation', body: { email: 'ada@example.com', password: 'short' } });
    expect(result.error?.violations).toEqual([
      { method: 'POST', path: '/api/v1/auth/login', in: 'request', status: 0, pointer: '/password', message: 'Too small: expected string to have >=12 characters', excerpt: '"short"' },
    ]);
  });

  it('path and query parameters that break their schemas are not sent either', async () => {
    const server = await serve(204, {});
    const api = createApiClient({ baseUrl: server.url, schemas, validate: 'throw' });
    const revoke = await api.DELETE('/api/v1/auth/sessions/{sessionId}', { params: { path: { sessionId: 'not-a-uuid' } } });
    expect(server.seen).toHaveLength(0);
    expect(revoke.status).toBe(0);
    expect(revoke.error?.violations).toEqual([
      { method: 'DELETE', path: '/api/v1/auth/sessions/{sessionId}', in: 'path', status: 0, pointer: '/sessionId', message: 'Invalid UUID', excerpt: '"not-a-uuid"' },
    ]);
    expect(revoke.error?.detail).toBe('DELETE /api/v1/auth/sessions/{sessionId} path parameters: /sessionId: Invalid UUID (got "not-a-uuid")');
    const galaxy = createApiClient<GalaxyPaths>({ baseUrl: server.url, schemas: galaxySchemas, validate: 'throw' });
    const planets = await galaxy.GET('/planets', { params: { query: { limit: 2.5 } } });
    expect(planets.error?.violations.map(({ in: where, pointer, excerpt }) => `${where} ${pointer} ${excerpt}`)).toEqual(['query /limit 2.5']);
    expect(server.seen).toHaveLength(0);
    // Valid ones go: a real session id; no query at all, where every query parameter is optional.
    expect((await api.DELETE('/api/v1/auth/sessions/{sessionId}', { params: { path: { sessionId: ada.id } } })).status).toBe(204);
    expect((await galaxy.GET('/planets')).status).toBe(204);
    expect(server.seen.map((request) => `${request.method} ${request.path}`)).toEqual([`DELETE /api/v1/auth/sessions/${ada.id}`, 'GET /planets']);
  });

  it("under 'warn' the same request body is reported and sent", async () => {
    const server = await serve(200, { user: ada, accessExpiresAt: '2026-01-15T10:30:00Z' });
    const violations: SchemaViolation[] = [];
    const result = await createApiClient({ baseUrl: server.url, schemas, validate: 'warn', onViolation: (violation) => violations.push(violation) }).POST('/api/v1/auth/login', { body: { email: 'ada@example.com', password: 'short' } });
    expect(server.seen).toHaveLength(1);
    expect(result.status).toBe(200);
    expect(violations.map(({ in: where, pointer }) => `${where} ${pointer}`)).toEqual(['request /password']);
  });

  it('an error body that breaks its schema is a schema_violation with the HTTP status', async () => {
    const server = await serve(422, { message: 'nope' });
    const result = await createApiClient({ baseUrl: server.url, schemas, validate: 'throw' }).GET(me);
    expect(result.status).toBe(422);
    expect(result.error).toMatchObject({ status: 422, code: 422, type: 'schema_violation', source: 'schema_violation', documented: undefined, body: { message: 'nope' } });
    expect(result.error?.violations.map(({ pointer, status }) => `${status} ${pointer}`)).toEqual(['422 /code', '422 /detail', '422 /type']);
  });
});

describe('validate per call', () => {
  it('a call overrides the client', async () => {
    const server = await serve(200, brokenMe);
    const off = createApiClient({ baseUrl: server.url, schemas });
    expect((await off.GET(me)).status).toBe(200); // 'off' is the default
    expect((await off.GET(me, { validate: 'throw' })).error?.type).toBe('schema_violation');
    const strict = createApiClient({ baseUrl: server.url, schemas, validate: 'throw' });
    expect((await strict.GET(me, { validate: 'off' })).data).toEqual(brokenMe);
    expect(server.seen.map((request) => request.path)).toEqual([me, me, me]);
  });

  it('looks an operation up in the module once per method and path', async () => {
    const server = await serve(200, ada);
    let reads = 0;
    const counted: SchemaModule = { operations: new Proxy(schemas.operations, { get: (target, key) => ((reads += 1), Reflect.get(target, key)) }) };
    const api = createApiClient({ baseUrl: server.url, schemas: counted, validate: 'warn' });
    for (let i = 0; i < 3; i += 1) await api.GET(me);
    expect(reads).toBe(1);
  });
});

describe('documented: the error body, only when it is the documented one', () => {
  const validationFailed = { ...envelope(422, 'validation_error', 'Invalid'), errors: [{ loc: ['body', 'email'], msg: 'not an email', type: 'value_error.email' }] };

  it.each(['off', 'warn', 'throw'] as const)("an error body that passes its schema is documented (validate '%s')", async (validate) => {
    const server = await serve(422, validationFailed);
    const onViolation = vi.fn();
    const result = await createApiClient({ baseUrl: server.url, schemas, validate, onViolation }).GET(me);
    expect(result.status).toBe(422);
    expect(result.error).toMatchObject({ source: 'envelope', type: 'validation_error', code: 422, documented: validationFailed, violations: [] });
    expect(onViolation).not.toHaveBeenCalled();
  });

  // [what the wire carried, status, how the server sends it, the source as today]
  const undocumented = [
    ['an HTML 500', 500, (res: import('node:http').ServerResponse) => { res.writeHead(500, { 'content-type': 'text/html' }); res.end('<!DOCTYPE html><html><head><title>500</title></head></html>'); }, 'html'],
    ['an empty 422', 422, (res: import('node:http').ServerResponse) => { res.writeHead(422); res.end(); }, 'empty'],
    ['JSON 422 of another shape', 422, (res: import('node:http').ServerResponse) => sendJson(res, 422, { message: 'nope' }), 'unexpected_body'],
    // isEnvelope lets it through (source 'envelope'); its schema does not (an error without msg).
    ['an envelope whose errors break the schema', 422, (res: import('node:http').ServerResponse) => sendJson(res, 422, { ...envelope(422, 'validation_error'), errors: [{ loc: ['body'], type: 'x' }] }), 'envelope'],
  ] as const;

  it.each(undocumented)('%s (%i): documented is undefined, the raw body and source as today', async (_what, status, send, source) => {
    const server = await startWireServer((_req, res) => send(res));
    const onViolation = vi.fn();
    const result = await createApiClient({ baseUrl: server.url, schemas, onViolation }).GET(me);
    expect(result.status).toBe(status);
    expect(result.error?.source).toBe(source);
    expect(result.error?.documented).toBeUndefined();
    expect(result.error?.violations).toEqual([]);
    expect(onViolation).not.toHaveBeenCalled(); // 'off': checked for documented, not reported
  });

  it("a wrong-shape JSON error under 'warn' is reported and keeps its source", async () => {
    const server = await serve(422, { message: 'nope' });
    const violations: SchemaViolation[] = [];
    const result = await createApiClient({ baseUrl: server.url, schemas, validate: 'warn', onViolation: (violation) => violations.push(violation) }).GET(me);
    expect(result.error).toMatchObject({ status: 422, source: 'unexpected_body', documented: undefined });
    expect(violations.map(({ status, pointer, excerpt }) => `${status} ${pointer} ${excerpt}`)).toEqual(['422 /code undefined', '422 /detail undefined', '422 /type undefined']);
  });

  it("an HTML 500 under 'throw' stays an html error: only JSON is checked", async () => {
    const server = await startWireServer((_req, res) => { res.writeHead(500, { 'content-type': 'text/html' }); res.end('<html><body>oops</body></html>'); });
    const result = await createApiClient({ baseUrl: server.url, schemas, validate: 'throw' }).GET(me);
    expect(result.error).toMatchObject({ status: 500, source: 'html', documented: undefined });
  });

  it('ranges and default document the statuses they cover; a 2xx is checked against its own status or 2XX only', async () => {
    const problem = { title: 'Too many' };
    const ranged: SchemaModule = {
      operations: {
        '/api/v1/auth/sessions/{sessionId}': {
          delete: { responses: { '4XX': z.object({ title: z.string() }), default: z.object({ message: z.string() }) } },
        },
      },
    };
    const answers = [
      (res: import('node:http').ServerResponse) => sendJson(res, 429, problem),
      (res: import('node:http').ServerResponse) => sendJson(res, 503, { message: 'down' }),
      (res: import('node:http').ServerResponse) => sendJson(res, 418, { message: 'a teapot' }), // 4XX, not default: breaks it
      (res: import('node:http').ServerResponse) => { res.writeHead(204); res.end(); },
    ];
    const server = await startWireServer((_req, res, index) => answers[index]!(res));
    const api = createApiClient({ baseUrl: server.url, schemas: ranged, validate: 'throw' });
    const revoke = () => api.DELETE('/api/v1/auth/sessions/{sessionId}', { params: { path: { sessionId: 's1' } } });
    expect((await revoke()).error).toMatchObject({ status: 429, source: 'problem_details', documented: problem });
    expect((await revoke()).error).toMatchObject({ status: 503, source: 'unexpected_body', documented: { message: 'down' } });
    expect((await revoke()).error).toMatchObject({ status: 418, source: 'schema_violation', documented: undefined, violations: [{ pointer: '/title', status: 418 }] });
    // The 204's empty body is not checked against `default`, which documents the errors.
    expect(await revoke()).toMatchObject({ status: 204, data: undefined, error: undefined });
  });

  it("any spec's documented error body, with its schemas: Galaxy's RFC 7807 404", async () => {
    const notFound = { type: 'https://example.com/errors/not-found', title: 'Not Found', status: 404, detail: 'No planet 7' };
    const answers = [notFound, { title: 'Not Found', status: 'four hundred and four' }];
    const server = await startWireServer((_req, res, index) => sendJson(res, 404, answers[index], { 'content-type': 'application/problem+json' }));
    const galaxy = createApiClient<GalaxyPaths>({ baseUrl: server.url, schemas: galaxySchemas });
    const planet = () => galaxy.GET('/planets/{planetId}', { params: { path: { planetId: 7 } } });
    const found = await planet();
    expect(found.status).toBe(404);
    if (found.status === 404) expect(found.error.documented?.detail).toBe('No planet 7'); // typed NotFoundError | undefined
    expect(found.error).toMatchObject({ source: 'problem_details', documented: notFound });
    expect((await planet()).error).toMatchObject({ source: 'problem_details', documented: undefined, body: answers[1] });
  });

  it("without schemas, the Auth API's envelope on its own paths is documented, and nothing else is", async () => {
    const server = await serve(422, validationFailed);
    const api = createApiClient({ baseUrl: server.url });
    expect((await api.GET(me)).error?.documented).toEqual(validationFailed);
    // Another spec's path: its documented shape is unknown without its schemas.
    const other = createApiClient<{ '/planets': { get: { responses: {} } } }>({ baseUrl: server.url });
    const planets = await other.GET('/planets' as never);
    expect(planets.error).toMatchObject({ source: 'envelope', documented: undefined });
  });
});

describe('the client carries no zod', () => {
  it('no file of src/client imports a package but openapi-fetch and its helpers', async () => {
    const folder = new URL('../../src/client/', import.meta.url);
    const packages = new Set<string>();
    for (const file of await readdir(folder)) {
      const source = await readFile(new URL(file, folder), 'utf8');
      for (const match of source.matchAll(/\bfrom\s*['"]([^'".][^'"]*)['"]|\bimport\(\s*['"]([^'".][^'"]*)['"]\s*\)/g)) packages.add(match[1] ?? match[2]!);
    }
    expect([...packages].sort()).toEqual(['openapi-fetch', 'openapi-typescript-helpers']);
  });
});
