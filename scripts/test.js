#!/usr/bin/env node
// `npm test`: `npm run typecheck` and `npm run build` side by side, then `vitest run` with
// any extra arguments. Neither of the first two reads what the other writes (the check
// emits nothing; the build writes dist/), so neither waits for the other. Each runs
// TypeScript 7 single-threaded and has a core of the two: in a fresh clone, 13 s together
// (19 s when both compilers ran threads, as many threads as cores each). Both run to their end; if either fails,
// vitest does not run and the exit code is the failed one's.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
// The npm that runs this script runs the other two, as `npm run` would.
const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : [process.platform === 'win32' ? 'npm.cmd' : 'npm'];

/** Runs a command with this terminal, and resolves with its exit code (1 when a signal ended it). */
function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' && command.endsWith('.cmd') });
    child.on('error', (error) => {
      process.stderr.write(`${command}: ${error.message}\n`);
      resolve(1);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

// Once the build is done, on its core, while the type-check goes on: V8's code caches for
// what it made, written once before the tests start (scripts/warm-caches.js says why).
const built = run(npm[0], [...npm.slice(1), 'run', 'build']).then(async (code) => {
  if (code === 0) await run(process.execPath, [join(root, 'scripts', 'warm-caches.js')]);
  return code;
});
const [typecheck, build] = await Promise.all([run(npm[0], [...npm.slice(1), 'run', 'typecheck']), built]);
const failed = typecheck || build;
process.exitCode = failed || (await run(process.execPath, [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', ...process.argv.slice(2)]));
