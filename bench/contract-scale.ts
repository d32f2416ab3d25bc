// How the matrix behaves as the spec grows: Prism's start-up and per-request cost rise
// with the number of operations, while request building and checks stay per case.
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { runContract } from '../src/contract/run-contract.js';
import { listOperations } from '../src/openapi/operations.js';
import { startMock } from '../src/mock/start-mock.js';
import { writeTempBundle } from '../src/mock/temp-bundle.js';
import { round } from './stats.js';
import { scaledAuthSpec } from './scaled-spec.js';

export interface ScalePoint {
  operations: number;
  cases: number;
  mockStartMs: number;
  matrixMs: number;
  casesPerSecond: number;
}

export async function measureContractScale(copiesList = [1, 10, 40]): Promise<ScalePoint[]> {
  const points: ScalePoint[] = [];
  for (const copies of copiesList) {
    const document = scaledAuthSpec(copies);
    const bundle = await writeTempBundle(document);
    try {
      const startedMock = performance.now();
      const mock = await startMock({ spec: bundle.file, readyTimeoutMs: 300_000 });
      const mockStartMs = performance.now() - startedMock;
      try {
        const run = await runContract({ document, baseUrl: mock.url, mode: 'mock', timeoutMs: 120_000 });
        const cases = run.pairs.length + run.negatives.length;
        const failed = run.pairs.filter((pair) => pair.result !== 'pass').length;
        if (failed > 0) throw new Error(`${failed} pairs failed at ${copies} copies: ${run.pairs.find((pair) => pair.result !== 'pass')?.reason}`);
        points.push({ operations: listOperations(document).length, cases, mockStartMs: round(mockStartMs, 0), matrixMs: run.durationMs, casesPerSecond: round(cases / (run.durationMs / 1000), 0) });
      } finally {
        await mock.close();
      }
    } finally {
      await bundle.dispose();
    }
  }
  return points;
}

export interface PublicSpecRun {
  spec: string;
  operations: number;
  pairs: number;
  passed: number;
  failed: number;
  notExercised: number;
  mockStartMs: number;
  matrixMs: number;
}

/** A public spec's whole matrix, as `authkit contract --spec` runs it (its defects counted, not thrown). */
export async function measurePublicSpec(label: string, specFile: string): Promise<PublicSpecRun> {
  // A single-file spec: parsed as it is, with no bundling to do.
  const document = parse(await readFile(specFile, 'utf8'));
  const bundle = await writeTempBundle(document);
  try {
    const startedMock = performance.now();
    const mock = await startMock({ spec: bundle.file, readyTimeoutMs: 300_000 });
    const mockStartMs = performance.now() - startedMock;
    try {
      const run = await runContract({ document, baseUrl: mock.url, mode: 'mock', timeoutMs: 120_000 });
      const count = (result: string) => run.pairs.filter((pair) => pair.result === result).length;
      return { spec: label, operations: listOperations(document).length, pairs: run.pairs.length, passed: count('pass'), failed: count('fail'), notExercised: count('not_exercised'), mockStartMs: round(mockStartMs, 0), matrixMs: run.durationMs };
    } finally {
      await mock.close();
    }
  } finally {
    await bundle.dispose();
  }
}
