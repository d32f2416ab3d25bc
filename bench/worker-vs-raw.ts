// One engine worker against a bare node:http server, alone (`npx tsx bench/worker-vs-raw.ts`):
// the row `npm run bench -- mock` prints first, without the rest of the mock's benchmarks.
// BENCH_MOCK_SECONDS per round (default 10), BENCH_WORKER_ROUNDS rounds (default 5).
import { execFileSync } from 'node:child_process';
import { engineEntry } from '../src/mock/engine/start-engine.js';
import { measureWorkerVsRaw, printWorkerVsRaw } from './mock-load.js';

if (engineEntry().kind === 'source') execFileSync('npm', ['run', 'build'], { stdio: 'ignore' });
console.log(`the engine runs from ${engineEntry().file}`);
printWorkerVsRaw(await measureWorkerVsRaw({ rounds: Number(process.env.BENCH_WORKER_ROUNDS) || undefined }));
