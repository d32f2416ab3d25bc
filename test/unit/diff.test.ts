import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diffContracts } from '../../src/diff/diff-contracts.js';
import type { OpenApiDocument } from '../../src/openapi/document.js';
import { AUTH_BUNDLE } from '../helpers/paths.js';

// Each kind of change, made to a copy of the Auth API, with the class a client of the
// API would give it. `base` edits (when present) set up both versions first.
const original = JSON.parse(readFileSync(AUTH_BUNDLE, 'utf8')) as OpenApiDocument;
const copy = (): OpenApiDocument => structuredClone(original);
type Edit = (document: OpenApiDocument) => void;
const schemas = (document: OpenApiDocument) => document.components.schemas;
const op = (document: OpenApiDocument, path: string, method: string) => document.paths[path][method];
const withStatusEnum: Edit = (document) => {
  schemas(document).Session.properties.status = { type: 'string', enum: ['active', 'idle'] };
};

interface Row {
  base?: Edit;
  head: Edit;
  /** `operation kind breaking`, every change the diff finds, in its order. */
  want: string[];
}

const TABLE: Array<[string, Row]> = [
  ['an operation removed', { head: (d) => delete d.paths['/api/v1/auth/sessions'].get, want: ['GET /api/v1/auth/sessions operation-removed breaking'] }],
  ['a documented status removed', { head: (d) => delete op(d, '/api/v1/auth/login', 'post').responses['429'], want: ['POST /api/v1/auth/login response-status-removed breaking'] }],
  [
    'a response property removed',
    {
      head: (d) => {
        delete schemas(d).LoginResponse.properties.accessExpiresAt;
        schemas(d).LoginResponse.required = ['user'];
      },
      want: ['POST /api/v1/auth/login response-property-removed breaking'],
    },
  ],
  ['a response property made optional', { head: (d) => (schemas(d).RefreshResponse.required = []), want: ['POST /api/v1/auth/refresh response-property-made-optional breaking'] }],
  [
    'a request property made required',
    {
      base: (d) => (schemas(d).RegisterRequest.required = ['email', 'password']),
      head: (d) => (schemas(d).RegisterRequest.required = ['email', 'password', 'displayName']),
      want: ['POST /api/v1/auth/register request-property-made-required breaking'],
    },
  ],
  ['a new required request property', { head: (d) => ((schemas(d).LoginRequest.properties.otp = { type: 'string' }), schemas(d).LoginRequest.required.push('otp')), want: ['POST /api/v1/auth/login request-property-added-required breaking'] }],
  [
    'a new required parameter',
    {
      head: (d) => (op(d, '/api/v1/auth/sessions', 'get').parameters = [{ name: 'limit', in: 'query', required: true, schema: { type: 'integer' } }]),
      want: ['GET /api/v1/auth/sessions parameter-added-required breaking'],
    },
  ],
  [
    'an enum value removed from a response (old clients branch on it; the regenerated union drops it)',
    { base: withStatusEnum, head: (d) => (schemas(d).Session.properties.status = { type: 'string', enum: ['active'] }), want: ['GET /api/v1/auth/sessions enum-value-removed breaking'] },
  ],
  [
    'an enum value added to a response (exhaustive clients meet a value they do not handle)',
    { base: withStatusEnum, head: (d) => (schemas(d).Session.properties.status = { type: 'string', enum: ['active', 'idle', 'revoked'] }), want: ['GET /api/v1/auth/sessions enum-value-added breaking'] },
  ],
  ['a type changed', { head: (d) => (schemas(d).LogoutResponse.properties.detail = { type: 'integer' }), want: ['POST /api/v1/auth/logout type-changed breaking'] }],
  [
    'a format tightened in a request',
    { base: (d) => delete schemas(d).LoginRequest.properties.email.format, head: (d) => (schemas(d).LoginRequest.properties.email.format = 'email'), want: ['POST /api/v1/auth/login format-changed breaking'] },
  ],
  [
    'a bound tightened in a request',
    { head: (d) => (schemas(d).LoginRequest.properties.password.maxLength = 64), want: ['POST /api/v1/auth/login constraint-tightened breaking'] },
  ],
  ['a security requirement added', { head: (d) => (op(d, '/api/v1/auth/register', 'post').security = [{ accessCookie: [] }]), want: ['POST /api/v1/auth/register security-requirement-added breaking'] }],
  [
    'a response header made optional (a shared one: every operation that sends it)',
    {
      head: (d) => (d.components.headers.RetryAfter.required = false),
      want: ['POST /api/v1/auth/register', 'POST /api/v1/auth/login', 'POST /api/v1/auth/logout', 'POST /api/v1/auth/refresh', 'GET /api/v1/auth/me', 'GET /api/v1/auth/sessions', 'DELETE /api/v1/auth/sessions/{sessionId}'].map((operation) => `${operation} response-header-made-optional breaking`),
    },
  ],
  // Not breaking.
  ['an optional request property added', { head: (d) => (schemas(d).LoginRequest.properties.rememberMe = { type: 'boolean' }), want: ['POST /api/v1/auth/login request-property-added'] }],
  ['an optional response property added', { head: (d) => (schemas(d).RefreshResponse.properties.refreshExpiresAt = { type: 'string', format: 'date-time' }), want: ['POST /api/v1/auth/refresh response-property-added'] }],
  ['a new operation', { head: (d) => (d.paths['/api/v1/auth/sessions'].delete = structuredClone(op(d, '/api/v1/auth/sessions/{sessionId}', 'delete'))), want: ['DELETE /api/v1/auth/sessions operation-added'] }],
  ['a new status', { head: (d) => (op(d, '/api/v1/auth/me', 'get').responses['503'] = structuredClone(op(d, '/api/v1/auth/me', 'get').responses['502'])), want: ['GET /api/v1/auth/me response-status-added'] }],
  ['an enum value added to a request', { base: (d) => (schemas(d).LoginRequest.properties.mode = { enum: ['a'] }), head: (d) => (schemas(d).LoginRequest.properties.mode = { enum: ['a', 'b'] }), want: ['POST /api/v1/auth/login enum-value-added'] }],
  ['a request property made optional', { head: (d) => (schemas(d).LoginRequest.required = ['email']), want: ['POST /api/v1/auth/login request-property-made-optional'] }],
  ['no change at all', { head: () => undefined, want: [] }],
];

describe('diffContracts: each kind of change, judged from the client\'s side', () => {
  it.each(TABLE)('%s', (_name, row) => {
    const base = copy();
    row.base?.(base);
    const head = structuredClone(base);
    row.head(head);
    const diff = diffContracts({ document: base, label: 'base' }, { document: head, label: 'head' });
    expect(diff.changes.map((change) => `${change.operation} ${change.kind}${change.breaking ? ' breaking' : ''}`)).toEqual(row.want);
    expect(diff.breaking).toBe(row.want.some((line) => line.endsWith(' breaking')));
  });

  it('holds 21 kinds, the 14 the issue names among them', () => {
    expect(TABLE.length).toBe(21);
    const kinds = new Set(TABLE.flatMap(([, row]) => row.want.map((line) => line.split(' ')[2])));
    for (const kind of ['operation-removed', 'response-status-removed', 'response-property-removed', 'response-property-made-optional', 'request-property-made-required', 'parameter-added-required', 'enum-value-removed', 'enum-value-added', 'type-changed', 'format-changed', 'security-requirement-added', 'request-property-added', 'operation-added', 'response-status-added']) expect(kinds, kind).toContain(kind);
  });

  it('a change to a shared component is reported for every operation that uses it', () => {
    const head = copy();
    schemas(head).User.properties.email.format = undefined;
    delete schemas(head).User.properties.email.format;
    delete schemas(head).User.properties.displayName;
    schemas(head).User.required = ['id', 'email', 'createdAt'];
    const diff = diffContracts({ document: copy(), label: 'base' }, { document: head, label: 'head' });
    expect(diff.changes.map((change) => `${change.operation} ${change.where} ${change.kind}`)).toEqual([
      'POST /api/v1/auth/register response 201 /email format-changed',
      'POST /api/v1/auth/register response 201 /displayName response-property-removed',
      'POST /api/v1/auth/login response 200 /user/email format-changed',
      'POST /api/v1/auth/login response 200 /user/displayName response-property-removed',
      'GET /api/v1/auth/me response 200 /email format-changed',
      'GET /api/v1/auth/me response 200 /displayName response-property-removed',
    ]);
  });

  it('a new major version announces breaking changes instead of refusing them', () => {
    const head = copy();
    delete head.paths['/api/v1/auth/sessions'].get;
    head.info.version = '2.0.0';
    const diff = diffContracts({ document: copy(), label: 'base' }, { document: head, label: 'head' });
    expect(diff).toMatchObject({ breaking: true, majorBump: true, base: { version: '1.0.0' }, head: { version: '2.0.0' } });
  });
});
