// How long the toolkit's own tests make a developer wait: `npm test` as CI runs it
// (type-check, build, both vitest projects) and the inner loop, `npm run test:quick`.
// Each run starts with vitest's timing cache removed, as on a fresh clone, where vitest
// knows no durations and test/sequencer.ts alone decides the order. Wall time and the
// CPU time of the whole process tree (user + system, from the child's rusage), so that
// a figure can be read against the machine's cores. Opt-in: `npm run bench -- suite`.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { toolkitRoot } from '../src/toolkit-package.js';
import { median, round } from './stats.js';

const ROOT = toolkitRoot();

export interface SuiteTiming {
  name: string;
  command: string;
  targetSeconds: number;
  runs: number;
  medianSeconds: number;
  /** user + system CPU of the command and every process it waited for, median. */
  medianCpuSeconds: number;
  samples: Array<{ seconds: number; cpuSeconds: number; summary: string }>;
}

function timeSuite(name: string, script: string, runs: number, targetSeconds: number): SuiteTiming {
  const samples: SuiteTiming['samples'] = [];
  for (let index = 0; index < runs; index += 1) {
    rmSync(join(ROOT, 'node_modules', '.vite', 'vitest'), { recursive: true, force: true });
    const started = performance.now();
    // Through bash's `times`, which gives the CPU of every child the shell waited for
    // (node's own resourceUsage covers only this process).
    const result = spawnSync('bash', ['-c', `npm run --silent ${script} >/tmp/authkit-bench-suite.log 2>&1; status=$?; times; exit $status`], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
    const seconds = (performance.now() - started) / 1000;
    const summary = spawnSync('bash', ['-c', "grep -E '^[0-9]+ passed, [0-9]+ failed' /tmp/authkit-bench-suite.log | tail -1"], { encoding: 'utf8' }).stdout.trim();
    if (result.status !== 0) throw new Error(`npm run ${script} exited ${result.status} (${summary || 'no summary'}): see /tmp/authkit-bench-suite.log`);
    samples.push({ seconds: round(seconds), cpuSeconds: round(childCpu(result.stdout)), summary });
  }
  return {
    name,
    command: `npm run ${script}`,
    targetSeconds,
    runs,
    medianSeconds: round(median(samples.map((sample) => sample.seconds))),
    medianCpuSeconds: round(median(samples.map((sample) => sample.cpuSeconds))),
    samples,
  };
}

/** The second line of bash's `times`: the children's user and system time, as `0m12.345s 0m1.234s`. */
function childCpu(times: string): number {
  const line = times.trim().split('\n').at(-1) ?? '';
  const seconds = [...line.matchAll(/(\d+)m([\d.]+)s/g)].map((match) => Number(match[1]) * 60 + Number(match[2]));
  return seconds.reduce((sum, value) => sum + value, 0);
}

export function measureSuite(): SuiteTiming[] {
  const quickRuns = Number(process.env.BENCH_SUITE_QUICK_RUNS ?? 3);
  const fullRuns = Number(process.env.BENCH_SUITE_RUNS ?? 1);
  return [timeSuite('npm run test:quick', 'test:quick', quickRuns, 60), timeSuite('npm test', 'test', fullRuns, 240)];
}

export function printSuite(timings: SuiteTiming[]): void {
  console.log('the toolkit\'s own tests, vitest\'s timing cache removed before each run (as on a fresh clone)');
  for (const timing of timings) {
    const met = timing.medianSeconds <= timing.targetSeconds ? 'met' : 'MISSED';
    console.log(`  ${timing.command.padEnd(18)} median ${timing.medianSeconds} s wall, ${timing.medianCpuSeconds} s CPU (${timing.runs} run(s): ${timing.samples.map((sample) => `${sample.seconds} s`).join(', ')})   target ≤ ${timing.targetSeconds} s: ${met}   ${timing.samples.at(-1)?.summary ?? ''}`);
  }
}
