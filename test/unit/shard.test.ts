import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { shardFlag } from '../../src/cli/flags.js';
import { buildCases } from '../../src/contract/build-cases.js';
import type { CaseResult } from '../../src/contract/cases.js';
import { mergeSlices, readSlice, type ContractSlice } from '../../src/contract/merge-reports.js';
import { toJsonReport } from '../../src/contract/report.js';
import type { ContractRun } from '../../src/contract/run-contract.js';
import { assignShards, takeShard } from '../../src/contract/shard.js';
import type { OpenApiDocument } from '../../src/openapi/document.js';
import { listOperations } from '../../src/openapi/operations.js';
import { UsageError } from '../../src/pipeline/usage-error.js';
import { AUTH_BUNDLE } from '../helpers/paths.js';

describe('assignShards', () => {
  const operations = [
    { method: 'post', path: '/b', weight: 3 },
    { method: 'get', path: '/a', weight: 2 },
    { method: 'delete', path: '/a', weight: 1 },
    { method: 'get', path: '/c', weight: 1 },
    { method: 'put', path: '/b', weight: 1 },
  ];

  it('deals operations in (path, method) order, each to the shard with the fewest requests so far', () => {
    // DELETE /a → 1 (1, 0) · GET /a → 2 (1, 2) · POST /b → 1 (4, 2) · PUT /b → 2 (4, 3) · GET /c → 2 (4, 4)
    expect(Object.fromEntries(assignShards(operations, 2))).toEqual({ 'DELETE /a': 1, 'GET /a': 2, 'POST /b': 1, 'PUT /b': 2, 'GET /c': 2 });
  });

  it.each([
    [1, { 'DELETE /a': 1, 'GET /a': 1, 'POST /b': 1, 'PUT /b': 1, 'GET /c': 1 }],
    [3, { 'DELETE /a': 1, 'GET /a': 2, 'POST /b': 3, 'PUT /b': 1, 'GET /c': 1 }],
    [7, { 'DELETE /a': 1, 'GET /a': 2, 'POST /b': 3, 'PUT /b': 4, 'GET /c': 5 }],
  ])('into %i shards: %j', (total, expected) => {
    expect(Object.fromEntries(assignShards(operations, total))).toEqual(expected);
  });

  it('does not depend on the order the operations come in', () => {
    expect(assignShards([...operations].reverse(), 2)).toEqual(assignShards(operations, 2));
  });
});

describe('takeShard on the Auth API', () => {
  const document = JSON.parse(readFileSync(AUTH_BUNDLE, 'utf8')) as OpenApiDocument;
  const operations = listOperations(document);
  const { documented, negatives } = buildCases(document, operations);

  it.each([1, 2, 3, 4, 7, 9])('in %i shards, every case is in exactly one, with its whole operation', (total) => {
    const slices = Array.from({ length: total }, (_, offset) => takeShard(document, operations, documented, negatives, { index: offset + 1, total }));
    expect(slices.flatMap((slice) => slice.documented.map((contractCase) => contractCase.id)).sort()).toEqual(documented.map((contractCase) => contractCase.id).sort());
    expect(slices.flatMap((slice) => slice.negatives.map((contractCase) => contractCase.id)).sort()).toEqual(negatives.map((contractCase) => contractCase.id).sort());
    for (const slice of slices) expect(new Set([...slice.documented, ...slice.negatives].map((contractCase) => contractCase.operation))).toEqual(new Set(slice.operations));
    expect(new Set(slices.map((slice) => slice.record.specHash)).size).toBe(1);
  });
});

describe('--shard', () => {
  it.each([
    ['1/1', { index: 1, total: 1 }],
    ['2/3', { index: 2, total: 3 }],
    ['3/3', { index: 3, total: 3 }],
  ])('%s is %j', (value, shard) => {
    expect(shardFlag({ shard: value })).toEqual(shard);
  });

  it.each(['0/3', '4/3', '2/0', '-1/3', '1.5/3', '1/3/5', 'a/b', '2', 2])('%j is a usage error naming the flag and the value', (value) => {
    expect(() => shardFlag({ shard: value })).toThrow(new UsageError(`--shard must be <i>/<n> with whole numbers 1 ≤ i ≤ n (2/3 is the second of three slices), got "${value}".`));
  });

  it('given twice is a usage error', () => {
    expect(() => shardFlag({ shard: ['1/3', '2/3'] })).toThrow(new UsageError('--shard was given 2 times; give it once.'));
  });
});

const result = (id: string, path: string, status: number): CaseResult => ({ id, kind: 'documented', method: 'GET', path, operationId: path, status, result: 'pass', checks: [{ name: 'status_code_conformance', outcome: 'pass' }], durationMs: 1 });
const WHOLE = ['GET /a → 200', 'GET /a → 404', 'GET /b → 200', 'GET /c → 200'];
const PAIRS_OF: Record<number, CaseResult[]> = {
  1: [result('GET /a → 200', '/a', 200), result('GET /a → 404', '/a', 404)],
  2: [result('GET /b → 200', '/b', 200)],
  3: [result('GET /c → 200', '/c', 200)],
};

function slice(file: string, index: number, options: { total?: number; specHash?: string; pairs?: CaseResult[] } = {}): ContractSlice {
  const total = options.total ?? 3;
  const run: ContractRun = {
    mode: 'mock',
    target: 'mock',
    baseUrl: `http://127.0.0.1:400${index}`,
    title: 'API',
    version: '1',
    durationMs: 1000 * index,
    pairs: options.pairs ?? PAIRS_OF[index] ?? [],
    negatives: [],
    findings: [{ pointer: '#/x', reason: 'bad' }],
    unknownFormats: {},
    shard: { index, total, specHash: options.specHash ?? 'a'.repeat(64), allPairIds: WHOLE, allNegativeIds: [] },
  };
  // Through contract.json and back, as the merge command reads it.
  return readSlice(file, JSON.parse(JSON.stringify(toJsonReport(run)))) as ContractSlice;
}

describe('mergeSlices', () => {
  it('three slices are one run: every pair in order, every server named, the slowest slice\'s time', () => {
    const merged = mergeSlices([slice('s3', 3), slice('s1', 1), slice('s2', 2)]);
    expect(merged.ok).toBe(true);
    const run = (merged as { run: ContractRun }).run;
    expect(run.pairs.map((pair) => pair.id)).toEqual(WHOLE);
    expect(run).toMatchObject({ baseUrl: 'http://127.0.0.1:4001, http://127.0.0.1:4002, http://127.0.0.1:4003', durationMs: 3000, findings: [{ pointer: '#/x', reason: 'bad' }] });
    expect(run.shard).toBeUndefined();
    expect(run.pairs[0]).toEqual(PAIRS_OF[1]![0]);
  });

  it.each<[string, ContractSlice[], string[]]>([
    ['a missing slice', [slice('s1', 1), slice('s3', 3)], ['missing shard 2 of 3: merge the report of every `--shard <i>/3` run']],
    ['several missing', [slice('s2', 2, { total: 4 })], ['missing shards 1, 3, 4 of 4: merge the report of every `--shard <i>/4` run']],
    ['a slice twice', [slice('s1', 1), slice('s2', 2), slice('again', 2), slice('s3', 3)], ['shard 2/3 is given 2 times: s2, again']],
    ['another spec', [slice('s1', 1), slice('s2', 2, { specHash: 'b'.repeat(64) }), slice('s3', 3)], ['the slices come from different specs: s1, s3 (spec sha256 aaaaaaaaaaaa…); s2 (spec sha256 bbbbbbbbbbbb…)']],
    ['another total', [slice('s1', 1), slice('s2', 2, { total: 2 })], ['the slices come from different shard totals: s1 (3 shards); s2 (2 shards)']],
    [
      'pairs lost and doubled',
      [slice('s1', 1, { pairs: [PAIRS_OF[1]![0]!, PAIRS_OF[2]![0]!] }), slice('s2', 2), slice('s3', 3)],
      ['1 pair of the whole run is in no slice: GET /a → 404', 'pair GET /b → 200 is in more than one slice: s1, s2'],
    ],
  ])('%s is refused, naming it', (_, slices, problems) => {
    expect(mergeSlices(slices)).toEqual({ ok: false, problems });
  });

  it.each([
    ['a whole run\'s report', { api: { title: 'API', version: '1' }, pairs: [], negatives: [] }, 'whole.json is the report of a whole run, not of a shard: write slices with `authkit contract --shard <i>/<n>`'],
    ['something else', { hello: 'world' }, 'whole.json is not a contract report (contract.json)'],
  ])('%s is not a slice', (_, json, problem) => {
    expect(readSlice('whole.json', json)).toBe(problem);
  });
});
