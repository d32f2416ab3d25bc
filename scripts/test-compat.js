#!/usr/bin/env node
// `npm run test:compat`: the quick tier (`npm run test:quick`: the quick and quick-isolated
// vitest projects) on Node 22 and 24.
// Node 20 is the floor and runs `npm test`; most teams run a newer line. Each Node comes
// from the npm `node` package, which ships the binary, so this needs the npm registry
// and nothing else (no nvm, no download from nodejs.org). On its PATH, `node` is that
// version for the tests' own child processes too.
//
// AUTHKIT_COMPAT_NODES=22,24 (the default) picks the lines; extra arguments go to vitest.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const lines = (process.env.AUTHKIT_COMPAT_NODES ?? '22,24').split(',').map((line) => line.trim()).filter(Boolean);
const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
const extra = process.argv.slice(2);

const outcomes = [];
for (const line of lines) {
  process.stdout.write(`\n── the quick tier on Node ${line} ──\n`);
  const started = Date.now();
  // `npx -p node@N node …` runs that Node; npm caches the package after the first run.
  const result = spawnSync('npx', ['--yes', '-p', `node@${line}`, 'node', vitest, 'run', '--project', 'quick', '--project', 'quick-isolated', ...extra], { cwd: root, stdio: 'inherit' });
  const seconds = Math.round((Date.now() - started) / 100) / 10;
  outcomes.push({ line, ok: result.status === 0, detail: result.error ? result.error.message : `exit ${result.status ?? result.signal}`, seconds });
}

process.stdout.write('\n');
for (const outcome of outcomes) process.stdout.write(`${outcome.ok ? '✔' : '✘'} Node ${outcome.line}: ${outcome.ok ? 'passed' : `failed (${outcome.detail})`} in ${outcome.seconds} s\n`);
process.exitCode = outcomes.every((outcome) => outcome.ok) ? 0 : 1;
