import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAuthkit } from '../helpers/run-script.js';

type Output = Awaited<ReturnType<typeof runAuthkit>>;
interface Report {
  shard?: { index: number; total: number; specHash: string; allPairIds: string[]; allNegativeIds: string[] };
  pairs: Array<{ id: string; method: string; path: string }>;
  negatives: Array<{ id: string }>;
}

const SHARDS = [1, 2, 3];
let dir: string;
const folder = (name: string) => join(dir, name);
const report = async (name: string): Promise<Report> => JSON.parse(await readFile(join(folder(name), 'contract.json'), 'utf8'));
const junit = (name: string) => readFile(join(folder(name), 'contract.junit.xml'), 'utf8');
const merge = (...args: string[]) => runAuthkit(['contract', 'merge', ...args]);

// What differs between two runs of the same contract: how long things took, and where each mock listened.
const withoutTiming = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(withoutTiming)
    : value && typeof value === 'object'
      ? Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'durationMs' && key !== 'baseUrl').map(([key, inner]) => [key, withoutTiming(inner)]))
      : value;
const junitWithoutTiming = (xml: string) => xml.replace(/ time="[\d.]+"/g, '');
const tableWithoutTiming = (stdout: string) =>
  stdout
    .replace(/\(mock at [^)]*\)/, '(mock at …)')
    .replace(/ · [\d.]+ s$/m, '')
    .replace(/^reports: .*$/m, 'reports: …');

let whole: Output;
const shardRuns = new Map<number, Output>();
let merged: Output;

// The mock's start is the slow part: the unsharded run and the three slices go side by side.
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shards-'));
  const runs = await Promise.all([
    runAuthkit(['contract', '--reports', folder('whole')]),
    ...SHARDS.map((index) => runAuthkit(['contract', '--shard', `${index}/3`, '--reports', folder(`shard-${index}`)])),
  ]);
  whole = runs[0]!;
  SHARDS.forEach((index) => shardRuns.set(index, runs[index]!));
  merged = await merge(...SHARDS.map((index) => folder(`shard-${index}`)), '--reports', folder('merged'));
}, 120_000);

afterAll(() => rm(dir, { recursive: true, force: true }));

describe('authkit contract --shard i/n', () => {
  it('each slice passes and records its shard and the whole run', async () => {
    expect([whole.exitCode, ...SHARDS.map((index) => shardRuns.get(index)!.exitCode)]).toEqual([0, 0, 0, 0]);
    const wholeReport = await report('whole');
    for (const index of SHARDS) {
      const { shard } = await report(`shard-${index}`);
      expect(shard).toMatchObject({ index, total: 3, specHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect([...shard!.allPairIds].sort()).toEqual(wholeReport.pairs.map((pair) => pair.id).sort());
      expect([...shard!.allNegativeIds].sort()).toEqual(wholeReport.negatives.map((negative) => negative.id).sort());
    }
    expect(await junit('shard-2')).toContain('<testsuite name="Auth API 1.0.0 (mock, shard 2/3)" tests="26" failures="0" skipped="0">');
  });

  it('every pair and negative case is in exactly one shard, and whole operations go together', async () => {
    const wholeReport = await report('whole');
    const slices = await Promise.all(SHARDS.map((index) => report(`shard-${index}`)));
    expect(slices.flatMap((slice) => slice.pairs.map((pair) => pair.id)).sort()).toEqual(wholeReport.pairs.map((pair) => pair.id).sort());
    expect(slices.flatMap((slice) => slice.negatives.map((negative) => negative.id)).sort()).toEqual(wholeReport.negatives.map((negative) => negative.id).sort());
    expect(slices.map((slice) => [...new Set(slice.pairs.map((pair) => `${pair.method} ${pair.path}`))])).toEqual([
      ['POST /api/v1/auth/login', 'POST /api/v1/auth/refresh', 'DELETE /api/v1/auth/sessions/{sessionId}'],
      ['POST /api/v1/auth/logout', 'GET /api/v1/auth/sessions'],
      ['GET /api/v1/auth/me', 'POST /api/v1/auth/register'],
    ]);
  });

  it('a slice\'s table shows only its own pairs and says which shard it is', () => {
    const { stdout } = shardRuns.get(2)!;
    expect(stdout).toMatch(/^✔ Auth API 1\.0\.0 \(mock at http:\/\/127\.0\.0\.1:\d+, shard 2\/3\): 24\/24 pairs pass, 0 fail, 0 not exercised · negative cases 2 pass, 0 fail · /);
    expect([...stdout.matchAll(/^(GET|POST|DELETE) +(\S+)/gm)].map((match) => `${match[1]} ${match[2]}`)).toEqual(['POST /api/v1/auth/logout', 'GET /api/v1/auth/sessions']);
  });
});

describe('authkit contract merge', () => {
  it('three slices merge into the unsharded run: the same contract.json, JUnit file, table and exit code', async () => {
    expect(merged.stderr).toBe('');
    expect(merged.exitCode).toBe(whole.exitCode);
    expect(withoutTiming(await report('merged'))).toEqual(withoutTiming(await report('whole')));
    expect(junitWithoutTiming(await junit('merged'))).toBe(junitWithoutTiming(await junit('whole')));
    expect(tableWithoutTiming(merged.stdout)).toBe(tableWithoutTiming(whole.stdout));
    expect(merged.stdout).toMatch(/^✔ Auth API 1\.0\.0 \(mock at http:\/\/127\.0\.0\.1:\d+, http:\/\/127\.0\.0\.1:\d+, http:\/\/127\.0\.0\.1:\d+\): 84\/84 pairs pass/);
  });

  it('a missing slice fails with exit 2, naming the shard', async () => {
    const result = await merge(folder('shard-1'), join(folder('shard-3'), 'contract.json'), '--reports', folder('missing'));
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('cannot merge the contract reports:\n  missing shard 2 of 3: merge the report of every `--shard <i>/3` run');
    expect(result.stdout).toBe('');
  });

  it('a slice given twice, one from another spec, or a whole run\'s report fails with exit 2, naming the files', async () => {
    const otherSpec = folder('other-spec');
    await cp(folder('shard-2'), otherSpec, { recursive: true });
    const slice = await report('other-spec');
    await writeFile(join(otherSpec, 'contract.json'), JSON.stringify({ ...slice, shard: { ...slice.shard, specHash: 'f'.repeat(64) } }));
    const [twice, other, unsharded] = await Promise.all([
      merge(folder('shard-1'), folder('shard-2'), folder('shard-2'), folder('shard-3'), '--reports', folder('twice')),
      merge(folder('shard-1'), otherSpec, folder('shard-3'), '--reports', folder('other')),
      merge(folder('whole'), '--reports', folder('unsharded')),
    ]);
    expect([twice.exitCode, other.exitCode, unsharded.exitCode]).toEqual([2, 2, 2]);
    const shard2 = join(folder('shard-2'), 'contract.json');
    expect(twice.stderr).toContain(`shard 2/3 is given 2 times: ${shard2}, ${shard2}`);
    expect(other.stderr).toMatch(new RegExp(`the slices come from different specs: .*shard-1/contract\\.json, .*shard-3/contract\\.json \\(spec sha256 [0-9a-f]{12}…\\); .*other-spec/contract\\.json \\(spec sha256 ffffffffffff…\\)`));
    expect(unsharded.stderr).toContain(`${join(folder('whole'), 'contract.json')} is the report of a whole run, not of a shard`);
  }, 60_000);
});
