// `npm run bench -- prism-cli-start`: the Prism CLI's start, as `authkit mock --proxy` and
// startMock({ engine: 'prism-cli' }) run it, side by side with `prism mock` as published.
// CPU from its exec to its "Prism is listening" line, read from /proc (Linux), on the Auth
// API, interleaved rounds: the published CLI; with the toolkit's preload and a code cache
// it has not written yet (the first start after an install or an upgrade); with the preload
// and its code cache (every start after that).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { freePort } from '../src/mock/port.js';
import { toolkitRoot } from '../src/toolkit-package.js';
import { median, round } from './stats.js';

const ROOT = toolkitRoot();
const TICKS_PER_SECOND = 100;

interface Contender {
  name: string;
  preload: boolean;
  /** A code-cache folder of its own, made afresh for each start. */
  coldCache: boolean;
}

const CONTENDERS: Contender[] = [
  { name: 'prism mock, as published', preload: false, coldCache: false },
  { name: 'with the preload, its code cache not yet written', preload: true, coldCache: true },
  { name: 'with the preload and its code cache', preload: true, coldCache: false },
];

export interface PrismCliStart {
  spec: string;
  rounds: number;
  contenders: Array<{ name: string; cpuMedianSeconds: number; wallMedianSeconds: number; cpuSeconds: number[] }>;
}

function prismBin(): string {
  const manifest = createRequire(import.meta.url).resolve('@stoplight/prism-cli/package.json');
  return join(dirname(manifest), (JSON.parse(readFileSync(manifest, 'utf8')) as { bin: Record<string, string> }).bin.prism!);
}

/** One start: CPU and wall time until the CLI says it listens; then it is ended. */
async function startOnce(contender: Contender, spec: string, warmCache: string): Promise<{ cpu: number; wall: number }> {
  const cache = contender.coldCache ? mkdtempSync(join(tmpdir(), 'authkit-bench-cold-')) : warmCache;
  const preload = pathToFileURL(join(ROOT, 'dist', 'src', 'mock', 'engine', 'prism-cli-preload.js')).href;
  const port = await freePort('127.0.0.1');
  const started = performance.now();
  const child = spawn(process.execPath, [...(contender.preload ? ['--import', preload] : []), prismBin(), 'mock', spec, '--host', '127.0.0.1', '--port', String(port), '--errors'], {
    env: { ...process.env, AUTHKIT_CACHE_DIR: cache, NO_COLOR: '1', FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let output = '';
    const listening = new Promise<void>((resolve, reject) => {
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Prism is listening')) resolve();
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
      child.once('exit', (code) => reject(new Error(`the Prism CLI ended (exit ${code}) before it listened:\n${output}`)));
    });
    await listening;
    const wall = (performance.now() - started) / 1000;
    const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return { cpu: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND, wall };
  } finally {
    child.kill('SIGKILL');
    if (contender.coldCache) rmSync(cache, { recursive: true, force: true });
  }
}

export async function measurePrismCliStart(rounds = Number(process.env.BENCH_PRISM_CLI_ROUNDS ?? 5)): Promise<PrismCliStart> {
  const spec = join(ROOT, 'generated', 'openapi.json');
  const warmCache = mkdtempSync(join(tmpdir(), 'authkit-bench-warm-'));
  try {
    // The warm contender's cache, written by one start before the rounds.
    await startOnce(CONTENDERS[2]!, spec, warmCache);
    const samples = CONTENDERS.map(() => ({ cpu: [] as number[], wall: [] as number[] }));
    for (let round = 0; round < rounds; round += 1) {
      for (const [index, contender] of CONTENDERS.entries()) {
        const { cpu, wall } = await startOnce(contender, spec, warmCache);
        samples[index]!.cpu.push(cpu);
        samples[index]!.wall.push(wall);
      }
    }
    return {
      spec: 'generated/openapi.json',
      rounds,
      contenders: CONTENDERS.map((contender, index) => ({ name: contender.name, cpuMedianSeconds: round(median(samples[index]!.cpu), 2), wallMedianSeconds: round(median(samples[index]!.wall), 2), cpuSeconds: samples[index]!.cpu })),
    };
  } finally {
    rmSync(warmCache, { recursive: true, force: true });
  }
}

export function printPrismCliStart(result: PrismCliStart): void {
  console.log(`the Prism CLI's start on ${result.spec}, exec to "Prism is listening", ${result.rounds} interleaved rounds (medians)`);
  const published = result.contenders[0]!;
  for (const contender of result.contenders) {
    const ratio = contender === published ? '' : `   ${round(contender.cpuMedianSeconds / published.cpuMedianSeconds, 2)}× the published CLI's CPU`;
    console.log(`  ${contender.name.padEnd(50)} CPU ${contender.cpuMedianSeconds.toFixed(2)} s   wall ${contender.wallMedianSeconds.toFixed(2)} s${ratio}   (CPU: ${contender.cpuSeconds.join(', ')})`);
  }
}
