// `authkit contract` as a user runs it on a large spec: a fresh process in a project of its
// own (the Auth API copied to 1,001 operations, 13,013 cases), warm cache (the mock's
// parsed operations kept from a first run), timed from outside. Wall time, the matrix
// alone (the report's durationMs) and the CPU of every process of the run.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toolkitRoot } from '../src/toolkit-package.js';
import { scaledAuthSpec } from './scaled-spec.js';
import { median, round } from './stats.js';

export interface ContractWallResult {
  operations: number;
  cases: number;
  runs: number;
  /** Medians over the timed runs (the cache warm from an untimed first run). */
  wallMedianMs: number;
  matrixMedianMs: number;
  /** Wall time outside the matrix: start-up, lint, bundle, the mock's start, the reports. */
  outsideMatrixMedianMs: number;
  /** user + sys of the CLI and every process it started (the mock's primary and workers); undefined where bash's `times` is not there to read it. */
  cpuMedianMs: number | undefined;
  walls: number[];
  matrices: number[];
  cpus: Array<number | undefined>;
}

interface OneRun {
  wallMs: number;
  matrixMs: number;
  cases: number;
  cpuMs: number | undefined;
}

/** `bash -c 'node … ; times'`: the second line of `times` is the children's user and sys, every descendant that was waited for included. */
function runCli(cwd: string, args: string[]): Promise<{ wallMs: number; cpuMs: number | undefined; code: number | null; output: string }> {
  const bin = join(toolkitRoot(), 'bin', 'authkit.js');
  const quoted = [process.execPath, bin, ...args].map((word) => `'${word.replace(/'/g, `'\\''`)}'`).join(' ');
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('bash', ['-c', `${quoted} >"$AUTHKIT_BENCH_OUT" 2>&1; code=$?; times; exit $code`], { cwd, env: { ...process.env, AUTHKIT_BENCH_OUT: join(cwd, 'cli-output.txt') }, stdio: ['ignore', 'pipe', 'inherit'] });
    let times = '';
    child.stdout.on('data', (chunk: Buffer) => (times += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', async (code) => {
      const wallMs = performance.now() - started;
      const children = times.trim().split('\n')[1]?.match(/(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s/);
      const cpuMs = children ? (Number(children[1]) * 60 + Number(children[2]) + Number(children[3]) * 60 + Number(children[4])) * 1000 : undefined;
      resolve({ wallMs, cpuMs, code, output: await readFile(join(cwd, 'cli-output.txt'), 'utf8').catch(() => '') });
    });
  });
}

async function runOnce(dir: string): Promise<OneRun> {
  const run = await runCli(dir, ['contract', '--reports', join(dir, 'reports')]);
  if (run.code !== 0) throw new Error(`authkit contract exited ${run.code} on the scaled spec:\n${run.output.slice(-2_000)}`);
  const report = JSON.parse(await readFile(join(dir, 'reports', 'contract.json'), 'utf8')) as { durationMs: number; summary: { pairs: number; passed: number }; negatives: unknown[] };
  if (report.summary.passed !== report.summary.pairs) throw new Error(`${report.summary.pairs - report.summary.passed} pairs did not pass on the scaled spec`);
  return { wallMs: run.wallMs, matrixMs: report.durationMs, cases: report.summary.pairs + report.negatives.length, cpuMs: run.cpuMs };
}

/**
 * The Auth API copied `copies` times (143: 1,001 operations) into a temporary project,
 * `authkit contract` run once to warm the cache, then `runs` more times: medians.
 */
export async function measureContractWall({ copies = 143, runs = 3 } = {}): Promise<ContractWallResult> {
  const dir = await mkdtemp(join(tmpdir(), 'authkit-bench-contract-'));
  try {
    const document = scaledAuthSpec(copies);
    await writeFile(join(dir, 'openapi.json'), `${JSON.stringify(document, null, 2)}\n`);
    await writeFile(join(dir, 'redocly.yaml'), 'telemetry: off\nextends:\n  - recommended\napis:\n  main:\n    root: openapi.json\n');
    await runOnce(dir); // the cold run: fills the mock's cache
    const samples: OneRun[] = [];
    for (let index = 0; index < runs; index += 1) samples.push(await runOnce(dir));
    const cpus = samples.map((sample) => sample.cpuMs);
    return {
      operations: Object.values(document.paths as Record<string, object>).reduce<number>((sum, item) => sum + Object.keys(item).length, 0),
      cases: samples[0]!.cases,
      runs,
      wallMedianMs: round(median(samples.map((sample) => sample.wallMs)), 0),
      matrixMedianMs: round(median(samples.map((sample) => sample.matrixMs)), 0),
      outsideMatrixMedianMs: round(median(samples.map((sample) => sample.wallMs - sample.matrixMs)), 0),
      cpuMedianMs: cpus.every((cpu) => cpu !== undefined) ? round(median(cpus as number[]), 0) : undefined,
      walls: samples.map((sample) => round(sample.wallMs, 0)),
      matrices: samples.map((sample) => sample.matrixMs),
      cpus: cpus.map((cpu) => (cpu === undefined ? undefined : round(cpu, 0))),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The row as `npm run bench` prints it. */
export function printContractWall(result: ContractWallResult): void {
  console.log(`authkit contract on ${result.operations} operations (${result.cases} cases), a fresh process, warm cache: medians of ${result.runs} runs`);
  console.log(`  wall ${result.wallMedianMs} ms (target ≤ 8000 ms: ${result.wallMedianMs <= 8_000 ? 'met' : 'MISSED'})   matrix ${result.matrixMedianMs} ms   outside the matrix ${result.outsideMatrixMedianMs} ms   CPU (user+sys, all processes) ${result.cpuMedianMs ?? 'n/a'} ms`);
  console.log(`  runs: wall ${result.walls.map((ms) => (ms / 1000).toFixed(1)).join(', ')} s; matrix ${result.matrices.map((ms) => (ms / 1000).toFixed(1)).join(', ')} s`);
}

// `npx tsx bench/contract-wall.ts [runs]`: this row alone.
if (import.meta.url === `file://${process.argv[1]}`) printContractWall(await measureContractWall({ runs: Number(process.argv[2] ?? 3) }));
