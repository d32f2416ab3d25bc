import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAuthkit } from '../helpers/run-script.js';
import { ROOT } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp-dir.js';

// `contract --target msw`: the same cases and checks, answered by the spec's MSW
// handlers in the run's own process (msw/node intercepts fetch), with no port.
interface Report {
  target: string;
  summary: { pairs: number; passed: number; failed: number; notExercised: number; negativesPassed: number; negativesFailed: number };
  pairs: Array<{ id: string; result: string }>;
}

async function runMsw(args: string[]) {
  const dir = await tempDir('msw-target-');
  const result = await runAuthkit(['contract', '--target', 'msw', '--reports', dir, ...args]);
  const report = JSON.parse(await readFile(join(dir, 'contract.json'), 'utf8')) as Report;
  return { result, report, junit: await readFile(join(dir, 'contract.junit.xml'), 'utf8') };
}

describe('contract --target msw', { timeout: 120_000 }, () => {
  it('passes every documented pair and negative case of the default spec, and the reports say msw', async () => {
    const { result, report, junit } = await runMsw([]);
    expect(result.stdout).toMatch(/^✔ Auth API 1\.0\.0 \(msw handlers, in this process\): 84\/84 pairs pass, 0 fail, 0 not exercised · negative cases 7 pass, 0 fail · /m);
    expect(result.exitCode).toBe(0);
    expect(report.target).toBe('msw');
    expect(report.summary).toEqual({ pairs: 84, passed: 84, failed: 0, notExercised: 0, blocked: 0, negativesPassed: 7, negativesFailed: 0 });
    expect(junit).toContain('<testsuite name="Auth API 1.0.0 (msw)" tests="91" failures="0" skipped="0">');
    expect(junit).toContain('<properties><property name="target" value="msw"/></properties>');
  });

  it('the shapes fixture (a literal path beside a templated one that matches it, forms, XML): the same report as the mock server\'s', async () => {
    const { report } = await runMsw(['--spec', join(ROOT, 'test', 'fixtures', 'specs', 'shapes-3.1.yaml')]);
    expect(report.summary).toEqual({ pairs: 18, passed: 17, failed: 0, notExercised: 1, blocked: 0, negativesPassed: 5, negativesFailed: 0 });
    expect(report.pairs.filter((pair) => pair.result !== 'pass').map((pair) => pair.id)).toEqual(['POST /parcels/xml → 200']);
  });

  it('Scalar Galaxy: every pair passes, as on the mock server (a readOnly property marked required is not asked of a request)', async () => {
    const { report } = await runMsw(['--spec', join(ROOT, 'node_modules', '@scalar', 'galaxy', 'dist', '3.1.yaml')]);
    expect(report.summary).toEqual({ pairs: 22, passed: 22, failed: 0, notExercised: 0, blocked: 0, negativesPassed: 1, negativesFailed: 0 });
  });

  const modules = join(ROOT, 'node_modules');
  it.each([
    ['Train Travel', join(modules, '@readme', 'oas-examples', '3.1', 'json', 'train-travel.json'), 45],
    ['STAPI', join(modules, '@readme', 'oas-examples', '3.0', 'yaml', 'star-trek.yaml'), 200],
    ['Scalar Galaxy', join(modules, '@scalar', 'galaxy', 'dist', '3.1.yaml'), 22],
    ['rclone', join(modules, 'rclone-openapi', 'openapi.json'), 404],
    ['ShipEngine', join(modules, 'shipengine-openapi', 'openapi.yaml'), 285],
  ])('%s runs to a full report, every documented pair judged', async (_name, spec, pairs) => {
    const { report } = await runMsw(['--spec', spec]);
    // The same count of pairs as the mock server's run of the spec (test/contract/corpus.test.ts).
    expect(report.summary.pairs).toBe(pairs);
    expect(report.pairs).toHaveLength(pairs);
    expect(report.pairs.filter((pair) => !['pass', 'fail', 'not_exercised'].includes(pair.result))).toEqual([]);
    expect(report.target).toBe('msw');
  });
});
