import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundle, createConfig } from '@redocly/openapi-core';
import { transformSync } from 'esbuild';
import { x } from 'tinyexec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildArtifacts } from '../../src/generate/generate.js';
import { ExportNames, pascalIdentifier } from '../../src/generate/zod-names.js';
import { schemaValidSample } from '../../src/schema/sample-values.js';
import { createSchemaValidator } from '../../src/schema/schema-validator.js';
import { CORPUS, ROOT } from '../helpers/paths.js';

const modules = join(ROOT, 'node_modules');

// Every public spec of the corpus, through the zod generator: its schemas.ts compiles, and
// z.infer of each component schema is openapi-typescript's type for it. One difference is
// set aside, because zod cannot express it: openapi-typescript marks readOnly properties
// `readonly` and zod's inferred objects have none, so the types are compared with that
// modifier taken out of api-types.ts (test/types checks that it is the only difference on Galaxy).
// At run time, each schema is held to the spec's own validator on a sample of each component.

// ShipEngine's `package` gives `insured_value` (an object) an array as its default: the
// schema leaves that default out (it would not compile), so the property is optional
// where openapi-typescript, counting the default, makes it required; these are the
// components that hold a `package`.
const SHIPENGINE_DEFECTIVE_DEFAULT = [
  'list_labels_response_body',
  'create_label_request_body',
  'label',
  'shipment',
  'partial_shipment',
  'package',
  'create_label_response_body',
  'get_label_by_external_shipment_id_response_body',
  'create_label_from_rate_response_body',
  'create_label_from_shipment_response_body',
  'get_label_by_id_response_body',
  'create_return_label_response_body',
  'calculate_rates_request_body',
  'shipment_request',
  'address_validating_shipment',
  'calculate_rates_response_body',
  'compare_bulk_rates_request_body',
  'rate_request_by_shipments',
  'list_shipments_response_body',
  'create_shipments_request_body',
  'create_shipments_response_body',
  'create_and_validate_shipment',
  'get_shipment_by_external_id_response_body',
  'parse_shipment_request_body',
  'parse_shipment_response_body',
  'get_shipment_by_id_response_body',
  'update_shipment_request_body',
  'update_shipment_response_body',
];

type Name = keyof typeof CORPUS;

describe('schemas.ts for every corpus spec: it compiles, and each component is the type openapi-typescript writes', { timeout: 300_000 }, () => {
  let work: string;
  const components: Partial<Record<Name, string[]>> = {};
  const documents: Partial<Record<Name, Record<string, any>>> = {};
  /** Each component's export, by its name. */
  const exportsOf: Partial<Record<Name, Map<string, string>>> = {};
  let errors: string[] = [];

  beforeAll(async () => {
    // Inside the repository, so that `zod` and `vitest` resolve from its node_modules.
    await mkdir(join(modules, '.cache'), { recursive: true });
    work = await mkdtemp(join(modules, '.cache', 'zod-corpus-'));
    for (const [name, file] of Object.entries(CORPUS) as Array<[Name, string]>) {
      const document = (await bundle({ ref: file, config: await createConfig({}), dereference: false })).bundle.parsed as Record<string, any>;
      const [, types, schemas] = await buildArtifacts(document, { bundleFile: 'openapi.json', typesFile: 'api-types.ts', schemasFile: 'schemas.ts' });
      const dir = join(work, name);
      await mkdir(dir);
      await writeFile(join(dir, 'api-types.ts'), types!.content.replaceAll(/^(\s+)readonly /gm, '$1'));
      await writeFile(join(dir, 'schemas.ts'), schemas!.content);
      // The export of each component, claimed as the generator claims them: components first, in order.
      const names = new ExportNames();
      documents[name] = document;
      components[name] = Object.keys(document.components?.schemas ?? {});
      exportsOf[name] = new Map(components[name]!.map((component) => [component, names.claim(`z${pascalIdentifier(component)}`)]));
      const lines = components[name]!.map((component) => `expectTypeOf<z.infer<typeof s.${exportsOf[name]!.get(component)}>>().toEqualTypeOf<components['schemas'][${JSON.stringify(component)}]>();`);
      await writeFile(join(dir, 'schemas.mjs'), transformSync(schemas!.content, { loader: 'ts', format: 'esm' }).code);
      await writeFile(join(dir, 'same.ts'), ["import { expectTypeOf } from 'vitest';", "import type { z } from 'zod';", "import type { components } from './api-types.js';", "import * as s from './schemas.js';", ...lines, ''].join('\n'));
    }
    const compilerOptions = { target: 'ES2022', lib: ['ES2023', 'DOM'], module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: [] };
    await writeFile(join(work, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['*/*.ts'] }));
    const result = await x(process.execPath, [join(modules, 'typescript-7', 'bin', 'tsc'), '--singleThreaded', '-p', 'tsconfig.json'], { nodeOptions: { cwd: work }, throwOnError: false });
    errors = (result.stdout + result.stderr).split('\n').filter((line) => /^\S+\.ts\(\d+,\d+\): error/.test(line));
  }, 300_000);

  afterAll(() => rm(work, { recursive: true, force: true }));

  /** The components of `name` whose check failed, by the line of same.ts each is on (the fifth line is the first component). */
  const failing = (name: Name) =>
    errors
      .filter((line) => line.startsWith(`${name}/same.ts(`))
      .map((line) => components[name]![Number(/\((\d+),/.exec(line)![1]) - 5]!)
      .filter((component, index, all) => all.indexOf(component) === index);

  it('every schemas.ts and api-types.ts compiles (and the check itself ran: ShipEngine has failures)', () => {
    expect(errors.some((line) => line.startsWith('shipEngine/same.ts('))).toBe(true);
    expect(errors.filter((line) => !/\/same\.ts\(/.test(line))).toEqual([]);
  });

  it.each([
    ['trainTravel', 9],
    ['starTrek', 222],
    ['galaxy', 10],
    ['rclone', 113],
    ['authentik', 925],
  ] as const)('%s: all %i components are the same type', (name, count) => {
    expect(components[name]).toHaveLength(count);
    expect(failing(name)).toEqual([]);
  });

  /**
   * At run time, against the spec's own validator (ajv, as the mock and the contract use
   * it): a sample of each component that ajv accepts must pass its zod schema, and one ajv
   * refuses should fail it. Returns the components where the two disagree, each way.
   */
  async function disagreements(name: Name): Promise<{ zodRefuses: string[]; zodAccepts: string[] }> {
    const document = documents[name]!;
    const module = (await import(pathToFileURL(join(work, name, 'schemas.mjs')).href)) as Record<string, { safeParse(value: unknown): { success: boolean } }>;
    const validator = createSchemaValidator(document);
    const validate = (schema: unknown, value: unknown) => validator.errors(schema, value);
    const found = { zodRefuses: [] as string[], zodAccepts: [] as string[] };
    for (const component of components[name]!) {
      const ref = { $ref: `#/components/schemas/${component.replaceAll('~', '~0').replaceAll('/', '~1')}` };
      const value = schemaValidSample(document, ref, 'mock', { validate });
      const accepted = validate(ref, value).length === 0;
      if (accepted !== module[exportsOf[name]!.get(component)!]!.safeParse(value).success) found[accepted ? 'zodRefuses' : 'zodAccepts'].push(component);
    }
    return found;
  }

  it.each(['trainTravel', 'starTrek', 'galaxy', 'rclone'] as const)('%s at run time: zod and the spec\'s validator agree on a sample of every component', async (name) => {
    expect(await disagreements(name)).toEqual({ zodRefuses: [], zodAccepts: [] });
  });

  it('authentik at run time: they agree but where a discriminator decides (OpenAPI requires its property; ajv ignores discriminators)', async () => {
    const { zodRefuses, zodAccepts } = await disagreements('authentik');
    // The members of modelRequest's discriminator do not describe provider_model: openapi-typescript gives each its mapped
    // value, required, and so does the schema; ajv, reading JSON Schema alone, lets the sample go without it.
    const members = ['GoogleWorkspace', 'LDAP', 'MicrosoftEntra', 'OAuth2', 'Proxy', 'RAC', 'Radius', 'SAML', 'SCIM', 'SSF', 'WSFederation'].map((provider) => `${provider}ProviderRequest`);
    expect(zodRefuses.sort()).toEqual([...members, 'TransactionApplicationRequest', 'modelRequest'].sort());
    // Samples that match several oneOf branches: ajv refuses them, the discriminator picks one.
    expect(zodAccepts).toEqual(['ChallengeTypes', 'FlowChallengeResponseRequest']);
  });

  it('ShipEngine at run time: zod refuses nothing ajv accepts; it accepts samples of the spec\'s unsatisfiable schemas', async () => {
    const { zodRefuses, zodAccepts } = await disagreements('shipEngine');
    expect(zodRefuses).toEqual([]);
    // additionalProperties: false beside an allOf (no own properties, so JSON Schema refuses every key) and required keys no
    // member describes: openapi-typescript types what the authors meant, and so does the schema; and `format: url`, which
    // is not an OpenAPI format and stays a plain string.
    expect(zodAccepts).toHaveLength(46);
  });

  it('ShipEngine: all 253 but the 28 that hold its defective default', () => {
    expect(components.shipEngine).toHaveLength(253);
    expect(failing('shipEngine').sort()).toEqual([...SHIPENGINE_DEFECTIVE_DEFAULT].sort());
  });
});
