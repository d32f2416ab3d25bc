import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildInvalidBodyRequest, buildValidRequest, TEST_CREDENTIAL } from '../../src/contract/request-builder.js';
import { buildCases } from '../../src/contract/build-cases.js';
import { createSchemaValidator } from '../../src/schema/schema-validator.js';
import { AUTH_BUNDLE } from '../helpers/paths.js';
import { listOperations } from '../../src/openapi/operations.js';
import { fixture } from '../helpers/paths.js';

const load = () => JSON.parse(readFileSync(AUTH_BUNDLE, 'utf8'));
const ids = (document: object) => {
  const { documented, negatives } = buildCases(document);
  return [...documented, ...negatives].map((contractCase) => contractCase.id);
};

describe('the matrix follows the spec', () => {
  it('has one case per operation and documented status', () => {
    const document = load();
    const expected = listOperations(document).reduce((sum, operation) => sum + operation.responses.length, 0);
    expect(buildCases(document).documented).toHaveLength(expected);
  });

  it('removing one response removes exactly its case', () => {
    const document = load();
    const before = ids(document);
    delete document.paths['/api/v1/auth/logout'].post.responses['426'];
    const after = ids(document);
    expect(before.filter((id) => !after.includes(id))).toEqual(['POST /api/v1/auth/logout → 426']);
    expect(after.filter((id) => !before.includes(id))).toEqual([]);
  });

  it('adding a response adds exactly its case', () => {
    const document = load();
    const before = ids(document);
    document.paths['/api/v1/auth/me'].get.responses['503'] = { $ref: '#/components/responses/BadGateway' };
    expect(ids(document).filter((id) => !before.includes(id))).toEqual(['GET /api/v1/auth/me → 503']);
  });
});

describe('requests built from the spec', () => {
  const document = load();
  const operation = (id: string) => listOperations(document).find((candidate) => candidate.operationId === id)!;

  it('use the examples first: body, path parameter and credentials', () => {
    const register = buildValidRequest(document, operation('registerUser'));
    expect(register.body).toEqual({ email: 'ada@example.com', password: 'correct-horse-battery', displayName: 'Ada Lovelace' });
    expect(register.cookies).toEqual({});
    const revoke = buildValidRequest(document, operation('revokeSession'));
    expect(revoke.pathParams).toEqual({ sessionId: '9b2e7c4a-1f3d-4e5b-8a6c-0d9e8f7a6b5c' });
    expect(revoke.cookies).toEqual({ access_token: TEST_CREDENTIAL });
  });

  it('leave credentials out for the missing-credentials case', () => {
    expect(buildValidRequest(document, operation('logoutUser'), { credentials: false }).cookies).toEqual({});
  });

  it('break the first field the schema lists that can be broken, whatever the 422 example names', () => {
    const invalid = buildInvalidBodyRequest(document, operation('registerUser'));
    expect(invalid?.brokenField).toBe('email');
    expect((invalid?.body as { email: string }).email).toBe('not-an-email');
    const validator = createSchemaValidator(document);
    expect(validator.errors(document.components.schemas.RegisterRequest, invalid?.body)).toEqual(['/email must match format "email"']);
  });

  it('work for an OpenAPI 3.0 JSON spec too', () => {
    const ping = JSON.parse(readFileSync(fixture('specs', 'ping-3.0.json'), 'utf8'));
    const { documented } = buildCases(ping);
    expect(documented.map((contractCase) => contractCase.status)).toEqual([200, 400, 401, 403, 404, 409, 422, 426, 429, 500, 502, 504]);
  });
});

describe('schema validation in the spec dialect', () => {
  it('reads OpenAPI 3.0 nullable as a null type', () => {
    const validator = createSchemaValidator({ openapi: '3.0.3', components: { schemas: { Name: { type: 'string', nullable: true } } } });
    const schema = { type: 'object', properties: { name: { $ref: '#/components/schemas/Name' } } };
    expect(validator.errors(schema, { name: null })).toEqual([]);
    expect(validator.errors(schema, { name: 3 })).toEqual(['/name must be string,null']);
  });

  it('honours 2020-12 keywords for OpenAPI 3.1', () => {
    const validator = createSchemaValidator({ openapi: '3.1.0', components: {} });
    const schema = { type: 'array', prefixItems: [{ type: 'string' }], items: { type: 'integer' } };
    expect(validator.errors(schema, ['a', 1, 2])).toEqual([]);
    expect(validator.errors(schema, ['a', 'b'])).toEqual(['/1 must be integer']);
  });
});

describe('an operation no request can be built for', () => {
  it('is reported as not exercised with the reason, and the rest of the run goes on', async () => {
    const { runContract } = await import('../../src/contract/run-contract.js');
    const document = load();
    // A path parameter whose schema points nowhere: the sampler cannot make a value.
    document.paths['/api/v1/auth/sessions/{sessionId}'].delete.parameters = [{ name: 'sessionId', in: 'path', required: true, schema: { $ref: '#/components/schemas/Missing' } }];
    const run = await runContract({ document, baseUrl: 'http://127.0.0.1:9', mode: 'mock', timeoutMs: 500 });
    const revoke = run.pairs.filter((pair) => pair.operationId === 'revokeSession');
    expect(revoke.map((pair) => pair.result)).toEqual(Array(12).fill('not_exercised'));
    expect(revoke[0]?.reason).toMatch(/could not build a request from the spec/);
    // Nothing listens on port 9: every other pair was sent, and failed on it.
    const others = run.pairs.filter((pair) => pair.operationId !== 'revokeSession');
    expect(others).toHaveLength(run.pairs.length - 12);
    expect(new Set(others.map((pair) => pair.result))).toEqual(new Set(['fail']));
  });
});

describe('what the run shares between cases', () => {
  it('compiles each distinct schema of the document once, and keeps self-named and foreign schemas as they are', async () => {
    const { createSharedValidator } = await import('../../src/contract/shared-validator.js');
    const document = {
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      paths: {},
      components: { schemas: { A: { $ref: '#/components/schemas/E' }, B: { $ref: '#/components/schemas/E' }, C: { type: 'string' }, E: { type: 'object', required: ['code'] }, I1: { $id: 'x', type: 'string' }, I2: { $id: 'x', type: 'string' } } },
    };
    const schemas = document.components.schemas;
    const seen: unknown[] = [];
    const inner = { errors: (schema: unknown) => (seen.push(schema), []), judge: (schema: unknown) => (seen.push(schema), { sentences: [], raw: [] }), unknownFormats: () => ({}) };
    const shared = createSharedValidator(document, inner);
    const foreign = { $ref: '#/components/schemas/E' };
    shared.errors(schemas.A, {});
    shared.errors(schemas.B, {});
    shared.judge(schemas.B, {});
    shared.errors(schemas.C, {});
    shared.errors(schemas.I1, {});
    shared.errors(schemas.I2, {});
    shared.errors(foreign, {});
    expect(seen[0]).toBe(schemas.A);
    expect(seen[1]).toBe(schemas.A);
    expect(seen[2]).toBe(schemas.A);
    expect(seen[3]).toBe(schemas.C);
    expect(seen[4]).toBe(schemas.I1);
    expect(seen[5]).toBe(schemas.I2);
    expect(seen[6]).toBe(foreign);
  });

  it('gives the same verdicts as the validator it shares', async () => {
    const { createSharedValidator } = await import('../../src/contract/shared-validator.js');
    const document = load();
    const plain = createSchemaValidator(document);
    const shared = createSharedValidator(document);
    const { documented } = buildCases(document);
    for (const contractCase of documented) {
      for (const response of contractCase.operation.responses) {
        for (const media of Object.values(response.content)) {
          for (const value of [{}, { code: 400, detail: 'x', type: 'x' }, 'text', null]) expect(shared.errors(media.schema, value)).toEqual(plain.errors(media.schema, value));
        }
      }
    }
    expect(shared.unknownFormats()).toEqual(plain.unknownFormats());
  });

  it('covers each pair not exercised with the first passing negative case of its cell, in order', async () => {
    const { markCoveredByNegatives } = await import('../../src/contract/run-contract.js');
    const result = (id: string, status: number, outcome: 'pass' | 'fail' | 'not_exercised', path = '/a') => ({ id, kind: 'documented' as const, method: 'POST', path, operationId: 'op', status, result: outcome, checks: [], durationMs: 0 });
    const pairs = [result('p1', 401, 'not_exercised'), result('p2', 401, 'pass'), result('p3', 401, 'not_exercised'), result('p4', 422, 'not_exercised'), result('p5', 401, 'not_exercised', '/b')];
    const negatives = [
      { ...result('n1', 401, 'pass'), kind: 'missing_credentials' as const },
      { ...result('n2', 422, 'fail'), kind: 'invalid_body' as const },
      { ...result('n3', 401, 'pass'), kind: 'missing_credentials' as const },
      { ...result('n4', 401, 'pass'), kind: 'missing_credentials' as const },
    ];
    markCoveredByNegatives(pairs, negatives);
    expect(pairs.map((pair) => `${pair.id} ${pair.kind} ${pair.result}`)).toEqual(['p1 documented pass', 'p2 documented pass', 'p3 documented pass', 'p4 documented not_exercised', 'p5 documented not_exercised']);
  });

  it('finds a table cell\'s pair as a scan would: the first of that operation and status', async () => {
    const { pairLookup } = await import('../../src/contract/report.js');
    const pair = (id: string, method: string, path: string, status: number) => ({ id, kind: 'documented' as const, method, path, operationId: 'op', status, result: 'pass' as const, checks: [], durationMs: 0 });
    const pairs = [pair('a', 'GET', '/x', 200), pair('b', 'GET', '/x', 200), pair('c', 'POST', '/x', 200), pair('d', 'GET', '/x y', 200)];
    const cell = pairLookup(pairs);
    expect(cell({ method: 'GET', path: '/x' }, 200)?.id).toBe('a');
    expect(cell({ method: 'POST', path: '/x' }, 200)?.id).toBe('c');
    expect(cell({ method: 'GET', path: '/x y' }, 200)?.id).toBe('d');
    expect(cell({ method: 'GET', path: '/x' }, 404)).toBeUndefined();
  });
});
