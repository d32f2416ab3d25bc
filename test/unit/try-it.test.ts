import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderDocsPage } from '../../src/docs/docs-page.js';
import { tryItOperations, type TryItOperation } from '../../src/docs/try-it.js';
import type { OpenApiDocument } from '../../src/openapi/document.js';
import { AUTH_BUNDLE, ROOT } from '../helpers/paths.js';

// What the "Try it" panel of start's /docs is given for each operation, exactly: where
// Redoc drew it, the statuses a reader can force, the parameters and credentials to type
// (cookies go by themselves), and the example body as text. test/browser/try-it.test.ts
// sends with it.
const auth: OpenApiDocument = JSON.parse(await readFile(AUTH_BUNDLE, 'utf8'));
const galaxy: OpenApiDocument = JSON.parse(await readFile(join(ROOT, 'node_modules', '@scalar', 'galaxy', 'dist', '3.1.json'), 'utf8'));

const ERROR_STATUSES = [
  [400, 'Invalid request'],
  [401, 'Authentication failed'],
  [403, 'Access forbidden'],
  [404, 'Not found'],
  [409, 'Already exists'],
  [422, 'Validation error'],
  [426, 'Upgrade required'],
  [429, 'Rate limited'],
  [500, 'Internal server error'],
  [502, 'Bad gateway'],
  [504, 'Gateway timeout'],
].map(([code, description]) => ({ code: code as number, description: description as string }));

const byPath = (operations: TryItOperation[], method: string, path: string) => operations.find((operation) => operation.method === method && operation.path === path);

describe('tryItOperations', () => {
  it('the Auth API: login with its example body and every documented status; revokeSession with its path parameter and the access cookie', () => {
    const operations = tryItOperations(auth);
    expect(operations.map((operation) => `${operation.method} ${operation.path}`)).toEqual([
      'POST /api/v1/auth/register',
      'POST /api/v1/auth/login',
      'POST /api/v1/auth/logout',
      'POST /api/v1/auth/refresh',
      'GET /api/v1/auth/me',
      'GET /api/v1/auth/sessions',
      'DELETE /api/v1/auth/sessions/{sessionId}',
    ]);
    expect(byPath(operations, 'POST', '/api/v1/auth/login')).toEqual({
      method: 'POST',
      path: '/api/v1/auth/login',
      anchor: { id: 'operation/loginUser' },
      statuses: [{ code: 200, description: 'Successful Response' }, ...ERROR_STATUSES],
      params: [],
      credentials: [],
      cookies: [],
      body: { mediaType: 'application/json', text: '{\n  "email": "ada@example.com",\n  "password": "correct-horse-battery"\n}' },
    });
    expect(byPath(operations, 'DELETE', '/api/v1/auth/sessions/{sessionId}')).toEqual({
      method: 'DELETE',
      path: '/api/v1/auth/sessions/{sessionId}',
      anchor: { id: 'operation/revokeSession' },
      statuses: [{ code: 204, description: 'Session revoked' }, ...ERROR_STATUSES],
      params: [{ in: 'path', name: 'sessionId', value: '9b2e7c4a-1f3d-4e5b-8a6c-0d9e8f7a6b5c', required: true }],
      credentials: [],
      cookies: ['access_token'],
      body: undefined,
    });
    expect(byPath(operations, 'POST', '/api/v1/auth/logout')?.cookies).toEqual(['access_token', 'refresh_token']);
  });

  it('Galaxy: query parameters with their examples, a bearer or basic credential to type, a multipart body as the JSON of its fields', () => {
    const operations = tryItOperations(galaxy);
    expect(byPath(operations, 'GET', '/planets')).toMatchObject({
      params: [
        { in: 'query', name: 'limit', value: '10', required: false },
        { in: 'query', name: 'offset', value: '0', required: false },
      ],
      credentials: [],
    });
    expect(byPath(operations, 'POST', '/planets')?.credentials).toEqual([{ kind: 'bearer', name: 'Authorization' }]);
    expect(byPath(operations, 'GET', '/me')?.credentials).toEqual([{ kind: 'basic', name: 'Authorization' }]);
    expect(byPath(operations, 'POST', '/planets/{planetId}/image')?.body).toEqual({ mediaType: 'multipart/form-data', text: '{\n  "image": "string"\n}' });
  });

  it('an operation with no operationId is found by its JSON pointer; header and query keys are typed, a form body is its fields as JSON', () => {
    const document = {
      openapi: '3.1.0',
      info: { title: 'Keys', version: '1' },
      components: { securitySchemes: { key: { type: 'apiKey', in: 'query', name: 'api_key' }, tenant: { type: 'apiKey', in: 'header', name: 'X-Tenant' } } },
      paths: {
        '/a/{id}/b~c': {
          post: {
            security: [{ key: [], tenant: [] }],
            parameters: [
              { name: 'id', in: 'path', required: true, schema: { type: 'integer', example: 7 } },
              { name: 'trace', in: 'header', schema: { type: 'string' } },
            ],
            requestBody: { content: { 'application/x-www-form-urlencoded': { schema: { type: 'object', properties: { note: { type: 'string', example: 'hi' } } } } } },
            responses: { '202': { description: 'Accepted\nand queued' } },
          },
        },
      },
    } as unknown as OpenApiDocument;
    expect(tryItOperations(document)).toEqual([
      {
        method: 'POST',
        path: '/a/{id}/b~c',
        anchor: { pointerSuffix: '/paths/~1a~1{id}~1b~0c/post' },
        statuses: [{ code: 202, description: 'Accepted' }],
        params: [
          { in: 'path', name: 'id', value: '7', required: true },
          { in: 'header', name: 'trace', value: '', required: false },
        ],
        credentials: [
          { kind: 'query', name: 'api_key' },
          { kind: 'header', name: 'X-Tenant' },
        ],
        cookies: [],
        body: { mediaType: 'application/x-www-form-urlencoded', text: '{\n  "note": "hi"\n}' },
      },
    ]);
  });
});

describe('the page and its panel', () => {
  const policyOf = (page: string) => /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(page)?.[1];

  it('with tryIt: the operations and the panel script inline, drawn from Redoc’s callback, and connections to its own origin only', () => {
    const page = renderDocsPage(auth, { tryIt: true });
    expect(policyOf(page)).toContain("connect-src 'self'");
    expect(policyOf(page)).toContain("default-src 'none'");
    const inlined = JSON.parse(/<script id="authkit-try-operations" type="application\/json">(.*?)<\/script>/s.exec(page)![1]!);
    expect(inlined).toEqual(JSON.parse(JSON.stringify(tryItOperations(auth))));
    expect(page).toContain('function authkitTryIt(operations)');
    expect(page).toContain(", () => authkitTryIt(JSON.parse(document.getElementById('authkit-try-operations').textContent)));");
  });

  it('without (the file `authkit docs` writes): no panel, and no connection anywhere', () => {
    const page = renderDocsPage(auth);
    expect(policyOf(page)).toContain("connect-src 'none'");
    expect(page).not.toContain('authkitTryIt');
    expect(page).not.toContain('authkit-try-operations');
  });
});
