// Where the CPU of the toolkit's own tests goes, file by file: `npx vitest run` once, with
// bench/file-cpu-setup.ts in each test file (its own CPU in its vitest worker), and every
// process of the run sampled from /proc every 100 ms. A process counts for the test file
// whose name it carries in its environment (set while that file runs, and inherited by
// what it starts); the rest (vitest's main process, the workers between files, the one
// Chromium of the run) is listed by kind. Linux only (/proc). Processes that start and end
// between two samples are missed, and each process's last 100 ms may be. Opt-in, minutes:
// `npm run bench -- suite-files`. Written here because no tool we found splits a test
// run's CPU by test file across the processes the tests start.
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { toolkitRoot } from '../src/toolkit-package.js';
import { round } from './stats.js';

const ROOT = toolkitRoot();
const SAMPLE_MS = 100;
const TICKS_PER_SECOND = 100;
/** vitest's output of the last run. */
const OUTPUT_FILE = join(tmpdir(), 'authkit-bench-suite-files.log');

export interface FileCpu {
  file: string;
  totalSeconds: number;
  /** In the vitest worker, from the file's import to its last hook. */
  ownSeconds: number;
  /** Processes the file started, by kind: CPU and count. */
  children: Record<string, { seconds: number; processes: number }>;
}

export interface SuiteFiles {
  command: string;
  wallSeconds: number;
  exitCode: number | null;
  /** vitest's FAIL lines, when it failed; its whole output is in OUTPUT_FILE. */
  failed: string[];
  /** Every process of the run that was seen, test workers included. */
  sampledCpuSeconds: number;
  files: FileCpu[];
  /** Processes no test file started (vitest's main process and workers, global setups), by kind. */
  unattributed: Record<string, { seconds: number; processes: number }>;
}

interface Seen {
  cpuTicks: number;
  kind: string;
  file: string | undefined;
  /** Sweeps left in which its command line is read again (below). */
  rereads: number;
}

/**
 * Sweeps in which a new process's command line and environment are read again: one seen
 * between its fork and its exec shows its parent's (a Prism CLI seen so counted as vitest).
 */
const REREADS = 5;

/** A process's command line and its test file, as they are now; empty when it has ended. */
function readIdentity(pid: number): { commandLine: string; file: string | undefined } {
  try {
    const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    const file = /(?:^|\0)AUTHKIT_BENCH_TEST_FILE=([^\0]*)/.exec(readFileSync(`/proc/${pid}/environ`, 'utf8'))?.[1];
    return { commandLine, file };
  } catch {
    return { commandLine: '', file: undefined }; // ended meanwhile: its CPU so far still counts
  }
}

function kindOf(commandLine: string): string {
  if (commandLine.includes('engine-process')) return 'engine';
  if (commandLine.includes('prism-cli')) return 'Prism CLI';
  if (commandLine.includes('vitest')) return 'vitest';
  if (/chrom/i.test(commandLine)) return 'Chromium';
  if (/\btsc\b|typescript/.test(commandLine)) return 'TypeScript';
  if (/bin\/authkit(\.js)?\b/.test(commandLine)) return `authkit ${commandLine.split(/authkit(?:\.js)?\s+/)[1]?.split(/\s/)[0] ?? ''}`.trim();
  if (/\bnpm\b/.test(commandLine)) return 'npm';
  return 'other';
}

/** The processes under `root` (itself included), followed as they appear: their CPU so far, kind and test file. */
function sampler(root: number) {
  const seen = new Map<string, Seen>();
  const tracked = new Set<number>([root]);
  const sweep = () => {
    const fresh: Array<{ key: string; pid: number; ppid: number; start: number; cpuTicks: number }> = [];
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let fields: string[];
      try {
        fields = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ');
      } catch {
        continue; // ended meanwhile
      }
      const pid = Number(entry);
      // After the command's name: state, ppid, …; utime and stime are the 12th and 13th, the start time the 20th.
      const key = `${pid}:${fields[19]}`;
      const cpuTicks = Number(fields[11]) + Number(fields[12]);
      const known = seen.get(key);
      if (known) {
        known.cpuTicks = cpuTicks;
        if (known.rereads > 0) {
          known.rereads -= 1;
          const now = readIdentity(pid);
          if (now.commandLine) Object.assign(known, { kind: kindOf(now.commandLine), file: now.file });
        }
      } else fresh.push({ key, pid, ppid: Number(fields[1]), start: Number(fields[19]), cpuTicks });
    }
    // Parents before children, so that a child seen in the same sweep as its parent is followed.
    for (const candidate of fresh.sort((a, b) => a.start - b.start)) {
      if (!tracked.has(candidate.ppid) && candidate.pid !== root) continue;
      tracked.add(candidate.pid);
      const { commandLine, file } = readIdentity(candidate.pid);
      seen.set(candidate.key, { cpuTicks: candidate.cpuTicks, kind: kindOf(commandLine), file, rereads: REREADS });
    }
  };
  return { sweep, seen };
}

export async function measureSuiteFiles(): Promise<SuiteFiles> {
  const folder = mkdtempSync(join(tmpdir(), 'authkit-bench-files-'));
  try {
    const started = performance.now();
    // vitest's output is kept: a run that fails says which tests, and where the rest is.
    const output = openSync(OUTPUT_FILE, 'w');
    const child = spawn('npx', ['vitest', 'run'], { cwd: ROOT, env: { ...process.env, AUTHKIT_BENCH_FILE_CPU: folder }, stdio: ['ignore', output, output] });
    closeSync(output);
    const { sweep, seen } = sampler(child.pid!);
    const timer = setInterval(sweep, SAMPLE_MS);
    const exitCode = await new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    clearInterval(timer);
    sweep();
    const wallSeconds = (performance.now() - started) / 1000;

    const own = new Map<string, number>();
    for (const line of readFileSync(join(folder, 'own.tsv'), 'utf8').trim().split('\n')) {
      const [file, seconds] = line.split('\t');
      own.set(file!, (own.get(file!) ?? 0) + Number(seconds));
    }
    const children = new Map<string, FileCpu['children']>();
    const unattributed: SuiteFiles['unattributed'] = {};
    let sampledTicks = 0;
    for (const sampled of seen.values()) {
      sampledTicks += sampled.cpuTicks;
      const kinds = sampled.file === undefined ? unattributed : (children.get(sampled.file) ?? children.set(sampled.file, {}).get(sampled.file)!);
      const kind = (kinds[sampled.kind] ??= { seconds: 0, processes: 0 });
      kind.seconds += sampled.cpuTicks / TICKS_PER_SECOND;
      kind.processes += 1;
    }
    const files = [...new Set([...own.keys(), ...children.keys()])].map((file): FileCpu => {
      const kinds = Object.fromEntries(Object.entries(children.get(file) ?? {}).map(([kind, value]) => [kind, { seconds: round(value.seconds), processes: value.processes }]));
      const childSeconds = Object.values(children.get(file) ?? {}).reduce((sum, value) => sum + value.seconds, 0);
      return { file, totalSeconds: round((own.get(file) ?? 0) + childSeconds), ownSeconds: round(own.get(file) ?? 0), children: kinds };
    });
    const failed = stripVTControlCharacters(readFileSync(OUTPUT_FILE, 'utf8')).split('\n').filter((line) => /^\s*FAIL\s/.test(line)).map((line) => line.trim());
    return {
      command: 'npx vitest run',
      wallSeconds: round(wallSeconds),
      exitCode,
      failed: [...new Set(failed)],
      sampledCpuSeconds: round(sampledTicks / TICKS_PER_SECOND),
      files: files.sort((a, b) => b.totalSeconds - a.totalSeconds),
      unattributed: Object.fromEntries(Object.entries(unattributed).map(([kind, value]) => [kind, { seconds: round(value.seconds), processes: value.processes }])),
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

export function printSuiteFiles(result: SuiteFiles): void {
  const status = result.exitCode === 0 ? 'passed' : `exit ${result.exitCode}`;
  console.log(`CPU by test file: ${result.command} (${status}), ${result.wallSeconds} s wall, ${result.sampledCpuSeconds} s of CPU sampled every ${SAMPLE_MS} ms`);
  console.log('  total    own  file: the processes it started, by kind (CPU/count)');
  for (const file of result.files.slice(0, 30)) {
    const kinds = Object.entries(file.children).sort((a, b) => b[1].seconds - a[1].seconds).map(([kind, value]) => `${kind} ${value.seconds}/${value.processes}`).join(', ');
    console.log(`  ${String(file.totalSeconds).padStart(5)} ${String(file.ownSeconds).padStart(6)}  ${file.file}${kinds ? `: ${kinds}` : ''}`);
  }
  const rest = Object.entries(result.unattributed).sort((a, b) => b[1].seconds - a[1].seconds).map(([kind, value]) => `${kind} ${value.seconds}/${value.processes}`).join(', ');
  console.log(`  started by no test file (the test workers' time includes the files' own above): ${rest}`);
  if (result.exitCode !== 0) console.log(`  the run failed (its output: ${OUTPUT_FILE}):${result.failed.map((line) => `\n    ${line}`).join('') || ' no FAIL line; see the output'}`);
}
