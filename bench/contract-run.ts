// Wall time of a whole contract run on the default spec (lint, bundle, Prism start-up,
// the matrix, shutdown) and the matrix's own throughput, over several runs.
import { runContractJob } from '../src/pipeline/contract-job.js';
import { resolveSingleTarget } from '../src/pipeline/project.js';
import { toolkitRoot } from '../src/toolkit-package.js';
import { median, round } from './stats.js';

export interface ContractRunResult {
  runs: number;
  cases: number;
  wallMedianMs: number;
  matrixMedianMs: number;
  casesPerSecondMedian: number;
}

export async function measureContractRun({ runs = 7, api = 'auth' } = {}): Promise<ContractRunResult> {
  const target = resolveSingleTarget({ api }, toolkitRoot());
  const walls: number[] = [];
  const matrices: number[] = [];
  const rates: number[] = [];
  let cases = 0;
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    const run = await runContractJob({ target });
    walls.push(performance.now() - started);
    cases = run.pairs.length + run.negatives.length;
    matrices.push(run.durationMs);
    rates.push(cases / (run.durationMs / 1000));
    if (run.pairs.some((pair) => pair.result !== 'pass')) throw new Error('the contract run did not pass; fix that before timing it');
  }
  return { runs, cases, wallMedianMs: round(median(walls), 0), matrixMedianMs: round(median(matrices), 0), casesPerSecondMedian: round(median(rates), 0) };
}
