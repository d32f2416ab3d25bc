import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveSingleTarget, resolveTargets } from '../../src/pipeline/project.js';
import { UsageError } from '../../src/pipeline/usage-error.js';
import { ROOT } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp-dir.js';

const TWO_APIS = `apis:
  orders:
    root: apis/orders/openapi.yaml
    x-openapi-ts:
      output: src/generated/orders/api-types.ts
  billing@v2:
    root: apis/billing.yaml
    output: out/billing/bundle.json
`;

async function team(config = TWO_APIS, name = 'redocly.yaml'): Promise<string> {
  const dir = await tempDir('team-');
  await writeFile(join(dir, name), config);
  return dir;
}

const failure = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a UsageError');
};

describe('targets resolve from the folder the command runs in', () => {
  it('every API of the nearest config, with paths from the config\'s folder; outputs from Redocly\'s and openapi-typescript\'s own keys', async () => {
    const dir = await team();
    const nested = join(dir, 'packages', 'web');
    await mkdir(nested, { recursive: true });
    const { configFile, targets } = resolveTargets({}, nested);
    expect(configFile).toBe(join(dir, 'redocly.yaml'));
    expect(targets).toEqual([
      { name: 'orders', root: join(dir, 'apis/orders/openapi.yaml'), configFile, outDir: join(dir, 'src/generated/orders'), bundleFile: 'openapi.json', typesFile: 'api-types.ts', projectRoot: dir, allowRemoteRefs: false, collections: false },
      { name: 'billing@v2', root: join(dir, 'apis/billing.yaml'), configFile, outDir: join(dir, 'out/billing'), bundleFile: 'bundle.json', typesFile: 'api-types.ts', projectRoot: dir, allowRemoteRefs: false, collections: false },
    ]);
  });

  it('--api picks one; --out overrides its folder', async () => {
    const dir = await team();
    expect(resolveSingleTarget({ api: 'billing@v2', out: 'tmp/x' }, dir)).toMatchObject({ name: 'billing@v2', outDir: join(dir, 'tmp/x'), bundleFile: 'bundle.json' });
  });

  it('--spec naming an entry\'s root takes that entry (its rules and output); any other file stands alone', async () => {
    const dir = await team();
    expect(resolveSingleTarget({ spec: 'apis/billing.yaml' }, dir)).toMatchObject({ name: 'billing@v2', outDir: join(dir, 'out/billing') });
    expect(resolveSingleTarget({ spec: 'elsewhere.yaml' }, dir)).toEqual({ name: undefined, root: join(dir, 'elsewhere.yaml'), configFile: join(dir, 'redocly.yaml'), outDir: undefined, bundleFile: 'openapi.json', typesFile: 'api-types.ts', projectRoot: dir, allowRemoteRefs: false, collections: false });
  });

  it('the project root is the config\'s folder, or a spec\'s own folder when it lies outside; remote $refs are opt-in', async () => {
    const dir = await team(`x-authkit:\n  allowRemoteRefs: true\n${TWO_APIS}`);
    expect(resolveSingleTarget({ spec: '/elsewhere/api/openapi.yaml' }, dir)).toMatchObject({ projectRoot: '/elsewhere/api', allowRemoteRefs: true });
    expect(resolveSingleTarget({ api: 'orders' }, dir)).toMatchObject({ projectRoot: dir, allowRemoteRefs: true });
    const plain = await team();
    expect(resolveSingleTarget({ api: 'orders', allowRemoteRefs: true }, plain)).toMatchObject({ allowRemoteRefs: true });
    expect(resolveSingleTarget({ api: 'orders' }, plain)).toMatchObject({ allowRemoteRefs: false, collections: false });
  });

  it('--spec works with no config at all: Redocly\'s defaults lint it', async () => {
    const dir = await tempDir('bare-');
    // tmpdir has no redocly.yaml above it on this machine; the test would say so if it did.
    expect(resolveSingleTarget({ spec: 'api.yaml', out: 'gen' }, dir)).toEqual({ name: undefined, root: join(dir, 'api.yaml'), configFile: undefined, outDir: join(dir, 'gen'), bundleFile: 'openapi.json', typesFile: 'api-types.ts', projectRoot: dir, allowRemoteRefs: false, collections: false });
  });

  it('finds Redocly\'s other config names too', async () => {
    const dir = await team('apis:\n  a:\n    root: a.yaml\n', '.redocly.yaml');
    expect(resolveTargets({}, dir).configFile).toBe(join(dir, '.redocly.yaml'));
  });

  it('this repo: the Auth API is one entry, and its files are the committed ones', () => {
    expect(resolveSingleTarget({}, ROOT)).toEqual({
      name: 'auth',
      root: join(ROOT, 'spec', 'openapi.yaml'),
      configFile: join(ROOT, 'redocly.yaml'),
      outDir: join(ROOT, 'generated'),
      bundleFile: 'openapi.json',
      typesFile: 'api-types.ts',
      schemasFile: 'schemas.ts',
      projectRoot: ROOT,
      allowRemoteRefs: false,
      collections: false,
    });
  });

  it('collections are on for an entry that says so, or for every API when the root says so; an entry may turn them off again', async () => {
    const dir = await team(`x-authkit:\n  collections: true\napis:\n  orders:\n    root: orders.yaml\n  billing:\n    root: billing.yaml\n    x-authkit:\n      collections: false\n`);
    expect(resolveTargets({}, dir).targets.map((target) => [target.name, target.collections])).toEqual([['orders', true], ['billing', false]]);
    const one = await team('apis:\n  orders:\n    root: orders.yaml\n    x-authkit:\n      collections: true\n  billing:\n    root: billing.yaml\n');
    expect(resolveTargets({}, one).targets.map((target) => [target.name, target.collections])).toEqual([['orders', true], ['billing', false]]);
  });

  it('zod schemas are written for an entry that says so, or for every API when the root says so, beside the types; an entry may turn them off again', async () => {
    const dir = await team(`x-authkit:\n  zod: true\napis:\n  orders:\n    root: orders.yaml\n    x-openapi-ts:\n      output: gen/types/orders.ts\n  billing:\n    root: billing.yaml\n    x-authkit:\n      zod: false\n`);
    expect(resolveTargets({}, dir).targets.map((target) => [target.name, target.typesFile, target.schemasFile])).toEqual([
      ['orders', 'orders.ts', 'schemas.ts'],
      ['billing', 'api-types.ts', undefined],
    ]);
    const one = await team('apis:\n  orders:\n    root: orders.yaml\n    x-authkit:\n      zod: true\n  billing:\n    root: billing.yaml\n');
    expect(resolveTargets({}, one).targets.map((target) => [target.name, target.schemasFile])).toEqual([['orders', 'schemas.ts'], ['billing', undefined]]);
    expect(resolveTargets({ spec: 'other.yaml' }, dir).targets.map((target) => target.schemasFile)).toEqual(['schemas.ts']);
  });
});

// [what is wrong, config, flags, message]
const mistakes: Array<[string, string | undefined, Parameters<typeof resolveTargets>[0], RegExp]> = [
  ['no config and no --spec', undefined, {}, /No redocly\.yaml in .* or any folder above it: pass --spec <file>, or run `authkit init`/],
  ['a config with no apis', 'extends: [recommended]\n', {}, /redocly\.yaml lists no APIs: add an `apis:` entry with its `root`, or pass --spec <file>\./],
  ['an unknown --api', TWO_APIS, { api: 'payments' }, /redocly\.yaml has no API named "payments"; it has: orders, billing@v2\./],
  ['--api with --spec', TWO_APIS, { api: 'orders', spec: 'x.yaml' }, /--spec and --api do not go together/],
  ['an entry without root', 'apis:\n  a:\n    output: x.json\n', {}, /apis\.a has no `root`/],
  ['outputs in two folders', 'apis:\n  a:\n    root: a.yaml\n    output: one/a.json\n    x-openapi-ts:\n      output: two/a.ts\n', {}, /apis\.a: `output` \(one\/a\.json\) and `x-openapi-ts\.output` \(two\/a\.ts\) must be in the same folder/],
  ['a config that is not YAML', 'apis: [\n', {}, /redocly\.yaml: cannot read the config: /],
  ['allowRemoteRefs that is not a boolean', 'x-authkit:\n  allowRemoteRefs: yes please\n', {}, /`x-authkit\.allowRemoteRefs` must be true or false/],
  ['collections that is not a boolean', 'x-authkit:\n  collections: sometimes\n', {}, /`x-authkit\.collections` must be true or false/],
  ['zod that is not a boolean', 'x-authkit:\n  zod: "yes"\n', {}, /^\/.*\/redocly\.yaml: `x-authkit\.zod` must be true or false\.$/],
  ['an entry\'s zod that is not a boolean', 'apis:\n  a:\n    root: a.yaml\n    x-authkit:\n      zod: "yes"\n', {}, /^\/.*\/redocly\.yaml: apis\.a: `x-authkit\.zod` must be true or false\.$/],
  ['an entry\'s collections that is not a boolean', 'apis:\n  a:\n    root: a.yaml\n    x-authkit:\n      collections: 1\n', {}, /apis\.a: `x-authkit\.collections` must be true or false/],
];

describe('config mistakes are usage errors that say what to change', () => {
  it.each(mistakes)('%s', async (_what, config, flags, message) => {
    const dir = config === undefined ? await tempDir('bare-') : await team(config);
    const error = failure(() => resolveTargets(flags, dir));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toMatch(message);
  });

  it('serving or testing needs one API: several ask for --api', async () => {
    const dir = await team();
    expect(failure(() => resolveSingleTarget({}, dir)).message).toBe('redocly.yaml lists 2 APIs (orders, billing@v2): pick one with --api <name>.');
  });
});
