import { rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { generatorVersions } from '../generate/generator-version.js';
import { recoverOutputFolder } from '../generate/atomic-write.js';
import { configInputs, manifestIsCurrent } from '../generate/manifest.js';
import type { StaleFile } from '../generate/drift.js';
import type { SpecProblem } from '../openapi/spec-problem.js';
import type { ApiTarget } from './project.js';
import { UsageError } from './usage-error.js';

// Everything heavy (Redocly, openapi-typescript and the TypeScript compiler) is
// imported only once the recorded hashes say there is work to do: a no-op run stays
// a fraction of a second.

export interface GenerateOutcome {
  target: ApiTarget;
  outDir: string;
  /** Files written; empty when everything already matched. */
  written: string[];
  /** Files the last run generated that this one no longer does (schemas.ts once zod is turned off), removed. */
  removed: string[];
  /** True when the recorded hashes showed nothing changed, so nothing was even built. */
  unchanged: boolean;
  /** The bundled document, when this run built it. */
  document?: Record<string, unknown>;
  /** Lint findings (errors that did not stop the run, and warnings), when this run linted the spec. */
  findings: SpecProblem[];
}

export interface CheckOutcome {
  target: ApiTarget;
  outDir: string;
  stale: StaleFile[];
  /** True when the recorded hashes proved the files current without a rebuild. */
  byManifest: boolean;
}

export function outDirOf(target: ApiTarget, command: string): string {
  if (target.outDir) return target.outDir;
  throw new UsageError(
    `${command} needs an output folder for ${relative(process.cwd(), target.root) || target.root}: pass --out <dir>, or give its entry in redocly.yaml an \`output\` (e.g. \`x-openapi-ts: { output: generated/api-types.ts }\`).`,
  );
}

/**
 * Lint errors stop a run only when the spec is unusable (YAML, a $ref that leads
 * nowhere, not OpenAPI 3.x, a structure nothing can read), unless `strict`: then any
 * lint error does, as this repository's own CI runs the Auth API.
 */
export interface LintPolicy {
  strict?: boolean;
  useCache?: boolean;
}

function expectation(target: ApiTarget, options: LintPolicy) {
  return { api: target.name, root: target.root, generator: generatorVersions(), outputs: [target.bundleFile, target.typesFile, ...(target.schemasFile ? [target.schemasFile] : [])], configInputs: configInputs(target.configFile), strict: options.strict === true };
}

/** Lint (only an unusable spec stops it, or any error when strict), bundle, generate types, and write them with their manifest as one set. */
export async function generateApi(target: ApiTarget, options: LintPolicy = {}): Promise<GenerateOutcome> {
  const outDir = outDirOf(target, 'generate');
  const expected = expectation(target, options);
  if (options.useCache !== false && (await manifestIsCurrent(outDir, expected))) {
    return { target, outDir, written: [], removed: [], unchanged: true, findings: [] };
  }
  const [{ buildOutputs }, { writeFilesAtomically }, { buildManifest, serializeManifest, readManifest, droppedOutputs, MANIFEST_FILE }] = await Promise.all([import('./build-outputs.js'), import('../generate/atomic-write.js'), import('../generate/manifest.js')]);
  const previous = await readManifest(outDir);
  const built = await buildOutputs(target, options.strict ? 'any-error' : 'structural');
  const files = built.files;
  const manifest = await buildManifest({ outDir, api: target.name, root: target.root, inputs: [...built.specFiles, ...expected.configInputs], outputs: files, generator: expected.generator, lintErrors: built.tolerated.length });
  // The manifest goes last: a reader that trusts it never sees it ahead of the files.
  const written = await writeFilesAtomically(outDir, [...files, { name: MANIFEST_FILE, content: serializeManifest(manifest) }]);
  const removed = droppedOutputs(previous, files).map((name) => join(outDir, name));
  await Promise.all(removed.map((file) => rm(file, { force: true })));
  return {
    target,
    outDir,
    written,
    removed,
    unchanged: false,
    get document() {
      return built.document();
    },
    findings: built.problems,
  };
}

/** The drift gate: which generated files no longer match the spec. */
export async function checkApi(target: ApiTarget, options: LintPolicy = {}): Promise<CheckOutcome> {
  const outDir = outDirOf(target, 'check');
  await recoverOutputFolder(outDir).catch(() => {}); // a swap a killed generate left half done
  if (options.useCache !== false && (await manifestIsCurrent(outDir, expectation(target, options)))) {
    return { target, outDir, stale: [], byManifest: true };
  }
  const [{ buildOutputs }, { findStaleFiles }] = await Promise.all([import('./build-outputs.js'), import('../generate/drift.js')]);
  const built = await buildOutputs(target, options.strict ? 'any-error' : 'structural');
  const stale = await findStaleFiles(outDir, built.files);
  return { target, outDir, stale, byManifest: false };
}
