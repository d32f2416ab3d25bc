// The worker thread of `generate` and `check` (started by side-build.ts): it bundles a
// one-file spec and writes its types while the main thread lints the same document, so a
// large spec costs about what the type generator alone does. It reads no file of the
// spec: the main thread sends the root it read and parsed, and any $ref to another file
// makes it give up (the main thread then bundles, after lint, as it always did, and sends
// the bundle here for its types). It imports Redocly, openapi-typescript and TypeScript as
// soon as it starts, and loads the config, while the main thread reads the spec.
import { format } from 'node:util';
import { parentPort, workerData } from 'node:worker_threads';
import { BaseResolver, Source, type Config, type Document } from '../openapi/redocly.js';
import { buildArtifacts } from '../generate/generate.js';
import { loadLintConfig } from '../lint/lint-config.js';
import { bundleSpec } from '../openapi/bundle-spec.js';
import { mapFieldErrors } from './load-spec.js';
import type { ApiTarget } from './project.js';

export interface SideBuildInput {
  target: ApiTarget;
}

/**
 * Either the root file as the main thread read and parsed it, before anything (lint
 * included) touched it, to bundle and type; or a spec the main thread bundled itself (one
 * of several files), to type only.
 */
export type SideBuildRequest = { kind: 'root'; file: string; body: string; mimeType?: string; parsed: unknown } | { kind: 'bundled'; document: Record<string, unknown> };

export type ConsoleLine = ['log' | 'warn' | 'error', string];

export type SideBuildReply =
  | { ok: true; bundle: string; types: string; schemas?: string; files?: string[]; console: ConsoleLine[] }
  /** Anything else (a $ref to another file, an error of any kind): the main thread builds the set itself and meets the same error, if any, the same way. */
  | { ok: false; reason: string };

/** Serves the one document it was given; any other file is refused, and noted. */
class OneDocumentResolver extends BaseResolver {
  asked: string[] = [];

  constructor(config: Config['resolve'], request: Extract<SideBuildRequest, { kind: 'root' }>) {
    super(config);
    const document: Document = { source: new Source(request.file, request.body, request.mimeType), parsed: request.parsed };
    this.cache.set(request.file, Promise.resolve(document));
  }

  override async loadExternalRef(absoluteRef: string): Promise<Source> {
    this.asked.push(absoluteRef);
    throw new Error(`${absoluteRef} was not sent to the worker`);
  }
}

async function build(input: SideBuildInput, configReady: Promise<Config>, request: SideBuildRequest): Promise<SideBuildReply> {
  if (request.kind === 'bundled') return { ...(await artifacts(request.document, input.target)), ok: true };
  const config = await configReady;
  const resolver = new OneDocumentResolver(config.resolve, request);
  let bundled: Awaited<ReturnType<typeof bundleSpec>>;
  try {
    bundled = await bundleSpec({ spec: request.file, config, resolver });
  } catch (error) {
    return { ok: false, reason: resolver.asked.length > 0 ? `the spec refers to ${resolver.asked[0]}` : String((error as Error)?.message ?? error) };
  }
  // A file the bundler asked for and was refused may have been left out quietly (a mapping, say).
  if (resolver.asked.length > 0) return { ok: false, reason: `the spec refers to ${resolver.asked[0]}` };
  if (input.target.fieldErrors) mapFieldErrors(bundled.document, input.target);
  return { ...(await artifacts(bundled.document, input.target)), ok: true, files: bundled.files };
}

/** The bundle's text, the types and the zod schemas (when wanted), with whatever openapi-typescript printed, for the main thread to print. */
async function artifacts(document: Record<string, unknown>, target: ApiTarget): Promise<{ bundle: string; types: string; schemas?: string; console: ConsoleLine[] }> {
  const lines: ConsoleLine[] = [];
  const saved = { log: console.log, warn: console.warn, error: console.error };
  for (const level of ['log', 'warn', 'error'] as const) console[level] = (...args: unknown[]) => void lines.push([level, format(...args)]);
  try {
    const [bundle, types, schemas] = await buildArtifacts(document, target);
    return { bundle: bundle!.content, types: types!.content, ...(schemas ? { schemas: schemas.content } : {}), console: lines };
  } finally {
    Object.assign(console, saved);
  }
}

if (parentPort) {
  const port = parentPort;
  const input = workerData as SideBuildInput;
  const configReady = loadLintConfig({ configFile: input.target.configFile, api: input.target.name });
  configReady.catch(() => {}); // reported through the reply, if a request comes
  port.once('message', (request: SideBuildRequest) => {
    build(input, configReady, request).then(
      (reply) => port.postMessage(reply),
      (error: unknown) => port.postMessage({ ok: false, reason: String((error as Error)?.message ?? error) } satisfies SideBuildReply),
    );
  });
}
