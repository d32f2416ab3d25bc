import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it, type ExpectStatic } from 'vitest';
import { listOperations } from '../../src/openapi/operations.js';
import { CORPUS } from '../helpers/paths.js';
import { runAuthkit } from '../helpers/run-script.js';
import { tempDir } from '../helpers/temp-dir.js';

// Public specs, installed as pinned devDependencies (package.json), as a team would
// point the toolkit at them: 3.0 and 3.1, YAML and JSON, ranges and `default`,
// OAuth2/basic/bearer/apiKey, XML beside JSON, and specs with known defects.

interface Report {
  summary: { pairs: number; passed: number; failed: number; notExercised: number; blocked: number; negativesPassed: number; negativesFailed: number };
  pairs: Array<{ id: string; method: string; path: string; status: number; key?: string; result: string; reason?: string; blockedBy?: string[] }>;
  findings: Array<{ pointer: string; reason: string }>;
}

// Every failure a spec's report still holds must be a disagreement between the client and
// the mock. What the spec contradicts in itself (an example that breaks its schema, a
// schema no value passes) is a finding with its pointer, and a pair it blocks is not
// exercised, blocked by it: these counts are exact.

/** generate, then contract, through the CLI; the report and the bundle it was built from. */
async function runCorpusSpec(spec: string, expect: ExpectStatic) {
  const dir = await tempDir('corpus-');
  const generated = await runAuthkit(['generate', '--spec', spec, '--out', join(dir, 'gen')], { cwd: dir });
  expect(generated.exitCode, generated.output).toBe(0);
  const types = await readFile(join(dir, 'gen', 'api-types.ts'), 'utf8');
  const bundle = JSON.parse(await readFile(join(dir, 'gen', 'openapi.json'), 'utf8'));
  const contract = await runAuthkit(['contract', '--spec', spec, '--reports', join(dir, 'reports')], { cwd: dir });
  // A run that wrote no report says why in its output.
  const report = JSON.parse(await readFile(join(dir, 'reports', 'contract.json'), 'utf8').catch(() => { throw new Error(`authkit contract wrote no report (exit ${contract.exitCode}):\n${contract.output}`); })) as Report;
  // Reasons people can read: the first violations, then "and N more"; the rest stays in `detail`.
  expect(report.pairs.filter((pair) => (pair.reason ?? '').length > 600).map((pair) => pair.reason)).toEqual([]);
  return { contract, report, bundle, types };
}

/** Every documented response of the bundle, as `METHOD path key`: computed from the spec, not from the runner. */
function documentedKeys(bundle: { paths: Record<string, Record<string, { responses?: Record<string, unknown> }>> }): string[] {
  const methods = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
  return Object.entries(bundle.paths)
    .flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => methods.has(method))
        .flatMap(([method, operation]) => Object.keys(operation.responses ?? {}).map((key) => `${method.toUpperCase()} ${path} ${/^\dxx$/i.test(key) ? key.toUpperCase() : key}`)),
    )
    .sort();
}

const keysOf = (report: Report) => report.pairs.map((pair) => `${pair.method} ${pair.path} ${pair.key ?? pair.status}`).sort();

// One spec at a time: side by side, beside the parity file's own authentik, a mock's
// start could outlast its timeout on two cores.
describe('public specs: types, and a full contract report', { timeout: 240_000 }, () => {
  // The largest, started first: its whole matrix (3,596 pairs) takes about 50 s against the Prism CLI.
  it('authentik (3.0 YAML, 1,193 operations): types, and a full report with no failure: its one defect is two findings', { timeout: 300_000 }, async ({ expect }) => {
    const { contract, report, bundle, types } = await runCorpusSpec(CORPUS.authentik, expect);
    expect(types).toContain('export interface paths');
    expect(listOperations(bundle)).toHaveLength(1193);
    expect(keysOf(report)).toEqual(documentedKeys(bundle));
    // A discriminated oneOf whose branches overlap (Redocly warns of it too): no request
    // body can match exactly one branch, and no answer the mock can build either. Two
    // findings, on the oneOfs' own pointers; the three pairs they block are not exercised.
    expect(report.findings.map((finding) => finding.pointer)).toEqual(['#/components/schemas/FlowChallengeResponseRequest', '#/components/schemas/ChallengeTypes']);
    expect(report.summary).toEqual({ pairs: 3596, passed: 3593, failed: 0, notExercised: 3, blocked: 3, negativesPassed: 0, negativesFailed: 0 });
    expect(report.pairs.filter((pair) => pair.result !== 'pass').map((pair) => `${pair.method} ${pair.path} ${pair.status} ${pair.result} ${pair.blockedBy!.join(', ')}`)).toEqual([
      'GET /flows/executor/{flow_slug}/ 200 not_exercised #/components/schemas/ChallengeTypes',
      'POST /flows/executor/{flow_slug}/ 200 not_exercised #/components/schemas/FlowChallengeResponseRequest',
      'POST /flows/executor/{flow_slug}/ 403 not_exercised #/components/schemas/FlowChallengeResponseRequest',
    ]);
    // Its schema endpoint answers in four media types; the mock cannot serialize two of them.
    const schemaPair = report.pairs.find((pair) => pair.path === '/schema/' && pair.status === 200) as Report['pairs'][number] & { variants?: string[]; variantsNotExercised?: Array<{ label: string }> };
    expect(schemaPair.variants).toEqual(['Accept: application/vnd.oai.openapi+json', 'Accept: application/json']);
    expect(schemaPair.variantsNotExercised?.map((variant) => variant.label)).toEqual(['Accept: application/vnd.oai.openapi', 'Accept: application/yaml']);
    expect(contract.exitCode).toBe(0);
  });

  it.for([
    ['STAPI (3.0 YAML, `default` responses, form bodies)', CORPUS.starTrek],
    ['Scalar Galaxy (3.1 YAML, every kind of security scheme)', CORPUS.galaxy],
  ] as const)('%s: every documented pair is in the report, and all pass', async ([, spec], { expect }) => {
    const { contract, report, bundle, types } = await runCorpusSpec(spec, expect);
    expect(types).toContain('export interface paths');
    expect(keysOf(report)).toEqual(documentedKeys(bundle));
    expect(report.pairs.filter((pair) => pair.result !== 'pass').map((pair) => `${pair.method} ${pair.path} ${pair.status}: ${pair.reason}`)).toEqual([]);
    expect(contract.exitCode).toBe(0);
  });

  it('Train Travel (3.1 JSON, OAuth2, JSON and XML): its malformed uuid examples are findings, and the mock serves valid samples in their place', async ({ expect }) => {
    const { report, contract, bundle } = await runCorpusSpec(CORPUS.trainTravel, expect);
    expect(keysOf(report)).toEqual(documentedKeys(bundle));
    expect(report.summary).toEqual({ pairs: 45, passed: 45, failed: 0, notExercised: 0, blocked: 0, negativesPassed: 7, negativesFailed: 0 });
    // JSON answers use the media type's own (valid) examples; XML ones have none, so the
    // mock would serve the schemas' own, whose ids are not uuids.
    expect(report.findings).toEqual([
      { pointer: '#/components/schemas/Booking', reason: 'its schema\'s own example: /trip_id must match format "uuid"' },
      { pointer: '#/paths/~1trips/get/responses/200/content/application~1xml/schema', reason: 'its schema\'s own example: /data/0/id must match format "uuid"' },
      { pointer: '#/paths/~1bookings/get/responses/200/content/application~1xml/schema', reason: 'its schema\'s own example: /data/0/id must match format "uuid"' },
      { pointer: '#/paths/~1bookings/post/responses/201/content/application~1xml/schema', reason: 'its schema\'s own example: /id must match format "uuid"' },
      { pointer: '#/paths/~1bookings~1{bookingId}/get/responses/200/content/application~1xml/schema', reason: 'its schema\'s own example: /id must match format "uuid"' },
    ]);
    // Each response documented as JSON and XML was asked for in both.
    const inBothTypes = listOperations(bundle).flatMap((operation) =>
      operation.responses.filter((response) => Object.keys(response.content).length === 2).map((response) => `${operation.method.toUpperCase()} ${operation.path} ${response.key}`),
    );
    expect(inBothTypes).toHaveLength(43);
    const withVariants = report.pairs.filter((pair) => (pair as { variants?: string[] }).variants);
    expect(withVariants.map((pair) => `${pair.method} ${pair.path} ${pair.status}`).sort()).toEqual(inBothTypes.sort());
    expect(new Set(withVariants.map((pair) => (pair as { variants?: string[] }).variants!.join(', ')))).toEqual(new Set(['Accept: application/json, Accept: application/xml', 'Accept: application/problem+json, Accept: application/problem+xml']));
    expect(contract.stdout).toContain('5 spec findings (not failures: --strict fails on them)');
    expect(contract.exitCode).toBe(0);
    expect(contract.stderr).not.toContain('unknown format'); // counted in the report, not printed once per schema
    expect(contract.stdout).toContain('formats not checked (no validator knows them): iso-country-code');
  });

  it('rclone (3.1 JSON, 4XX and 5XX on every operation, its own Prefer header): ranges are exercised, and its one defective schema is a finding, not a failure', async ({ expect }) => {
    const { contract, report, bundle } = await runCorpusSpec(CORPUS.rclone, expect);
    expect(keysOf(report)).toEqual(documentedKeys(bundle));
    expect(new Set(report.pairs.filter((pair) => pair.key === '4XX').map((pair) => pair.status))).toEqual(new Set([400]));
    expect(new Set(report.pairs.filter((pair) => pair.key === '5XX').map((pair) => pair.status))).toEqual(new Set([500]));
    expect(report).toMatchObject({ unknownFormats: {} });
    expect(report.summary).toEqual({ pairs: 404, passed: 404, failed: 0, notExercised: 0, blocked: 0, negativesPassed: 0, negativesFailed: 0 });
    // `required: [id]` where `properties` has no id: the mock fills it in, and says so.
    expect(report.findings).toEqual([{ pointer: '#/components/responses/ServeListResponse/content/application~1json/schema', reason: "it requires a property it does not describe: /list/0/params must have required property 'id'" }]);
    expect(contract.exitCode).toBe(0);
  });

  it('ShipEngine (3.0 YAML, defective): broken request and response examples are findings; pairs whose schemas admit no value are blocked by them; nothing fails', async ({ expect }) => {
    const { contract, report, bundle } = await runCorpusSpec(CORPUS.shipEngine, expect);
    expect(keysOf(report)).toEqual(documentedKeys(bundle));
    expect(report.summary).toEqual({ pairs: 285, passed: 233, failed: 0, notExercised: 52, blocked: 52, negativesPassed: 0, negativesFailed: 0 });
    expect(report.findings).toHaveLength(68);
    const findings = Object.fromEntries(report.findings.map((finding) => [finding.pointer, finding.reason]));
    expect(findings).toMatchObject({
      // A request example that breaks its own schema.
      '#/paths/~1v1~1addresses~1validate/post/requestBody/content/application~1json/examples/all_known_fields_request/value': '/0/postal_code must be string',
      // Response examples that break theirs: any can be asked for with Prefer: example=.
      '#/paths/~1v1~1addresses~1recognize/put/responses/200/content/application~1json/examples/text_only/value': '/address/postal_code must be string',
      '#/paths/~1v1~1shipments~1recognize/put/responses/200/content/application~1json/examples/some_known_fields/value': '/shipment/ship_to/postal_code must be string',
      // A schema `example` that is not a URL, for a field of format `url`: named where the schema is defined.
      '#/components/schemas/create_webhook_request_body': 'its schema\'s own example: /url must match format "url"',
      // `additionalProperties: false` beside `allOf`/`oneOf`: no object can pass.
      '#/components/schemas/compare_bulk_rates_request_body': 'no value built from the schema passes it: (body) must NOT have additional properties',
    });
    // Every pair not exercised names the findings that blocked it, and each of those is listed.
    const blocked = report.pairs.filter((pair) => pair.result === 'not_exercised');
    expect(blocked.filter((pair) => !pair.blockedBy?.every((pointer) => pointer in findings))).toEqual([]);
    expect(blocked.map((pair) => pair.blockedBy!.length > 0)).toEqual(Array(52).fill(true));
    expect(contract.exitCode).toBe(0);
  });
});
