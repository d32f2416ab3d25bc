import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { buildCases } from '../../src/contract/build-cases.js';
import { runContract, type ContractRun } from '../../src/contract/run-contract.js';
import { formatCoverageTable, writeReports } from '../../src/contract/report.js';
import { AUTH_BUNDLE, ROOT } from '../helpers/paths.js';
import { isAlive } from '../helpers/process-alive.js';

// The matrix is derived from the committed bundle when this file is collected: a
// response added to the spec is a test here with no code change.
const document = JSON.parse(readFileSync(AUTH_BUNDLE, 'utf8'));
const { documented, negatives } = buildCases(document);


let run: ContractRun;

beforeAll(async () => {
  const mock = inject('mock');
  run = await runContract({
    document,
    baseUrl: mock.url,
    mode: 'mock',
    diagnostics: () => ({ running: isAlive(mock.pid), lines: readFileSync(mock.logFile, 'utf8').trim().split('\n') }),
  });
  await writeReports(run, join(ROOT, 'reports'));
  console.log(formatCoverageTable(run));
}, 120_000);

const resultOf = (id: string, results: () => ContractRun['pairs']) => {
  const result = results().find((candidate) => candidate.id === id);
  if (!result) throw new Error(`${id} was not run`);
  return result;
};

describe('every documented status of every operation: client and mock agree', () => {
  it.each(documented.map((contractCase) => contractCase.id))('%s', (id) => {
    const result = resultOf(id, () => run.pairs);
    expect(result.reason ?? '', id).toBe('');
    expect(result.result).toBe('pass');
    expect(result.checks.filter((check) => check.outcome === 'pass').map((check) => check.name)).toEqual(
      expect.arrayContaining(['status_code_conformance', 'content_type_conformance', 'client_conformance', 'not_mock_problem']),
    );
  });
});

describe('negative cases derived from the spec', () => {
  it.each(negatives.map((contractCase) => contractCase.id))('%s', (id) => {
    const result = resultOf(id, () => run.negatives);
    expect(result.reason ?? '', id).toBe('');
    expect(result.result).toBe('pass');
  });
});

describe('coverage', () => {
  it('exercises every documented pair', () => {
    expect(run.pairs.filter((pair) => pair.result === 'not_exercised').map((pair) => pair.id)).toEqual([]);
    expect(run.pairs).toHaveLength(documented.length);
  });

  it('checks the envelope on every error and the schema on every body', () => {
    const errors = run.pairs.filter((pair) => pair.status >= 400);
    expect(errors.map((pair) => pair.checks.find((check) => check.name === 'envelope_conformance')?.outcome)).toEqual(Array(77).fill('pass')); // 7 operations × 11 error statuses
    const withBody = run.pairs.filter((pair) => pair.status !== 204);
    expect(withBody.map((pair) => pair.checks.find((check) => check.name === 'response_schema_conformance')?.outcome)).toEqual(Array(83).fill('pass')); // every pair but the one 204
  });
});
