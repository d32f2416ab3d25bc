// `npm run bench`: measured figures, printed and written to reports/bench.json. Never
// part of `npm test`: speed is reported here, not asserted.
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { engineEntry } from '../src/mock/engine/start-engine.js';
import { measureCli } from './cli.js';
import { measureClientOverhead } from './client-overhead.js';
import { measureContractRun } from './contract-run.js';
import { measureContractScale, measurePublicSpec } from './contract-scale.js';
import { measureDocsPage, printDocsPage } from './docs-page.js';
import { measureMockLoad, printMockLoad } from './mock-load.js';
import { round } from './stats.js';
import { measureSuite, printSuite } from './suite.js';
import { measureSuiteFiles, printSuiteFiles } from './suite-files.js';
import { measureContractWall, printContractWall } from './contract-wall.js';
import { measureGenerateLarge, printGenerateLarge } from './generate-large.js';
import { measurePrismCliStart, printPrismCliStart } from './prism-cli-start.js';

const only = process.argv.slice(2);
const wanted = (name: string) => only.length === 0 || only.includes(name);
const results: Record<string, unknown> = { node: process.version, date: new Date().toISOString() };

if (wanted('client')) {
  const result = await measureClientOverhead();
  results.clientOverhead = result;
  console.log(`client overhead: ${result.requestsPerContender} sequential GETs per contender, interleaved, keep-alive, 127.0.0.1; each line with its target`);
  for (const c of result.comparisons) {
    console.log(`  ${c.name}`);
    const target = c.targetRatio ?? result.targetRatio;
    console.log(`    median ${c.baselineMedianUs} µs → ${c.clientMedianUs} µs   ratio ${c.ratio}×   target ≤ ${target}×: ${c.ratio <= target ? 'met' : 'MISSED'}   (p95 ${c.baselineP95Us} → ${c.clientP95Us} µs)`);
  }
}

if (wanted('cli')) {
  const result = await measureCli();
  results.cli = result;
  console.log('the dev loop, on the Auth API (medians; each command a fresh process, as a person runs it)');
  const width = Math.max(...result.timings.map((timing) => timing.name.length));
  for (const timing of result.timings) {
    const target = timing.targetMs ? `   target ≤ ${timing.targetMs} ms: ${timing.medianMs <= timing.targetMs ? 'met' : 'MISSED'}` : '';
    console.log(`  ${timing.name.padEnd(width)}  median ${String(timing.medianMs).padStart(5)} ms  (${timing.runs} runs, ${timing.minMs}–${timing.maxMs})${target}`);
  }
  const [noOp, full, old] = result.timings;
  console.log(`  no-op generate is ${round(full!.medianMs / noOp!.medianMs)}× faster than the full rebuild, ${round(old!.medianMs / noOp!.medianMs)}× faster than the old path`);
  const [ts7, ts59] = result.timings.slice(-2);
  console.log(`  typecheck: TypeScript 7 ${round(ts59!.medianMs / ts7!.medianMs)}× faster than 5.9`);
  console.log(`client entry (${result.clientSize.entry}, bundled with openapi-fetch, minified for the browser), what a page loads first: ${result.clientSize.minifiedBytes} bytes, ${result.clientSize.gzipBytes} gzipped`);
  for (const chunk of result.clientSize.lazy) console.log(`  loaded on demand (schema validation, a client given schemas): ${chunk.name} ${chunk.minifiedBytes} bytes, ${chunk.gzipBytes} gzipped`);
}

if (wanted('contract')) {
  const result = await measureContractRun();
  results.contractRun = result;
  console.log(`contract run on the default spec: ${result.runs} runs of ${result.cases} cases (pairs and negatives), concurrency 8`);
  console.log(`  wall time, lint to shutdown   median ${result.wallMedianMs} ms`);
  console.log(`  matrix alone                  median ${result.matrixMedianMs} ms   (${result.casesPerSecondMedian} cases/s)`);
}

if (wanted('docs')) {
  const result = await measureDocsPage(Number(process.env.BENCH_DOCS_RUNS ?? 5));
  results.docsPage = result;
  printDocsPage(result);
}

// Opt-in (`npm run bench -- scale`): it takes minutes, most of them the Prism CLI's.
if (only.includes('scale')) {
  const runs = Number(process.env.BENCH_SCALE_RUNS ?? 3);
  const points = [
    await measureContractScale(1, 'engine', runs),
    await measureContractScale(10, 'engine', runs),
    await measureContractScale(143, 'engine', runs),
    // The CLI once: its matrix on 1,001 operations takes minutes.
    await measureContractScale(143, 'prism-cli', 1),
  ];
  results.contractScale = points;
  console.log(`contract matrix as the spec grows (the Auth API's paths copied per tenant; medians of ${runs} runs, the Prism CLI 1)`);
  console.log('  mock         operations   cases   mock start     matrix      total   cases/s');
  for (const point of points) {
    console.log(`  ${point.engine.padEnd(10)}   ${String(point.operations).padStart(10)}   ${String(point.cases).padStart(5)}   ${`${point.mockStartMs} ms`.padStart(10)}   ${`${point.matrixMs} ms`.padStart(9)}   ${`${point.totalMs} ms`.padStart(9)}   ${String(point.casesPerSecond).padStart(7)}`);
  }
  const [engine, cli] = points.slice(-2);
  console.log(`  1,001 operations, start-up included: engine ${engine!.totalMs} ms (target ≤ 20000 ms: ${engine!.totalMs <= 20_000 ? 'met' : 'MISSED'}), the Prism CLI ${cli!.totalMs} ms, ${round(cli!.totalMs / engine!.totalMs)}× faster`);
  // The corpus's large public spec, whose matrix is too slow for the suite (test/contract/corpus.test.ts).
  const authentik = await measurePublicSpec('authentik 2026.8.3', 'node_modules/@goauthentik/api/schema.yml');
  results.publicSpecScale = authentik;
  console.log(`public spec: ${authentik.spec}, ${authentik.operations} operations, ${authentik.pairs} pairs`);
  console.log(`  prism start ${authentik.mockStartMs} ms, matrix ${authentik.matrixMs} ms; ${authentik.passed} pass, ${authentik.failed} fail, ${authentik.notExercised} not exercised`);
}

// Opt-in (`npm run bench -- mock`): minutes of load (BENCH_MOCK_SECONDS per round, default
// 10; BENCH_SOAK_SECONDS for the soak, default 30) plus Prism's start on a large spec.
if (only.includes('mock')) {
  // What a team runs is the build; from source, each engine process also starts tsx.
  if (engineEntry().kind === 'source') execFileSync('npm', ['run', 'build'], { stdio: 'ignore' });
  console.log(`the engine runs from ${engineEntry().file}`);
  const result = await measureMockLoad();
  results.mockLoad = result;
  printMockLoad(result);
}

// Opt-in (`npm run bench -- contract-wall`): authkit contract on the Auth API copied to
// 1,001 operations, a fresh process on a warm cache, medians of 3 (target ≤ 8 s wall).
if (only.includes('contract-wall')) {
  const result = await measureContractWall();
  results.contractWall = result;
  printContractWall(result);
}

// Opt-in (`npm run bench -- generate-large`): generate on GitHub's 13 MB description
// (fetched once with npm pack) against openapi-typescript alone, with peak RSS.
if (only.includes('generate-large')) {
  const result = await measureGenerateLarge();
  results.generateLarge = result;
  printGenerateLarge(result);
}

// Opt-in (`npm run bench -- prism-cli-start`): the Prism CLI's start (--proxy, engine:
// 'prism-cli') beside `prism mock` as published; Linux only (CPU read from /proc).
if (only.includes('prism-cli-start')) {
  const result = await measurePrismCliStart();
  results.prismCliStart = result;
  printPrismCliStart(result);
}

// Opt-in (`npm run bench -- suite`): the toolkit's own tests, minutes per run
// (BENCH_SUITE_QUICK_RUNS, default 3, of test:quick; BENCH_SUITE_RUNS, default 1, of npm test).
if (only.includes('suite')) {
  const timings = measureSuite();
  results.suite = timings;
  printSuite(timings);
}

// Opt-in (`npm run bench -- suite-files`): one `npx vitest run`, its CPU split by test file.
if (only.includes('suite-files')) {
  const result = await measureSuiteFiles();
  results.suiteFiles = result;
  printSuiteFiles(result);
}

await mkdir('reports', { recursive: true });
await writeFile('reports/bench.json', `${JSON.stringify(results, null, 2)}\n`);
