import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths.js';

type Json = Record<string, any>;
const bundled: Json = JSON.parse(readFileSync(`${ROOT}/generated/openapi.json`, 'utf8'));
const deref = (node: Json): Json => (node?.$ref ? deref(pointer(node.$ref)) : node);
const pointer = (ref: string): Json => ref.slice(2).split('/').reduce((node: Json, key) => node[key.replace(/~1/g, '/').replace(/~0/g, '~')], bundled);

// Transcribed from the logout docs page (shared/seed/logout-endpoint-docs.txt), the only
// authority on that endpoint: status, and the description the page gives it.
const LOGOUT_PAGE = [
  ['200', 'Successful Response'],
  ['400', 'Invalid request'],
  ['401', 'Authentication failed'],
  ['403', 'Access forbidden'],
  ['404', 'Not found'],
  ['409', 'Already exists'],
  ['422', 'Validation error'],
  ['426', 'Upgrade required'],
  ['429', 'Rate limited'],
  ['500', 'Internal server error'],
  ['502', 'Bad gateway'],
  ['504', 'Gateway timeout'],
] as const;
const ERROR_SET = LOGOUT_PAGE.filter(([status]) => status !== '200').map(([status]) => status);

const operations = Object.entries(bundled.paths as Json).flatMap(([path, item]) =>
  Object.entries(item as Json).map(([method, operation]) => ({ path, method, operation: operation as Json })),
);
const logout = bundled.paths['/api/v1/auth/logout'].post as Json;

describe('the logout operation matches its docs page', () => {
  it('has the summary and description the page gives', () => {
    expect(logout.summary).toBe('Logout');
    expect(logout.description).toBe('Log out the current user by clearing auth cookies');
  });

  it('documents exactly the 12 statuses of the page, each with its description', () => {
    const documented = Object.entries(logout.responses as Json).map(([status, response]) => [status, deref(response).description]);
    expect(documented).toEqual(LOGOUT_PAGE);
  });

  it('takes the access and refresh cookies it clears', () => {
    const cookies = (logout.parameters as Json[]).map(deref).filter((p) => p.in === 'cookie').map((p) => p.name);
    expect(cookies.sort()).toEqual(['access_token', 'refresh_token']);
  });

  it('answers 200 with a JSON body and a Set-Cookie that expires the cookie', () => {
    const ok = deref(logout.responses['200']);
    expect(Object.keys(ok.content)).toEqual(['application/json']);
    const setCookie = deref(ok.headers['Set-Cookie']);
    // One example per cookie: the mock sends each as its own Set-Cookie line.
    const lines = Object.values(setCookie.examples as Record<string, { value: string }>).map((example) => example.value);
    expect(lines.map((line) => line.split('=')[0])).toEqual(['access_token', 'refresh_token']);
    for (const line of lines) expect(line).toMatch(/^\w+=; .*Max-Age=0/);
    expect(new RegExp(setCookie.schema.pattern).test('refresh_token=; Path=/; Max-Age=0; HttpOnly')).toBe(true);
    expect(new RegExp(setCookie.schema.pattern).test('refresh_token=abc; Path=/; HttpOnly')).toBe(false);
  });
});

describe('the error envelope', () => {
  const envelope = bundled.components.schemas.ErrorEnvelope as Json;
  const detail = deref(envelope.properties.errors.items) as Json;

  it('carries the field descriptions of the page', () => {
    expect(envelope.description).toBe('Canonical API error envelope returned by the API.');
    expect(envelope.properties.code.description).toBe('HTTP status code');
    expect(envelope.properties.detail.description).toBe('Human-readable error message');
    expect(envelope.properties.type.description).toBe('Stable machine-readable error type');
    expect(detail.properties.loc.description).toBe('Where the validation error occurred');
    expect(detail.properties.msg.description).toBe('Human-readable validation message');
    expect(detail.properties.type.description).toBe('Machine-readable validation error type');
    expect(envelope.required).toEqual(['code', 'detail', 'type']);
  });
});

describe.each(operations)('$method $path', ({ operation }) => {
  it('documents the full canonical error set', () => {
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(ERROR_SET));
  });

  it('gives every error its own example, with code equal to its status and a snake_case type', () => {
    for (const status of ERROR_SET) {
      const media = deref(operation.responses[status]).content['application/json'];
      expect(media.schema.$ref).toBe('#/components/schemas/ErrorEnvelope');
      expect(media.example.code, `example of ${status}`).toBe(Number(status));
      expect(media.example.type).toMatch(/^[a-z]+(_[a-z]+)*$/);
    }
    expect(deref(operation.responses['422']).content['application/json'].example.errors.map((issue: Json) => issue.loc)).toEqual([
      ['body', 'email'],
      ['body', 'password'],
    ]);
    expect(deref(deref(operation.responses['429']).headers['Retry-After'])).toEqual({ description: 'Seconds to wait before retrying.', required: true, schema: { type: 'integer', minimum: 0 }, example: 30 });
  });
});

describe('the rest of the auth surface', () => {
  const byId = Object.fromEntries(operations.map((entry) => [entry.operation.operationId, entry]));

  it('has register, login, logout, refresh, current user, list and revoke sessions', () => {
    expect(Object.keys(byId).sort()).toEqual(['getCurrentUser', 'listSessions', 'loginUser', 'logoutUser', 'refreshSession', 'registerUser', 'revokeSession']);
  });

  it('register answers 201 and 409 when the email is taken', () => {
    const responses = byId.registerUser!.operation.responses;
    expect(Object.keys(deref(responses['201']).content)).toEqual(['application/json']);
    expect(deref(responses['409']).content['application/json'].example.type).toBe('email_taken');
  });

  it('login and refresh set HttpOnly cookies', () => {
    for (const id of ['loginUser', 'refreshSession']) {
      const header = deref(deref(byId[id]!.operation.responses['200']).headers['Set-Cookie']);
      const lines = Object.values(header.examples as Record<string, { value: string }>).map((example) => example.value);
      expect(lines.map((line) => line.split('=')[0])).toEqual(['access_token', 'refresh_token']);
      for (const line of lines) expect(line).toMatch(/; HttpOnly; Secure; SameSite=Lax$/);
    }
  });

  it('revoking a session takes its id in the path and answers 204 with no body', () => {
    const { path, operation } = byId.revokeSession!;
    expect(path).toContain('{sessionId}');
    expect(deref(operation.parameters[0])).toMatchObject({ name: 'sessionId', in: 'path', required: true });
    expect(deref(operation.responses['204']).content).toBeUndefined();
  });

  it('protects operations with cookie security schemes, leaving register and login open', () => {
    const schemes = bundled.components.securitySchemes as Json;
    expect(Object.values(schemes).map((scheme: Json) => [scheme.type, scheme.in, scheme.name])).toEqual([
      ['apiKey', 'cookie', 'access_token'],
      ['apiKey', 'cookie', 'refresh_token'],
    ]);
    expect(byId.registerUser!.operation.security).toEqual([]);
    expect(byId.loginUser!.operation.security).toEqual([]);
    expect(bundled.security).toEqual([{ accessCookie: [] }]);
  });

  it('constrains request bodies so that 422 means something', () => {
    const register = bundled.components.schemas.RegisterRequest as Json;
    expect(register.properties.email.format).toBe('email');
    expect(register.properties.password.minLength).toBeGreaterThanOrEqual(12);
  });

  it('declares the JSON Schema dialect', () => {
    expect(bundled.jsonSchemaDialect).toBe('https://json-schema.org/draft/2020-12/schema');
  });
});
