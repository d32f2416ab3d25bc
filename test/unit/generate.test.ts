import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MANIFEST_FILE } from '../../src/generate/manifest.js';
import { checkApi, generateApi } from '../../src/pipeline/generate-job.js';
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
    expect(first.written.map((file) => file.slice(dir.length + 1)).sort()).toEqual(['generated/api-types.ts', `generated/${MANIFEST_FILE}`, 'generated/openapi.json']);
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
