#!/usr/bin/env node
// Run by `npm test` (scripts/test.js) once the build is done, while the type-check still
// runs: the toolkit's processes as the tests run them, once each on the Auth API, so that
// V8's code caches for what the build has just made (keyed by each bundle's size and time:
// src/cache/require-with-code-cache.ts) and for the Prism CLI's files
// (src/cache/commonjs-code-cache.ts) are written before the tests start.
//
// Why: in a fresh clone, or after any build, those caches are empty, and the first test
// files start a score of engines, CLIs and Prism CLIs at once, each compiling the same
// code: an engine worker starts on 0.8 s of CPU instead of 0.3-0.4 s. Here it is done once,
// on the core the build leaves idle while the type-check finishes.
//
// Each step only costs time if it fails: a warning, and the tests run as they would have.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { spawn } from 'node:child_process';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
// The folder the tests' processes use (vitest.config.ts), whatever their working folder.
process.env.AUTHKIT_CACHE_DIR ??= join(root, 'node_modules', '.cache', 'authkit');
const spec = join(root, 'generated', 'openapi.json');
const work = mkdtempSync(join(tmpdir(), 'authkit-warm-'));

/** Runs the authkit command; resolves with its exit code (or the error's message). */
function authkit(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'bin', 'authkit.js'), ...args], { cwd: work, stdio: 'ignore', env: process.env });
    child.on('error', (error) => resolve(error.message));
    child.on('exit', (code, signal) => resolve(code ?? signal));
  });
}

const steps = [
  // The CLI's bundle (lint, bundle, the matrix), the engine's process and Prism's bundle
  // (its primary and a worker, which write theirs as they end).
  ['authkit contract', () => authkit(['contract', '--spec', spec, '--reports', join(work, 'reports')])],
  // TypeScript, as generate loads it.
  ['authkit generate', () => authkit(['generate', '--spec', spec, '--out', join(work, 'generated')])],
  // The Prism CLI, quiet, through its preload: it writes its cache once it listens.
  [
    'the Prism CLI',
    async () => {
      const { startPrismOnFreePort } = await import(pathToFileURL(join(root, 'dist', 'src', 'mock', 'prism-process.js')).href);
      const prism = await startPrismOnFreePort({ document: spec, host: '127.0.0.1', quiet: true });
      await prism.close();
      return 0;
    },
  ],
];

for (const [name, step] of steps) {
  const outcome = await step().catch((error) => error.message);
  if (outcome !== 0) process.stderr.write(`warm-caches: ${name} did not end well (${outcome}); the tests will compile what it would have cached\n`);
}
rmSync(work, { recursive: true, force: true });
