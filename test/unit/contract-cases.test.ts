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
