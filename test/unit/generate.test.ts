import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '@redocly/openapi-core';
import { findStaleFiles } from '../../src/generate/drift.js';
import { generate } from '../../src/generate/generate.js';
import { DEFAULT_OUT_DIR, DEFAULT_SPEC } from '../../src/project-root.js';
import { loadLintConfig } from '../../src/spec/lint-config.js';
import { fixture, ROOT } from '../helpers/paths.js';
import { runScript } from '../helpers/run-script.js';
import { tempDir } from '../helpers/temp-dir.js';

let config: Config;
beforeAll(async () => {
  config = await loadLintConfig();
});

describe('drift gate', () => {
  it('generated/ matches spec/ (run `npm run generate` when this fails)', async () => {
    const stale = await findStaleFiles({ spec: DEFAULT_SPEC, config, outDir: DEFAULT_OUT_DIR });
    expect(stale.map((file) => `${file.file} is ${file.reason}`)).toEqual([]);
  });

  it('names each stale file and the command that fixes it, one line each', async () => {
    const dir = await tempDir('drift-');
    await cp(join(ROOT, 'spec'), join(dir, 'spec'), { recursive: true });
    const spec = join(dir, 'spec', 'openapi.yaml');
    const out = join(dir, 'out');
    await generate({ spec, config, outDir: out });
    expect(await findStaleFiles({ spec, config, outDir: out })).toEqual([]);

    const user = join(dir, 'spec', 'components', 'schemas', 'User.yaml');
    await writeFile(user, (await readFile(user, 'utf8')).replace('Name shown in the app', 'Name shown to other users'));
    const result = await runScript('check', ['--spec', spec, '--out', out]);
    expect(result.exitCode).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/openapi\.json is out of date with the spec: run `npm run generate -- --spec .* --out .*`/);
    expect(lines[1]).toMatch(/api-types\.ts is out of date/);
  });

  it('reports a generated file that is missing', async () => {
    const out = await tempDir('drift-');
    const stale = await findStaleFiles({ spec: fixture('specs', 'ping-3.1.yaml'), config, outDir: out });
    expect(stale.map((file) => file.reason)).toEqual(['missing', 'missing']);
  });
});

describe('generate for any spec', () => {
  it.each([
    ['OpenAPI 3.1 YAML', 'ping-3.1.yaml'],
    ['OpenAPI 3.0 JSON', 'ping-3.0.json'],
  ])('%s writes the bundled spec and its types into --out', async (_kind, file) => {
    const out = await tempDir('gen-');
    await generate({ spec: fixture('specs', file), config, outDir: out });
    const bundled = JSON.parse(await readFile(join(out, 'openapi.json'), 'utf8'));
    expect(bundled.paths['/api/v1/ping'].get.operationId).toBe('getPing');
    const types = await readFile(join(out, 'api-types.ts'), 'utf8');
    expect(types).toContain('"/api/v1/ping"');
    expect(types).toMatch(/getPing: \{/);
  });

  it('bundles a multi-file spec into one document with internal $refs only', async () => {
    const out = await tempDir('gen-');
    await generate({ spec: DEFAULT_SPEC, config, outDir: out });
    const text = await readFile(join(out, 'openapi.json'), 'utf8');
    const refs = [...text.matchAll(/"\$ref": "([^"]+)"/g)].map((match) => match[1]);
    expect(refs.length).toBeGreaterThan(50);
    expect(refs.every((ref) => ref?.startsWith('#/'))).toBe(true);
  });

  it('running generate twice changes nothing', async () => {
    const out = await tempDir('gen-');
    await generate({ spec: DEFAULT_SPEC, config, outDir: out });
    const first = await readFile(join(out, 'api-types.ts'), 'utf8');
    await generate({ spec: DEFAULT_SPEC, config, outDir: out });
    expect(await readFile(join(out, 'api-types.ts'), 'utf8')).toBe(first);
  });
});
