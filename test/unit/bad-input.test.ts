import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '@redocly/openapi-core';
import { generate } from '../../src/generate/generate.js';
import { loadLintConfig } from '../../src/spec/lint-config.js';
import { SpecError } from '../../src/spec/spec-problem.js';
import { fixture } from '../helpers/paths.js';
import { runScript } from '../helpers/run-script.js';
import { tempDir } from '../helpers/temp-dir.js';

let config: Config;
beforeAll(async () => {
  config = await loadLintConfig();
});

// [what is wrong, fixture, file the error names, line, rule]
const cases = [
  ['a YAML syntax error', 'broken/yaml-syntax.yaml', 'broken/yaml-syntax.yaml', 6, 'yaml-syntax'],
  ['a dangling $ref', 'broken/dangling-ref.yaml', 'broken/dangling-ref.yaml', 43, 'no-unresolved-refs'],
  ['a document that is not OpenAPI 3.x', 'broken/swagger-2.yaml', 'broken/swagger-2.yaml', 2, 'openapi-version'],
  ['a house-rule violation', 'house-rules/error-example-code.yaml', 'house-rules/error-example-code.yaml', 102, 'house/error-example-code'],
] as const;

async function seededOutDir(): Promise<{ outDir: string; before: Record<string, string> }> {
  const outDir = await tempDir('generated-');
  const before = { 'openapi.json': '{"previous":true}\n', 'api-types.ts': 'export type Previous = true;\n' };
  for (const [name, content] of Object.entries(before)) await writeFile(join(outDir, name), content);
  return { outDir, before };
}

describe.each(cases)('generate given %s', (_what, spec, file, line, rule) => {
  it('rejects with the file, line and rule, and leaves generated files untouched', async () => {
    const { outDir, before } = await seededOutDir();
    const failure = await generate({ spec: fixture(spec), config, outDir }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SpecError);
    const problem = (failure as SpecError).problems.find((candidate) => candidate.rule === rule);
    expect(problem).toMatchObject({ file: fixture(file), line, rule });
    for (const [name, content] of Object.entries(before)) expect(await readFile(join(outDir, name), 'utf8')).toBe(content);
  });

  it('ends the generate script non-zero with a message naming file:line and the rule', async () => {
    const { outDir, before } = await seededOutDir();
    const result = await runScript('generate', ['--spec', fixture(spec), '--out', outDir]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`${file}:${line}:`);
    expect(result.stderr).toContain(`[${rule}]`);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    for (const [name, content] of Object.entries(before)) expect(await readFile(join(outDir, name), 'utf8')).toBe(content);
  });
});

describe('script usage', () => {
  it('an unknown flag exits 2 with the usage line', async () => {
    const result = await runScript('lint', ['--sepc', 'x.yaml']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/usage: npm run lint/);
  });

  it('generate for another spec without --out refuses, so generated/ stays the default spec\'s', async () => {
    const result = await runScript('generate', ['--spec', fixture('specs', 'ping-3.1.yaml')]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/--out is required with --spec .*ping-3\.1\.yaml: generated\/ holds the default spec's committed files/);
  });

  it('a spec that does not exist names the path', async () => {
    const result = await runScript('lint', ['--spec', 'nowhere/openapi.yaml']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('nowhere/openapi.yaml:1:1');
    expect(result.stderr).toContain('[spec-file]');
  });
});
