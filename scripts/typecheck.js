#!/usr/bin/env node
// TypeScript 7 over the project (`npm run typecheck`), and vitest's checker for the type
// tests (vitest.config.ts names this file): both with one incremental state, kept in
// node_modules/.cache/authkit-typecheck/.
//
// Why: vitest runs its checker with a --tsBuildInfoFile of its own, in its own folder. In a
// fresh clone that state is empty, so `npm test` checked the whole program twice: once in
// `npm run typecheck`, then again for the type tests (about 14 s of CPU, 9 s of wall).
// With one state, the second check reads what the first found: about 1.2 s. The errors are
// the same either way (tsc keeps each file's diagnostics in that state and reports them
// again), and a changed file is checked again, with what depends on it.
//
// Single-threaded (--singleThreaded, unless given): on the 2-core machine CI runs on, the
// compiler's threads took twice the CPU (19.5-20.6 s against 10.6-11.7 s for a full check)
// for no less wall, and in `npm test` the build runs beside it on the other core.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('..', import.meta.url);
const tsc = fileURLToPath(new URL('node_modules/typescript-7/bin/tsc', root));
const stateDir = fileURLToPath(new URL('node_modules/.cache/authkit-typecheck/', root));
mkdirSync(stateDir, { recursive: true });

const args = [];
const given = process.argv.slice(2);
for (let index = 0; index < given.length; index += 1) {
  if (given[index] === '--tsBuildInfoFile') index += 1; // the caller's own state: this one is shared
  else if (given[index] !== '--incremental') args.push(given[index]);
}
const child = spawn(process.execPath, [tsc, ...args, ...(args.includes('--singleThreaded') ? [] : ['--singleThreaded']), '--incremental', '--tsBuildInfoFile', `${stateDir}tsconfig.tsbuildinfo`], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal ? 1 : 0);
});
