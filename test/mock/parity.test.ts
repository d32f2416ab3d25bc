import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pMap from 'p-map';
import { parse } from 'yaml';
import { describe, it } from 'vitest';
import { buildCases } from '../../src/contract/build-cases.js';
import type { ContractCase, ContractRequest } from '../../src/contract/cases.js';
import { createSchemaValidator } from '../../src/schema/schema-validator.js';
import { fieldErrorShape, localRefs } from '../../src/schema/field-errors.js';
import { startMock } from '../../src/mock/start-mock.js';
import { writeTempBundle } from '../../src/mock/temp-bundle.js';
import type { OpenApiDocument } from '../../src/openapi/document.js';
import { AUTH_BUNDLE, ROOT } from '../helpers/paths.js';
import { sendContractRequest, type WireAnswer } from '../helpers/send-contract-request.js';

// The engine must answer as the Prism CLI does: the same status, media type and body for
// the same request. Each row is one request, sent to both, side by side.
//
// Where they differ on purpose (not compared here, tested in engine.test.ts):
// - Access-Control-Expose-Headers names the answer's headers; the CLI sends `*`, which
//   browsers ignore on a credentialed request.
// - A body over the limit gets 413 at once; the CLI reads 10 MB first.
// - A JSON body that does not parse gets the spec's documented 400; the CLI answers with
//   its HTTP library's own shape. (startMock puts the same front before the CLI, so both
//   answer alike here.)
// - A documented example that breaks its own schema is replaced by a schema-valid sample
//   with a finding header (test/mock/broken-examples.test.ts); the CLI answers a 500. The
//   engine runs here with strictExamples, as Prism answers.
// - A body the spec rejects gets the documented 422 (400) with its list of field errors
//   naming what the request broke, where the schema has a list authkit recognises; the CLI
//   serves the example's list. That list is left out of the comparison below, the rest of
//   the body compared (test/contract/field-errors.test.ts tests the list itself).
const modules = join(ROOT, 'node_modules');
// [spec, file, rows: pairs the mock can answer + their variants + negative cases + 2]
const SPECS: Array<[string, string, number]> = [
  // The largest, first, as the specs run side by side: schemas nested alike at several
  // depths, which the engine must not merge.
  ['authentik', join(modules, '@goauthentik', 'api', 'schema.yml'), 3596 + 31 + 0 + 2],
  ['the Auth API (default)', AUTH_BUNDLE, 84 + 1 + 7 + 2],
  ['Train Travel', join(modules, '@readme', 'oas-examples', '3.1', 'json', 'train-travel.json'), 45 + 43 + 7 + 2],
  ['STAPI', join(modules, '@readme', 'oas-examples', '3.0', 'yaml', 'star-trek.yaml'), 200 + 0 + 0 + 2],
  ['Scalar Galaxy', join(modules, '@scalar', 'galaxy', 'dist', '3.1.yaml'), 22 + 48 + 1 + 2],
  ['rclone', join(modules, 'rclone-openapi', 'openapi.json'), 404 + 0 + 0 + 2],
  ['ShipEngine', join(modules, 'shipengine-openapi', 'openapi.yaml'), 285 + 21 + 0 + 2],
];

interface Row {
  label: string;
  request: ContractRequest;
  /** An invalid body's answer: its list of field errors (this property) is the engine's own. */
  fieldList?: string;
  headers?: Record<string, string>;
  query?: Record<string, unknown>;
}

function forcing(contractCase: ContractCase): Pick<Row, 'headers' | 'query'> {
  const ownPrefer = contractCase.operation.parameters.some((parameter) => parameter.in === 'header' && parameter.name.toLowerCase() === 'prefer');
  return ownPrefer ? { query: { __code: contractCase.status } } : { headers: { Prefer: `code=${contractCase.status}` } };
}

/** Every documented pair (each media type of it too), the invalid bodies, missing credentials, an unknown path, an undocumented status. */
function rowsOf(document: OpenApiDocument): Row[] {
  const validator = createSchemaValidator(document);
  const { documented, negatives } = buildCases(document, undefined, (schema, value) => validator.errors(schema, value));
  const rows: Row[] = [];
  for (const contractCase of documented) {
    if (contractCase.unbuildable || contractCase.request.mockCannotRead || contractCase.mockCannotServe) continue;
    rows.push({ label: contractCase.id, request: contractCase.request, ...forcing(contractCase) });
    for (const variant of contractCase.variants ?? []) rows.push({ label: `${contractCase.id} [${variant.label}]`, request: variant.request, ...forcing(contractCase) });
  }
  for (const negative of negatives) rows.push({ label: negative.id, request: negative.request, ...(negative.kind === 'invalid_body' ? { fieldList: fieldListOf(document, negative) } : {}) });
  const first = documented.find((contractCase) => !contractCase.unbuildable && !contractCase.request.mockCannotRead)!;
  rows.push({ label: 'an unknown path', request: { ...first.request, path: '/authkit-parity/no-such-path', pathParams: {} } });
  rows.push({ label: `${first.id}, forced to an undocumented 418`, request: first.request, headers: { Prefer: 'code=418' } });
  return rows;
}

/** The property that lists field errors in the operation's 422 (400), as the engine reads it. */
function fieldListOf(document: OpenApiDocument, negative: ContractCase): string | undefined {
  const response = negative.operation.responses.find((candidate) => candidate.key === '422') ?? negative.operation.responses.find((candidate) => candidate.key === '400');
  const schema = Object.values(response?.content ?? {})[0]?.schema;
  return fieldErrorShape(schema, localRefs(document))?.list;
}

const comparable = (answer: WireAnswer, fieldList?: string) => {
  if (!fieldList || !answer.body || typeof answer.body !== 'object') return { status: answer.status, mediaType: answer.mediaType, body: answer.body };
  const { [fieldList]: list, ...rest } = answer.body as Record<string, unknown>;
  return { status: answer.status, mediaType: answer.mediaType, body: rest, [`${fieldList} is a list`]: Array.isArray(list) };
};

describe('the engine answers as the Prism CLI does', { timeout: 240_000 }, () => {
  // The specs side by side, the largest first: each row waits on two servers.
  it.concurrent.for(SPECS)('%s: every row, side by side', async ([_name, specFile, rowCount], { expect, onTestFinished }) => {
    const document = (specFile.endsWith('.json') ? JSON.parse(readFileSync(specFile, 'utf8')) : parse(readFileSync(specFile, 'utf8'))) as OpenApiDocument;
    const bundle = await writeTempBundle(document);
    onTestFinished(() => bundle.dispose());
    const [cli, engine] = await Promise.all([startMock({ spec: bundle.file, engine: 'prism-cli' }), startMock({ spec: bundle.file, workers: 1, strictExamples: true })]);
    onTestFinished(async () => {
      await Promise.all([cli.close(), engine.close()]);
    });
    const rows = rowsOf(document);
    const differences = (
      await pMap(
        rows,
        async (row) => {
          const [fromCli, fromEngine] = await Promise.all([sendContractRequest(cli.url, row.request, row), sendContractRequest(engine.url, row.request, row)]);
          const [cliAnswer, engineAnswer] = [comparable(fromCli, row.fieldList), comparable(fromEngine, row.fieldList)];
          return JSON.stringify(cliAnswer) === JSON.stringify(engineAnswer) ? undefined : { row: row.label, cli: cliAnswer, engine: engineAnswer };
        },
        { concurrency: 8 },
      )
    ).filter((difference) => difference !== undefined);
    expect(differences).toEqual([]);
    expect(rows).toHaveLength(rowCount);
  });
});
