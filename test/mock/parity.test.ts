import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import pMap from 'p-map';
import { parse } from 'yaml';
import { describe, it } from 'vitest';
import { buildCases } from '../../src/contract/build-cases.js';
import type { ContractCase, ContractRequest } from '../../src/contract/cases.js';
import { createSchemaValidator } from '../../src/schema/schema-validator.js';
import { fieldErrorShape, localRefs } from '../../src/schema/field-errors.js';
import { startPrismOnFreePort } from '../../src/mock/prism-process.js';
import { startMock } from '../../src/mock/start-mock.js';
import { writeTempBundle } from '../../src/mock/temp-bundle.js';
import type { OpenApiDocument } from '../../src/openapi/document.js';
import { createKeptConnectionFetch } from '../helpers/kept-connection-fetch.js';
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
//   its HTTP library's own shape. No row sends one (asserted below), so the rows go to the
//   CLI itself, not through the front startMock puts before it (front-server.test.ts
//   tests the front): the reference is the CLI as it ships, and the front's forwarding
//   was a fifth of this process's CPU.
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

/** A JSON body sent as it is that does not parse: the one thing the front answers for the CLI. */
function unparsableJson(row: Row): boolean {
  const { body, mediaType, preEncoded } = row.request;
  if (!preEncoded || typeof body !== 'string' || !mediaType || !/[/+]json$/i.test(mediaType.split(';')[0]!.trim())) return false;
  try {
    JSON.parse(body);
    return false;
  } catch {
    return true;
  }
}

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
    // The CLI quiet: its lines about each request (several per row) are not read here, and
    // formatting and writing them was a twentieth to a tenth of its CPU. One CLI serves the
    // whole spec: its router is handed only the operations a request's path could match
    // (prism-route-candidates.ts, through the CLI's preload), where it scored and sorted all
    // of authentik's 1,193 for each row, and authentik took six CLIs, each on a part of its paths.
    const [engine, cli] = await Promise.all([startMock({ spec: bundle.file, workers: 1, strictExamples: true }), startPrismOnFreePort({ document: bundle.file, host: '127.0.0.1', errors: true, quiet: true })]);
    // The rows go out as fetch would send them (the last test below), over node:http: on
    // this test, a fifth less CPU in this process than fetch.
    const wire = createKeptConnectionFetch();
    onTestFinished(async () => {
      wire.close();
      await Promise.all([cli.close(), engine.close()]);
    });
    const rows = rowsOf(document);
    expect(rows.filter(unparsableJson).map((row) => row.label)).toEqual([]);
    const differences = (
      await pMap(
        rows,
        async (row) => {
          const [fromCli, fromEngine] = await Promise.all([sendContractRequest(cli.url, row.request, row, wire.fetch), sendContractRequest(engine.url, row.request, row, wire.fetch)]);
          const [cliAnswer, engineAnswer] = [comparable(fromCli, row.fieldList), comparable(fromEngine, row.fieldList)];
          return JSON.stringify(cliAnswer) === JSON.stringify(engineAnswer) ? undefined : { row: row.label, cli: cliAnswer, engine: engineAnswer };
        },
        { concurrency: 8 },
      )
    ).filter((difference) => difference !== undefined);
    expect(differences).toEqual([]);
    expect(rows).toHaveLength(rowCount);
  });

  // The rows above go out through createKeptConnectionFetch, not fetch: the same bytes on
  // the wire (headers included, but Host and Connection), and the same answer read.
  it('sends each row as fetch would', async ({ expect, onTestFinished }) => {
    const seen: string[] = [];
    let count = 0;
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const headers = Object.entries(request.headers).filter(([name]) => name !== 'host' && name !== 'connection').sort(([a], [b]) => a.localeCompare(b));
        // A FormData body's boundary is drawn when its Request is made, once per send.
        seen.push(JSON.stringify([request.method, request.url, headers, Buffer.concat(chunks).toString('latin1')]).replaceAll(/formdata-undici-\d+/g, 'boundary'));
        // Answers of each kind the rows get: a body, none, a redirect (which the client follows).
        count += 1;
        if (count % 3 === 0) response.writeHead(204).end();
        else if (count % 7 === 0 && request.url !== '/moved') response.writeHead(302, { location: '/moved' }).end();
        else response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ count }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const wire = createKeptConnectionFetch();
    onTestFinished(() => {
      wire.close();
      server.close();
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const rows = rowsOf(JSON.parse(readFileSync(AUTH_BUNDLE, 'utf8')) as OpenApiDocument);
    const mismatches: unknown[] = [];
    for (const row of rows) {
      const start = count;
      const viaFetch = await sendContractRequest(url, row.request, row);
      const fetchWire = seen.splice(0);
      count = start; // the same answers again
      const viaKept = await sendContractRequest(url, row.request, row, wire.fetch);
      const keptWire = seen.splice(0);
      if (JSON.stringify([viaKept, keptWire]) !== JSON.stringify([viaFetch, fetchWire])) mismatches.push({ row: row.label, fetch: [viaFetch, fetchWire], kept: [viaKept, keptWire] });
    }
    expect(mismatches).toEqual([]);
    expect(rows).toHaveLength(84 + 1 + 7 + 2); // the Auth API's rows, as in SPECS
  });
});
