import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MANIFEST_FILE } from '../../src/generate/manifest.js';
import { buildArtifacts } from '../../src/generate/generate.js';
import { buildOutputs } from '../../src/pipeline/build-outputs.js';
import { checkApi, generateApi } from '../../src/pipeline/generate-job.js';
import { loadSpec, type StopOn } from '../../src/pipeline/load-spec.js';
import type { ApiTarget } from '../../src/pipeline/project.js';
import { mayReferToOtherFiles } from '../../src/pipeline/side-build.js';
import { AUTH_OUT, fixture, ROOT } from '../helpers/paths.js';
import { runAuthkit } from '../helpers/run-script.js';
import { target } from '../helpers/targets.js';
import { tempDir } from '../helpers/temp-dir.js';

/** A copy of the Auth API and its config in a temp folder, as a team's repo. */
async function authApiCopy(): Promise<string> {
  const dir = await tempDir('drift-');
  await cp(join(ROOT, 'spec'), join(dir, 'spec'), { recursive: true });
  const config = (await readFile(join(ROOT, 'redocly.yaml'), 'utf8')).replace('./src/lint/house-rules/index.js', join(ROOT, 'src', 'lint', 'house-rules', 'index.js'));
  await writeFile(join(dir, 'redocly.yaml'), config);
  return dir;
}

describe('drift gate', () => {
  it('generated/ matches spec/, rebuilt from scratch and strict, as this repo\'s CI runs the Auth API (run `npm run generate` when this fails)', async () => {
    const outcome = await checkApi(target({ api: 'auth' }), { useCache: false, strict: true });
    expect(outcome.outDir).toBe(AUTH_OUT);
    expect(outcome.stale.map((file) => `${file.file} is ${file.reason}`)).toEqual([]);
  });

  it('the committed manifest is current, so `check` answers from the recorded hashes (run `npm run generate` when this fails)', async () => {
    expect(await checkApi(target({ api: 'auth' }), { strict: true })).toMatchObject({ stale: [], byManifest: true });
  });

  it('names each stale file and the command that fixes it, one line each', async () => {
    const dir = await authApiCopy();
    expect((await runAuthkit(['generate'], { cwd: dir })).exitCode).toBe(0);
    expect((await runAuthkit(['check'], { cwd: dir })).exitCode).toBe(0);

    const user = join(dir, 'spec', 'components', 'schemas', 'User.yaml');
    await writeFile(user, (await readFile(user, 'utf8')).replace('Name shown in the app', 'Name shown to other users'));
    const result = await runAuthkit(['check'], { cwd: dir });
    expect(result.exitCode).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      '✖ auth: generated/openapi.json is out of date with the spec: run `authkit generate`',
      '✖ auth: generated/api-types.ts is out of date with the spec: run `authkit generate`',
    ]);
  });

  it('reports a generated file that is missing', async () => {
    const out = await tempDir('drift-');
    const outcome = await checkApi(target({ spec: fixture('specs', 'ping-3.1.yaml'), out }));
    expect(outcome.stale.map((file) => file.reason)).toEqual(['missing', 'missing']);
  });
});

describe('no-op generate and check, by the recorded hashes', () => {
  it('a second generate builds nothing; an edit, a hand-edited output or a config change each rebuild', async () => {
    const dir = await authApiCopy();
    const auth = () => target({ api: 'auth' }, dir);
    const first = await generateApi(auth());
    expect(first.written.map((file) => file.slice(dir.length + 1)).sort()).toEqual(['generated/api-types.ts', `generated/${MANIFEST_FILE}`, 'generated/openapi.json', 'generated/schemas.ts']);
    expect(await generateApi(auth())).toMatchObject({ written: [], unchanged: true });
    expect(await checkApi(auth())).toMatchObject({ stale: [], byManifest: true });

    // A saved file whose content is the same is no change.
    const login = join(dir, 'spec', 'paths', 'auth-login.yaml');
    await writeFile(login, await readFile(login, 'utf8'));
    expect(await generateApi(auth())).toMatchObject({ unchanged: true });

    // A real edit: everything is rebuilt, and only what changed is written.
    await writeFile(login, (await readFile(login, 'utf8')).replace('summary: Login', 'summary: Sign in'));
    const edited = await generateApi(auth());
    expect(edited.unchanged).toBe(false);
    expect(edited.written.map((file) => file.slice(dir.length + 1)).sort()).toEqual(['generated/api-types.ts', `generated/${MANIFEST_FILE}`, 'generated/openapi.json']);

    // A hand edit of a generated file is caught by check, and generate repairs it.
    const types = join(dir, 'generated', 'api-types.ts');
    await writeFile(types, `${await readFile(types, 'utf8')}// edited\n`);
    expect(await checkApi(auth())).toMatchObject({ byManifest: false, stale: [{ file: types, reason: 'out of date' }] });
    expect((await generateApi(auth())).written).toEqual([types]);

    // The lint config is an input: a rule change re-lints.
    const config = join(dir, 'redocly.yaml');
    await writeFile(config, `${await readFile(config, 'utf8')}\n# tightened\n`);
    expect(await generateApi(auth())).toMatchObject({ unchanged: false, written: [join(dir, 'generated', MANIFEST_FILE)] });
  });

  it('--no-cache rebuilds even when nothing changed', async () => {
    const dir = await authApiCopy();
    expect((await runAuthkit(['generate'], { cwd: dir })).exitCode).toBe(0);
    expect((await runAuthkit(['generate'], { cwd: dir })).stdout).toContain('(no input changed since the last generate); nothing written');
    const forced = await runAuthkit(['generate', '--no-cache'], { cwd: dir });
    expect(forced.stdout).toBe('✔ auth: generated/ already matches the spec; nothing written\n');
  });
});

describe('generate for any spec', () => {
  it('--spec works in a folder with no config at all: Redocly\'s recommended rules, files into --out', async () => {
    const dir = await tempDir('no-config-');
    await cp(fixture('specs', 'ping-3.1.yaml'), join(dir, 'api.yaml'));
    const result = await runAuthkit(['generate', '--spec', 'api.yaml', '--out', 'gen'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('✔ generated gen/openapi.json, gen/api-types.ts, gen/authkit-manifest.json\n');
    expect(result.exitCode).toBe(0);
  });

  it.each([
    ['OpenAPI 3.1 YAML', 'ping-3.1.yaml'],
    ['OpenAPI 3.0 JSON', 'ping-3.0.json'],
  ])('%s writes the bundled spec and its types into --out', async (_kind, file) => {
    const out = await tempDir('gen-');
    await generateApi(target({ spec: fixture('specs', file), out }));
    const bundled = JSON.parse(await readFile(join(out, 'openapi.json'), 'utf8'));
    expect(bundled.paths['/api/v1/ping'].get.operationId).toBe('getPing');
    const types = await readFile(join(out, 'api-types.ts'), 'utf8');
    expect(types).toContain('"/api/v1/ping"');
    expect(types).toMatch(/getPing: \{/);
  });

  it('bundles a multi-file spec into one document with internal $refs only', async () => {
    const out = await tempDir('gen-');
    await generateApi(target({ api: 'auth', out }));
    const text = await readFile(join(out, 'openapi.json'), 'utf8');
    const refs = [...text.matchAll(/"\$ref": "([^"]+)"/g)].map((match) => match[1]!);
    expect(refs.filter((ref) => !ref.startsWith('#/'))).toEqual([]);
    expect(new Set(refs)).toContain('#/components/schemas/ErrorEnvelope');
  });
});

describe('lint beside bundle and types', () => {
  const oneThread = async (spec: ApiTarget, stopOn: StopOn) => {
    const loaded = await loadSpec(spec, { stopOn });
    return { files: await buildArtifacts(loaded.document, spec), problems: loaded.problems, tolerated: loaded.tolerated };
  };

  it.each([
    ['a one-file JSON spec is bundled and typed in the worker', 'ping-3.0.json', { bundle: 'worker', types: 'worker' }],
    ['a one-file YAML spec with lint errors too', 'broken-example.yaml', { bundle: 'worker', types: 'worker' }],
  ] as const)('%s: the same files, findings and tolerated errors as lint, bundle and types one after the other', async (_what, file, builtBy) => {
    const spec = target({ spec: fixture('specs', file), out: await tempDir('side-') });
    const built = await buildOutputs(spec, 'structural', { sideBuildFromBytes: 0 });
    expect(built.builtBy).toEqual(builtBy);
    const expected = await oneThread(spec, 'structural');
    expect(built.files).toEqual(expected.files);
    expect(built.problems).toEqual(expected.problems);
    expect(built.tolerated).toEqual(expected.tolerated);
    expect(built.document()).toEqual(JSON.parse(expected.files[0]!.content));
  });

  it('a spec of several files is bundled after lint on the main thread and typed in the worker, to the same bytes', async () => {
    const spec = target({ api: 'auth', out: await tempDir('side-') });
    const built = await buildOutputs(spec, 'any-error', { sideBuildFromBytes: 0 });
    expect(built.builtBy).toEqual({ bundle: 'main', types: 'worker' });
    expect(built.files).toEqual((await oneThread(spec, 'any-error')).files);
  });

  it('a lint error that stops the run wins over whatever the worker built, with the one-thread message', async () => {
    const spec = target({ spec: fixture('specs', 'broken-example.yaml'), out: await tempDir('side-') });
    const message = await oneThread(spec, 'any-error').then(() => 'no error', (error: Error) => error.message);
    expect(message).toMatch(/error \[/);
    await expect(buildOutputs(spec, 'any-error', { sideBuildFromBytes: 0 })).rejects.toThrow(message);
  });

  it('a small spec is built on the main thread alone: a worker would cost more than it saves', async () => {
    const spec = target({ spec: fixture('specs', 'ping-3.0.json'), out: await tempDir('side-') });
    expect((await buildOutputs(spec, 'structural')).builtBy).toEqual({ bundle: 'main', types: 'main' });
  });

  it('a root that may $ref another file is not sent alone', () => {
    expect(mayReferToOtherFiles('{ "$ref": "#/components/schemas/A" }')).toBe(false);
    expect(mayReferToOtherFiles('"schema": {\n  "$ref":   "#/components/schemas/A"\n}')).toBe(false);
    expect(mayReferToOtherFiles("schema:\n  $ref: '#/components/schemas/A'")).toBe(false);
    expect(mayReferToOtherFiles('schema: { $ref: ./schemas/A.yaml }')).toBe(true);
    expect(mayReferToOtherFiles('"$ref": "common.json#/components/schemas/A"')).toBe(true);
    expect(mayReferToOtherFiles('"$ref": "https://example.com/a.json"')).toBe(true);
  });
});
