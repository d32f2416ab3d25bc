// How the matrix behaves as the spec grows: the mock's start-up and per-request cost, and
// the matrix's own request building and checks, on the engine and on the Prism CLI.
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { runContract, type ContractRun } from '../src/contract/run-contract.js';
import { listOperations } from '../src/openapi/operations.js';
import type { OpenApiDocument } from '../src/openapi/document.js';
import { startMock } from '../src/mock/start-mock.js';
import { contractMockWorkers } from '../src/pipeline/contract-job.js';
import { writeTempBundle } from '../src/mock/temp-bundle.js';
import { median, round } from './stats.js';
import { scaledAuthSpec } from './scaled-spec.js';

export type Engine = 'engine' | 'prism-cli';

export interface ScalePoint {
  engine: Engine;
  operations: number;
  cases: number;
  runs: number;
  /** Medians over the runs. */
  mockStartMs: number;
  matrixMs: number;
  totalMs: number;
  casesPerSecond: number;
}

/** One mock start and one whole matrix, timed apart. */
async function startAndRun(document: OpenApiDocument, engine: Engine): Promise<{ run: ContractRun; mockStartMs: number }> {
  const bundle = await writeTempBundle(document);
  try {
    const startedMock = performance.now();
    // As `authkit contract` runs it: the checks keep a core of their own.
    const mock = await startMock({ spec: bundle.file, engine, workers: contractMockWorkers(), readyTimeoutMs: 300_000 });
    const mockStartMs = performance.now() - startedMock;
    try {
      return { run: await runContract({ document, baseUrl: mock.url, mode: 'mock', timeoutMs: 120_000 }), mockStartMs };
    } finally {
      await mock.close();
    }
  } finally {
    await bundle.dispose();
  }
}

/** The Auth API copied `copies` times, `runs` times over on one engine: medians, and every pair must pass. */
export async function measureContractScale(copies: number, engine: Engine, runs: number): Promise<ScalePoint> {
  const document = scaledAuthSpec(copies);
  const samples: Array<{ mockStartMs: number; matrixMs: number; cases: number }> = [];
  for (let index = 0; index < runs; index += 1) {
    const { run, mockStartMs } = await startAndRun(document, engine);
    const failed = run.pairs.filter((pair) => pair.result !== 'pass');
    if (failed.length > 0) throw new Error(`${failed.length} pairs failed at ${copies} copies on ${engine}: ${failed[0]?.reason}`);
    samples.push({ mockStartMs, matrixMs: run.durationMs, cases: run.pairs.length + run.negatives.length });
  }
  const mockStartMs = median(samples.map((sample) => sample.mockStartMs));
  const matrixMs = median(samples.map((sample) => sample.matrixMs));
  const cases = samples[0]!.cases;
  return {
    engine,
    operations: listOperations(document).length,
    cases,
    runs,
    mockStartMs: round(mockStartMs, 0),
    matrixMs: round(matrixMs, 0),
    totalMs: round(median(samples.map((sample) => sample.mockStartMs + sample.matrixMs)), 0),
    casesPerSecond: round(cases / (matrixMs / 1000), 0),
  };
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
  const document = parse(await readFile(specFile, 'utf8')) as OpenApiDocument;
  const { run, mockStartMs } = await startAndRun(document, 'engine');
  const count = (result: string) => run.pairs.filter((pair) => pair.result === result).length;
  return { spec: label, operations: listOperations(document).length, pairs: run.pairs.length, passed: count('pass'), failed: count('fail'), notExercised: count('not_exercised'), mockStartMs: round(mockStartMs, 0), matrixMs: run.durationMs };
}
