import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SpecError } from '../../src/openapi/spec-problem.js';
import { generateApi } from '../../src/pipeline/generate-job.js';
import { fixture, HOUSE_RULES_CONFIG } from '../helpers/paths.js';
import { runAuthkit } from '../helpers/run-script.js';
import { target } from '../helpers/targets.js';
import { tempDir } from '../helpers/temp-dir.js';

// [what is wrong, fixture, line, rule, exit code: 2 when nothing can read the spec, 1 for a finding]
const cases = [
  ['a YAML syntax error', 'broken/yaml-syntax.yaml', 6, 'yaml-syntax', 2],
  ['a dangling $ref', 'broken/dangling-ref.yaml', 43, 'no-unresolved-refs', 2],
  ['a $ref that leads back to itself', 'broken/self-ref.yaml', 61, 'no-unresolved-refs', 2],
  ['a document that is not OpenAPI 3.x', 'broken/swagger-2.yaml', 2, 'openapi-version', 2],
  ['a house-rule violation', 'house-rules/error-example-code.yaml', 102, 'house/error-example-code', 1],
] as const;

async function seededOutDir(): Promise<{ outDir: string; before: Record<string, string> }> {
  const outDir = await tempDir('generated-');
  const before = { 'openapi.json': '{"previous":true}\n', 'api-types.ts': 'export type Previous = true;\n' };
  for (const [name, content] of Object.entries(before)) await writeFile(join(outDir, name), content);
  return { outDir, before };
}

describe.each(cases)('generate given %s', (_what, spec, line, rule, exitCode) => {
  it('rejects with the file, line and rule, and leaves generated files untouched', async () => {
    const { outDir, before } = await seededOutDir();
    const failure = await generateApi(target({ spec: fixture(spec), config: HOUSE_RULES_CONFIG, out: outDir }), { strict: true }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SpecError);
    const problem = (failure as SpecError).problems.find((candidate) => candidate.rule === rule);
    expect(problem).toMatchObject({ file: fixture(spec), line, rule });
    for (const [name, content] of Object.entries(before)) expect(await readFile(join(outDir, name), 'utf8')).toBe(content);
  });

  it(`ends \`authkit generate --strict\` with exit ${exitCode} and a message naming file:line and the rule`, async () => {
    const { outDir, before } = await seededOutDir();
    const result = await runAuthkit(['generate', '--strict', '--spec', fixture(spec), '--config', HOUSE_RULES_CONFIG, '--out', outDir]);
    expect(result.exitCode).toBe(exitCode);
    expect(result.stderr).toContain(`${spec}:${line}:`);
    expect(result.stderr).toContain(`[${rule}]`);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    for (const [name, content] of Object.entries(before)) expect(await readFile(join(outDir, name), 'utf8')).toBe(content);
  });
});

describe('lint findings do not stop generate unless --strict', () => {
  it('a house-rule violation is listed as a warning with file:line, and the types are generated', async () => {
    const out = await tempDir('lenient-');
    const result = await runAuthkit(['generate', '--spec', fixture('house-rules', 'error-example-code.yaml'), '--config', HOUSE_RULES_CONFIG, '--out', out]);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain('⚠ lint found 1 error(s) and 0 warning(s); generated anyway (--strict stops on errors):');
    expect(result.stderr).toContain('error-example-code.yaml:102:');
    expect(await readFile(join(out, 'api-types.ts'), 'utf8')).toContain('getPing');
  });

  it('and a strict run is not fooled by the recorded hashes of a lenient one', async () => {
    const out = await tempDir('lenient-');
    const args = ['generate', '--spec', fixture('house-rules', 'error-example-code.yaml'), '--config', HOUSE_RULES_CONFIG, '--out', out];
    expect((await runAuthkit(args)).exitCode).toBe(0);
    expect((await runAuthkit([...args, '--strict'])).exitCode).toBe(1);
    expect((await runAuthkit(['check', ...args.slice(1), '--strict'])).exitCode).toBe(1);
  });
});

describe('a dangling $ref names its target', () => {
  it('a pointer inside the file: the pointer, file:line:col, exit 2', async () => {
    const dir = await tempDir('dangling-');
    const spec = join(dir, 'openapi.yaml');
    await writeFile(spec, (await readFile(fixture('specs', 'ping-3.1.yaml'), 'utf8')).replace("$ref: '#/components/responses/E404'", "$ref: '#/components/schemas/Nope'"));
    const result = await runAuthkit(['lint', '--spec', spec]);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toMatch(/openapi\.yaml:43:\d+ error \[no-unresolved-refs\] Can't resolve \$ref `#\/components\/schemas\/Nope`/);
  });

  it('a file that does not exist: the relative path as written', async () => {
    const result = await runAuthkit(['lint', '--spec', fixture('broken', 'dangling-ref.yaml')]);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toMatch(/dangling-ref\.yaml:43:11 error \[no-unresolved-refs\] Can't resolve \$ref `\.\/responses\/not-found\.yaml`: ENOENT/);
  });
});

describe('usage', () => {
  it('an unknown flag exits 2 and names the flag', async () => {
    const result = await runAuthkit(['lint', '--sepc', 'x.yaml']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('Unknown option `--sepc`');
  });

  it('an unknown command exits 2 and points at --help', async () => {
    const result = await runAuthkit(['lnit']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('unknown command "lnit": run `authkit --help`');
  });

  it('generate for a spec no config entry owns, without --out, refuses: it never guesses where files go', async () => {
    const result = await runAuthkit(['generate', '--spec', fixture('specs', 'ping-3.1.yaml')]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/generate needs an output folder for test\/fixtures\/specs\/ping-3\.1\.yaml: pass --out <dir>/);
  });

  it('a spec that does not exist names the path, exit 2', async () => {
    const result = await runAuthkit(['lint', '--spec', 'nowhere/openapi.yaml']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('nowhere/openapi.yaml:1:1');
    expect(result.stderr).toContain('[spec-file]');
  });

  it('an --api the config does not have lists the ones it has', async () => {
    const result = await runAuthkit(['lint', '--api', 'payments']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('redocly.yaml has no API named "payments"; it has: auth.');
  });

  it('a --config that does not exist is named', async () => {
    const result = await runAuthkit(['lint', '--config', 'missing.yaml']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('missing.yaml: no such config file (--config).');
  });
});
