import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildArtifacts } from '../../src/generate/generate.js';
import { MANIFEST_FILE, type Manifest } from '../../src/generate/manifest.js';
import { buildOutputs } from '../../src/pipeline/build-outputs.js';
import { checkApi, generateApi } from '../../src/pipeline/generate-job.js';
import { loadSpec } from '../../src/pipeline/load-spec.js';
import { AUTH_OUT, fixture, ROOT } from '../helpers/paths.js';
import { runAuthkit } from '../helpers/run-script.js';
import { target } from '../helpers/targets.js';
import { tempDir } from '../helpers/temp-dir.js';

/** The ping spec in a folder of its own, with a config whose `x-authkit` is `authkit`. */
async function pingProject(authkit: string): Promise<string> {
  const dir = await tempDir('zod-gen-');
  await cp(fixture('specs', 'ping-3.0.json'), join(dir, 'api.json'));
  await writeFile(join(dir, 'redocly.yaml'), `extends: [minimal]\napis:\n  ping:\n    root: api.json\n    output: gen/openapi.json\n${authkit}`);
  return dir;
}

const names = (dir: string, files: string[]) => files.map((file) => file.slice(dir.length + 1)).sort();

describe('generate writes schemas.ts when the config says so, as one of the set', () => {
  it('only when turned on; turning it on is a change of input, and only the new file is written', async () => {
    const dir = await pingProject('');
    const ping = () => target({ api: 'ping' }, dir);
    expect(names(dir, (await generateApi(ping())).written)).toEqual(['gen/api-types.ts', `gen/${MANIFEST_FILE}`, 'gen/openapi.json']);

    await writeFile(join(dir, 'redocly.yaml'), `${await readFile(join(dir, 'redocly.yaml'), 'utf8')}    x-authkit:\n      zod: true\n`);
    const turnedOn = await generateApi(ping());
    expect(turnedOn.unchanged).toBe(false);
    expect(names(dir, turnedOn.written)).toEqual([`gen/${MANIFEST_FILE}`, 'gen/schemas.ts']);
    const manifest = JSON.parse(await readFile(join(dir, 'gen', MANIFEST_FILE), 'utf8')) as Manifest;
    expect(Object.keys(manifest.outputs)).toEqual(['openapi.json', 'api-types.ts', 'schemas.ts']);
    expect(await generateApi(ping())).toMatchObject({ unchanged: true, written: [] });
    expect(await readFile(join(dir, 'gen', 'schemas.ts'), 'utf8')).toContain('export const operations = {\n  "/api/v1/ping": {');

    // Turned off again: the file it generated goes, so nothing imports a copy that no longer follows the spec.
    await writeFile(join(dir, 'redocly.yaml'), (await readFile(join(dir, 'redocly.yaml'), 'utf8')).replace('zod: true', 'zod: false'));
    const turnedOff = await generateApi(ping());
    expect(names(dir, turnedOff.written)).toEqual([`gen/${MANIFEST_FILE}`]);
    expect(names(dir, turnedOff.removed)).toEqual(['gen/schemas.ts']);
    expect((await readdir(join(dir, 'gen'))).sort()).toEqual(['api-types.ts', MANIFEST_FILE, 'openapi.json']);
    expect(await checkApi(ping())).toMatchObject({ stale: [], byManifest: true });
  });

  it('the drift gate names a hand-edited schemas.ts, and generate puts it back', async () => {
    const dir = await pingProject('    x-authkit:\n      zod: true\n');
    expect((await runAuthkit(['generate'], { cwd: dir })).exitCode).toBe(0);
    const schemas = join(dir, 'gen', 'schemas.ts');
    const generated = await readFile(schemas, 'utf8');
    await writeFile(schemas, generated.replace('z.boolean()', 'z.string()'));
    const ping = target({ api: 'ping' }, dir);
    expect(await checkApi(ping)).toMatchObject({ byManifest: false, stale: [{ file: schemas, reason: 'out of date' }] });
    const result = await runAuthkit(['check'], { cwd: dir });
    expect(result.exitCode).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual(['✖ ping: gen/schemas.ts is out of date with the spec: run `authkit generate`']);
    expect((await generateApi(ping)).written).toEqual([schemas]);
    expect(await readFile(schemas, 'utf8')).toBe(generated);
  });

  it('a spec built in the worker thread gets the same schemas.ts as one built on the main thread', async () => {
    const dir = await pingProject('x-authkit:\n  zod: true\n');
    const spec = target({ spec: join(dir, 'api.json'), out: join(dir, 'out') }, dir);
    expect(spec.schemasFile).toBe('schemas.ts');
    const built = await buildOutputs(spec, 'structural', { sideBuildFromBytes: 0 });
    expect(built.builtBy).toEqual({ bundle: 'worker', types: 'worker' });
    const loaded = await loadSpec(spec, { stopOn: 'structural' });
    expect(built.files.map((file) => file.name)).toEqual(['openapi.json', 'api-types.ts', 'schemas.ts']);
    expect(built.files).toEqual(await buildArtifacts(loaded.document, spec));
  });
});

describe('the committed schemas are current (run the generate command each names when one fails)', () => {
  it('generated/: the Auth API lists schemas.ts in its manifest', async () => {
    const manifest = JSON.parse(await readFile(join(AUTH_OUT, MANIFEST_FILE), 'utf8')) as Manifest;
    expect(Object.keys(manifest.outputs)).toEqual(['openapi.json', 'api-types.ts', 'schemas.ts']);
    expect(await checkApi(target({ api: 'auth' }), { strict: true })).toMatchObject({ stale: [] });
  });

  it.each([['features'], ['galaxy']])('test/fixtures/zod/%s (`node bin/authkit.js generate --config test/fixtures/zod/%s/redocly.yaml`)', async (name) => {
    const outcome = await checkApi(target({ config: fixture('zod', name, 'redocly.yaml') }, ROOT));
    expect(outcome.stale).toEqual([]);
  });
});
