import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { buildValidRequest } from '../../src/contract/request-builder.js';
import { runChecks } from '../../src/contract/checks.js';
import { buildCases } from '../../src/contract/build-cases.js';
import { createSchemaValidator } from '../../src/schema/schema-validator.js';
import { listOperations } from '../../src/openapi/operations.js';
import { fixture } from '../helpers/paths.js';
import { runAuthkit } from '../helpers/run-script.js';
import { tempDir } from '../helpers/temp-dir.js';

// One spec with every parameter constraint, body format, media-type mix and security
// combination the run must build requests for (test/fixtures/specs/shapes-3.1.yaml).
const SPEC = fixture('specs/shapes-3.1.yaml');
const document = parse(readFileSync(SPEC, 'utf8'));
const validator = createSchemaValidator(document);
const validate = (schema: unknown, value: unknown) => validator.errors(schema, value);
const operation = (id: string) => listOperations(document).find((candidate) => candidate.operationId === id)!;

describe('requests for every shape a spec can ask for', () => {
  it('parameter values meet their format, pattern, enum and bounds in the path, query, header and cookie', () => {
    const request = buildValidRequest(document, operation('getParcel'), { validate });
    const parameters = operation('getParcel').parameters;
    const sent: Record<string, unknown> = { ...request.pathParams, ...request.query, ...request.headers, ...request.cookies };
    // Each value checked against its own schema: the cookie too, which Prism never validates.
    expect(parameters.map((parameter) => [parameter.name, validate(parameter.schema, sent[parameter.name])])).toEqual(
      parameters.map((parameter) => [parameter.name, []]),
    );
    expect(request.pathParams.parcelId).toMatch(/^PX-[0-9]{4}-[A-Z]{2}$/);
    expect(request.cookies.since).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('bodies go in the media type the spec gives: URL-encoded, multipart with a file, text, bytes, XML', async () => {
    const form = buildValidRequest(document, operation('createParcelFromForm'), { validate });
    expect(form).toMatchObject({ mediaType: 'application/x-www-form-urlencoded', preEncoded: true });
    expect(Object.fromEntries(new URLSearchParams(form.body as string))).toEqual({ name: expect.stringMatching(/^.{2,}$/), weight: expect.stringMatching(/^\d+$/) });

    const upload = buildValidRequest(document, operation('uploadParcelLabel'), { validate });
    expect(upload.mediaType).toBe('multipart/form-data');
    const parts = upload.body as FormData;
    expect([...parts.keys()].sort()).toEqual(['file', 'title']);
    expect(parts.get('file')).toBeInstanceOf(Blob);
    expect(typeof parts.get('title')).toBe('string');

    expect(buildValidRequest(document, operation('addParcelNote'), { validate })).toMatchObject({ mediaType: 'text/plain', body: expect.any(String) });
    expect(buildValidRequest(document, operation('putParcelBlob'), { validate }).body).toBeInstanceOf(Uint8Array);

    const xml = buildValidRequest(document, operation('createParcelFromXml'), { validate });
    expect(xml.mediaType).toBe('application/xml');
    expect(xml.body).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<parcel><id>PX-0001-AB</id><weight>12</weight></parcel>');
  });

  it('a response in several media types is asked for in each; each further security alternative is tried', () => {
    const { documented } = buildCases(document, undefined, validate);
    const withVariants = Object.fromEntries(documented.filter((contractCase) => contractCase.variants).map((contractCase) => [contractCase.id, contractCase.variants!.map((variant) => variant.label)]));
    expect(withVariants).toEqual({
      'GET /parcels/{parcelId} → 200': ['Accept: application/xml', 'Accept: text/csv'],
      'POST /parcels/xml → 200': ['Accept: application/xml'],
      'GET /secured/either → 200': ['security: basic'],
    });
    const either = documented.find((contractCase) => contractCase.id === 'GET /secured/either → 200')!;
    expect(either.request.headers).toEqual({ 'X-API-Key': 'contract-test-credential' });
    expect(either.variants![0]!.request.headers).toEqual({ Authorization: `Basic ${Buffer.from('contract:contract-test-credential').toString('base64')}` });
    // AND: one requirement naming two schemes sends both.
    expect(documented.find((contractCase) => contractCase.id === 'GET /secured/both → 200')!.request.headers).toEqual({ 'X-API-Key': 'contract-test-credential', Authorization: 'Bearer contract-test-credential' });
  });

  it('a media type served other than the one asked for fails negotiated_media_type', () => {
    const { documented } = buildCases(document, undefined, validate);
    const parcel = documented.find((contractCase) => contractCase.id === 'GET /parcels/{parcelId} → 200')!;
    // The request itself asks for the first media type; the others are variants.
    expect(parcel).toMatchObject({ label: 'Accept: application/json', request: { accept: 'application/json' } });
    const asked = { ...parcel, request: parcel.variants!.find((variant) => variant.label === 'Accept: text/csv')!.request };
    const wire = { status: 200, headers: new Headers({ 'content-type': 'application/json' }), text: '{"id":"PX-0001-AB","weight":12}' };
    const results = runChecks({ contractCase: asked, documented: parcel.operation.responses[0], wire, client: { status: 200, data: { id: 'PX-0001-AB', weight: 12 }, error: undefined }, forced: true, validator, document });
    expect(results.find((result) => result.name === 'negotiated_media_type')).toEqual({ name: 'negotiated_media_type', outcome: 'fail', message: 'asked for text/csv, got application/json' });
  });
});

describe('the whole matrix of that spec, against the mock, through the CLI', { timeout: 60_000 }, () => {
  it('every pair passes in every variant and reaches its own operation, but the XML request body the mock cannot read, which is named', async () => {
    const dir = await tempDir('shapes-');
    const contract = await runAuthkit(['contract', '--spec', SPEC, '--reports', join(dir, 'reports')], { cwd: dir });
    const report = JSON.parse(await readFile(join(dir, 'reports', 'contract.json'), 'utf8')) as { pairs: Array<{ method: string; path: string; status: number; result: string; reason?: string; variants?: string[] }> };
    // A literal path beside a templated one that matches it too, and two paths that differ
    // only by a parameter's name, each reach their own operation (a wrong one would 422).
    expect(report.pairs.map((pair) => `${pair.method} ${pair.path} ${pair.status} ${pair.result}${pair.variants ? ` [${pair.variants.join(', ')}]` : ''}`)).toEqual([
      'GET /carriers/{carrierId} 200 pass',
      'DELETE /carriers/{code} 204 pass',
      'GET /parcels/{parcelId} 200 pass [Accept: application/json, Accept: application/xml, Accept: text/csv]',
      'GET /parcels/{parcelId} 401 pass',
      'PUT /parcels/blob 204 pass',
      'POST /parcels/form 201 pass',
      'POST /parcels/form 400 pass',
      'GET /parcels/latest 200 pass',
      'GET /parcels/latest 401 pass',
      'POST /parcels/notes 200 pass',
      'POST /parcels/upload 201 pass',
      'POST /parcels/xml 200 not_exercised',
      'GET /secured/both 200 pass',
      'GET /secured/both 401 pass',
      'GET /secured/either 200 pass [security: basic]',
      'GET /secured/either 401 pass',
      'GET /secured/oauth 200 pass',
      'GET /secured/oauth 401 pass',
    ]);
    expect(report.pairs.find((pair) => pair.path === '/parcels/xml')?.reason).toBe(
      'the mock reads a application/xml request body as text and checks that text against the object schema, so no request can pass; a live server (--base-url) exercises it',
    );
    expect(contract.stdout).toContain('17/18 pairs pass, 0 fail, 1 not exercised');
  });
});
