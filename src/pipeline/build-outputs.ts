import { statSync } from 'node:fs';
import type { OutputFile } from '../generate/atomic-write.js';
import { loadLintConfig } from '../lint/lint-config.js';
import { lintSpec } from '../lint/lint-spec.js';
import { bundleSpec } from '../openapi/bundle-spec.js';
import { createSpecResolver, readRootDocument } from '../openapi/spec-resolver.js';
import type { SpecProblem } from '../openapi/spec-problem.js';
import { mapFieldErrors, toleratedErrors, type StopOn } from './load-spec.js';
import type { ApiTarget } from './project.js';
import type { SideBuildReply } from './generate-worker.js';
import { hasPreprocessors, mayReferToOtherFiles, startSideBuild } from './side-build.js';

/** What `generate` writes (and `check` compares), with what the run learnt on the way. */
export interface BuiltOutputs {
  /** The bundle, then the types, then the zod schemas when the config wants them. */
  files: OutputFile[];
  /** Every file of the spec, root first. */
  specFiles: string[];
  /** Every lint problem, sorted by file and line. */
  problems: SpecProblem[];
  /** Lint errors that did not stop this run. */
  tolerated: SpecProblem[];
  /** The bundled document (parsed from the bundle when another thread built it). */
  document(): Record<string, unknown>;
  /** Which thread bundled the spec and which wrote its types. */
  builtBy: { bundle: 'worker' | 'main'; types: 'worker' | 'main' };
}

/** Root files from this size on are linted beside their bundle and types. */
export const SIDE_BUILD_FROM_BYTES = 1_000_000;

function rootBytes(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0; // reported by the read
  }
}

function fromWorker(target: ApiTarget, reply: Extract<SideBuildReply, { ok: true }>, specFiles: string[]): Omit<BuiltOutputs, 'problems' | 'tolerated' | 'builtBy'> {
  for (const [level, line] of reply.console) console[level](line);
  let parsed: Record<string, unknown> | undefined;
  return {
    files: [
      { name: target.bundleFile, content: reply.bundle },
      { name: target.typesFile, content: reply.types },
      ...(target.schemasFile && reply.schemas !== undefined ? [{ name: target.schemasFile, content: reply.schemas }] : []),
    ],
    specFiles,
    document: () => (parsed ??= JSON.parse(reply.bundle) as Record<string, unknown>),
  };
}

/**
 * Lints the spec and builds its bundle and types: the same findings, errors and bytes as
 * lint, then bundle, then types, one after the other, but a large one-file spec is
 * bundled and typed in a worker thread while this thread lints it (a large spec of
 * several files is typed there). Lint still decides: an error that
 * stops the run throws its SpecError, whatever the worker did, and nothing comes back to
 * write. Each file of the spec is read once, here; the worker is sent the root as parsed.
 */
export async function buildOutputs(target: ApiTarget, stopOn: StopOn, options: { sideBuildFromBytes?: number } = {}): Promise<BuiltOutputs> {
  // A worker starts by importing Redocly, openapi-typescript and TypeScript (about a second of CPU): worth it beside
  // the lint of a large spec, not for a small one, which a dev loop regenerates on every edit with them already loaded.
  const side = rootBytes(target.root) >= (options.sideBuildFromBytes ?? SIDE_BUILD_FROM_BYTES) ? startSideBuild(target) : undefined;
  try {
    const config = await loadLintConfig({ configFile: target.configFile, api: target.name });
    const resolver = createSpecResolver(config, { rootDir: target.projectRoot, allowRemote: target.allowRemoteRefs });
    const root = await readRootDocument(target.root, resolver);
    let sentRoot = false;
    if (side && !hasPreprocessors(config)) {
      const document = await resolver.resolveDocument(null, root.file, true); // the cached read
      if (!(document instanceof Error) && !mayReferToOtherFiles(document.source.body)) {
        // Cloned as it is posted: lint cannot change what the worker bundles.
        side.send({ kind: 'root', file: root.file, body: document.source.body, mimeType: document.source.mimeType, parsed: document.parsed });
        sentRoot = true;
      }
    }
    const lint = await lintSpec({ spec: target.root, config, resolver });
    const tolerated = toleratedErrors(lint.problems, stopOn);
    const found = { problems: lint.problems, tolerated };
    if (sentRoot) {
      const reply = await side!.reply();
      if (reply.ok && reply.files) return { ...found, ...fromWorker(target, reply, reply.files), builtBy: { bundle: 'worker', types: 'worker' } };
      await side!.stop(); // it gave up: this thread builds the set
    }
    // A spec of several files (or one the worker gave up on): bundled here, after lint, as always; typed in the worker if it runs.
    const bundled = await bundleSpec({ spec: target.root, config, resolver });
    if (target.fieldErrors) mapFieldErrors(bundled.document, target);
    if (side && !sentRoot) {
      side.send({ kind: 'bundled', document: bundled.document });
      const reply = await side.reply();
      if (reply.ok) return { ...found, ...fromWorker(target, reply, bundled.files), document: () => bundled.document, builtBy: { bundle: 'main', types: 'worker' } };
    }
    const { buildArtifacts } = await import('../generate/generate.js'); // openapi-typescript, only when this thread needs it
    const files = await buildArtifacts(bundled.document, target);
    return { ...found, files, specFiles: bundled.files, document: () => bundled.document, builtBy: { bundle: 'main', types: 'main' } };
  } finally {
    void side?.stop();
  }
}
