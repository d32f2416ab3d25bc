// `npm run bench`: measured figures, printed and written to reports/bench.json. Never
// part of `npm test`: speed is reported here, not asserted.
import { mkdir, writeFile } from 'node:fs/promises';
import { measureClientOverhead } from './client-overhead.js';
import { measureContractRun } from './contract-run.js';
import { measureContractScale } from './contract-scale.js';

const only = process.argv.slice(2);
const wanted = (name: string) => only.length === 0 || only.includes(name);
const results: Record<string, unknown> = { node: process.version, date: new Date().toISOString() };

if (wanted('client')) {
  const result = await measureClientOverhead();
  results.clientOverhead = result;
  console.log(`client overhead: ${result.requestsPerContender} sequential GETs per contender, interleaved, keep-alive, 127.0.0.1 (target ≤ 1.10×)`);
  for (const c of result.comparisons) {
    console.log(`  ${c.name}`);
    console.log(`    median ${c.baselineMedianUs} µs → ${c.clientMedianUs} µs   ratio ${c.ratio}×   (p95 ${c.baselineP95Us} → ${c.clientP95Us} µs)`);
  }
}

if (wanted('contract')) {
  const result = await measureContractRun();
  results.contractRun = result;
  console.log(`contract run on the default spec: ${result.runs} runs of ${result.cases} cases (pairs and negatives), concurrency 8`);
  console.log(`  wall time, lint to shutdown   median ${result.wallMedianMs} ms`);
  console.log(`  matrix alone                  median ${result.matrixMedianMs} ms   (${result.casesPerSecondMedian} cases/s)`);
}

// Opt-in (`npm run bench -- scale`): it takes minutes, most of them Prism's.
if (only.includes('scale')) {
  const points = await measureContractScale();
  results.contractScale = points;
  console.log('contract matrix as the spec grows (Auth API paths copied per tenant; one run each)');
  console.log('  operations   cases   prism start   matrix      cases/s');
  for (const point of points) {
    console.log(`  ${String(point.operations).padStart(10)}   ${String(point.cases).padStart(5)}   ${`${point.mockStartMs} ms`.padStart(11)}   ${`${point.matrixMs} ms`.padStart(9)}   ${String(point.casesPerSecond).padStart(7)}`);
  }
}

await mkdir('reports', { recursive: true });
await writeFile('reports/bench.json', `${JSON.stringify(results, null, 2)}\n`);
