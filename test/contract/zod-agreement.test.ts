import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCases } from '../../src/contract/build-cases.js';
import type { ContractRequest } from '../../src/contract/cases.js';
import { jsonMediaType } from '../../src/contract/request-builder.js';
import type { SchemaModule } from '../../src/client/schema-map.js';
import { startMock, type MockServer } from '../../src/mock/start-mock.js';
import type { OpenApiDocument } from '../../src/openapi/document.js';
import { listOperations } from '../../src/openapi/operations.js';
import * as authSchemas from '../../generated/schemas.js';
import * as galaxySchemas from '../fixtures/zod/galaxy/schemas.js';
import { bodyVariants, type BodyVariant } from '../helpers/body-variants.js';
import { AUTH_BUNDLE, fixture } from '../helpers/paths.js';
import { sendContractRequest } from '../helpers/send-contract-request.js';

// A form built on the generated zod schema must refuse what the API refuses and accept
// what it accepts. The judge of the API here is the mock (Prism's validation of the
// spec): for every JSON request body the contract builds, the valid one, its own invalid
// one, and one variant per field and constraint (test/helpers/body-variants.ts), the mock's
// verdict (2xx: accepted; 422 or 400: refused) and the schema's (`safeParse`) must agree,
// and both must say what the spec says of the variant.

interface Row {
  operation: string;
  label: string;
  request: ContractRequest;
  expected: BodyVariant['expected'];
}

function rowsOf(document: OpenApiDocument): Row[] {
  const operations = listOperations(document).filter((operation) => jsonMediaType(operation.requestBody?.content) !== undefined);
  const { documented, negatives } = buildCases(document, operations);
  const rows: Row[] = [];
  for (const operation of operations) {
    const name = `${operation.method.toUpperCase()} ${operation.path}`;
    const valid = documented.find((candidate) => candidate.operation === operation && candidate.status >= 200 && candidate.status < 300);
    if (!valid || valid.unbuildable || valid.request.preEncoded) continue;
    const schema = operation.requestBody!.content[jsonMediaType(operation.requestBody!.content)!]!.schema;
    for (const variant of bodyVariants(document, schema, valid.request.body)) {
      rows.push({ operation: name, label: variant.label, request: { ...valid.request, body: variant.body }, expected: variant.expected });
    }
    const invalid = negatives.find((candidate) => candidate.operation === operation && candidate.kind === 'invalid_body');
    if (invalid) rows.push({ operation: name, label: `the contract's invalid body (${invalid.request.brokenField})`, request: invalid.request, expected: 'refuse' });
  }
  return rows;
}

async function mockVerdict(mock: MockServer<any>, row: Row): Promise<BodyVariant['expected'] | `status ${number}`> {
  const answer = await sendContractRequest(mock.url, row.request);
  if (answer.status >= 200 && answer.status < 300) return 'accept';
  if (answer.status === 422 || answer.status === 400) return 'refuse';
  return `status ${answer.status}`;
}

function schemaVerdict(schemas: SchemaModule, row: Row): BodyVariant['expected'] | 'no schema' {
  const body = schemas.operations[row.request.path]?.[row.request.method]?.body;
  if (!body) return 'no schema';
  return body.safeParse(row.request.body).success ? 'accept' : 'refuse';
}

describe.each([
  { name: 'the Auth API', spec: AUTH_BUNDLE, schemas: authSchemas as SchemaModule, rowCount: 39, refuseCount: 29, operations: ['POST /api/v1/auth/register', 'POST /api/v1/auth/login'] },
  // Scalar Galaxy as generate bundled it (test/fixtures/zod/galaxy, checked against the package's spec by its own test).
  { name: 'Scalar Galaxy', spec: fixture('zod', 'galaxy', 'openapi.json'), schemas: galaxySchemas as SchemaModule, rowCount: 29, refuseCount: 19, operations: ['POST /planets', 'PUT /planets/{planetId}', 'POST /user/signup', 'POST /auth/token'] },
])('the zod schemas and the mock agree on request bodies: $name', ({ spec, schemas, rowCount, refuseCount, operations }) => {
  const document = JSON.parse(readFileSync(spec, 'utf8')) as OpenApiDocument;
  const rows = rowsOf(document);
  let mock: MockServer<any>;

  beforeAll(async () => {
    // Stateless: the verdict is the spec's validation alone (a stateful register would say 409 to a repeated email).
    mock = await startMock({ spec, stateless: true, workers: 1 });
  });
  afterAll(async () => {
    await mock?.close();
  });

  it('builds the whole table', () => {
    expect([...new Set(rows.map((row) => row.operation))]).toEqual(operations);
    expect(rows.length).toBe(rowCount);
    // The valid body of each operation and its variants the spec accepts; every other variant is refused.
    expect(rows.filter((row) => row.expected === 'refuse')).toHaveLength(refuseCount);
  });

  it('gives the same verdict from the mock, the schema and the spec on every row', async () => {
    const disagreements: string[] = [];
    for (const row of rows) {
      const [fromMock, fromSchema] = [await mockVerdict(mock, row), schemaVerdict(schemas, row)];
      if (fromMock !== row.expected || fromSchema !== row.expected) {
        disagreements.push(`${row.operation} · ${row.label}: spec ${row.expected}, mock ${fromMock}, zod ${fromSchema}`);
      }
    }
    expect(disagreements).toEqual([]);
  });
});
