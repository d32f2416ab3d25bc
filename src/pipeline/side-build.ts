import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Config } from '../openapi/redocly.js';
import type { ApiTarget } from './project.js';
// A type-only import that also puts the worker's file in the compiled program (tsc emits it to dist/).
import type { SideBuildInput, SideBuildReply, SideBuildRequest } from './generate-worker.js';

/**
 * The bundle and the types of a one-file spec, built in a worker thread while the caller
 * lints the same document on its own thread (generate-worker.ts), or the types alone of
 * a spec the caller bundled. `send` hands it one request; `reply` is its answer,
 * `{ ok: false }` when it could not start, gave up or failed, so the caller builds the
 * set itself. The caller stops it when done, whatever happened.
 */
export interface SideBuild {
  send(request: SideBuildRequest): void;
  reply(): Promise<SideBuildReply>;
  stop(): Promise<void>;
}

/**
 * The worker's entry. Run from the toolkit's sources (through tsx), the worker registers
 * tsx itself first: loader hooks of the main thread do not reach a worker on Node 20.
 */
function workerEntry(): { entry: string | URL; eval: boolean } {
  if (!import.meta.url.endsWith('.ts')) return { entry: new URL('./generate-worker.js', import.meta.url), eval: false };
  const require = createRequire(import.meta.url);
  const tsx = require.resolve('tsx/package.json');
  const api = (require(tsx) as { exports: Record<string, { import: { default: string } }> }).exports['./esm/api']!.import.default;
  const code = `import(${JSON.stringify(pathToFileURL(join(dirname(tsx), api)).href)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL('./generate-worker.ts', import.meta.url).href)}); })`;
  return { entry: code, eval: true };
}

export function startSideBuild(target: ApiTarget): SideBuild | undefined {
  let worker: Worker;
  try {
    const { entry, eval: isCode } = workerEntry();
    worker = new Worker(entry, { eval: isCode, workerData: { target } satisfies SideBuildInput });
  } catch {
    return undefined;
  }
  const reply = new Promise<SideBuildReply>((resolve) => {
    worker.once('message', (message: SideBuildReply) => resolve(message));
    worker.once('error', (error) => resolve({ ok: false, reason: error.message }));
    worker.once('exit', (code) => resolve({ ok: false, reason: `the worker exited (${code})` }));
  });
  let stopped = false;
  return {
    send: (request) => worker.postMessage(request),
    reply: () => reply,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await worker.terminate();
    },
  };
}

/**
 * Whether the root may $ref another file (or a URL): read from its text, erring towards
 * yes. The worker is sent the root alone; a spec made of several files is built on the
 * main thread.
 */
export function mayReferToOtherFiles(body: string): boolean {
  return /\$ref['"]?\s*:(?!\s*['"]?#)/.test(body);
}

/** Preprocessors rewrite the document as lint walks it, and bundling comes after: such a config keeps the old order. */
export function hasPreprocessors(config: Config): boolean {
  return Object.values(config.preprocessors ?? {}).some((group) => Object.keys(group ?? {}).length > 0);
}
