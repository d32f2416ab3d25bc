import { bundle, type BaseResolver, type Config } from './redocly.js';
import { fromRedoclyProblem, fromRedoclyThrow } from './redocly-errors.js';
import { readRootDocument } from './spec-resolver.js';
import type { OpenApiVersion } from './openapi-version.js';
import { SpecError } from './spec-problem.js';

export interface BundledSpec {
  document: Record<string, unknown>;
  version: OpenApiVersion;
  /** Every file the spec is made of, root first: what a watcher must watch. */
  files: string[];
}

/** Joins a multi-file spec into one document, with $refs between files made internal. */
export async function bundleSpec(options: { spec: string; config: Config; resolver: BaseResolver }): Promise<BundledSpec> {
  const root = await readRootDocument(options.spec, options.resolver);
  let result: Awaited<ReturnType<typeof bundle>>;
  try {
    result = await bundle({ ref: root.file, config: options.config, dereference: false, externalRefResolver: options.resolver });
  } catch (error) {
    throw fromRedoclyThrow(error, root.file);
  }
  const errors = result.problems.filter((problem) => problem.severity === 'error').map((problem) => fromRedoclyProblem(problem));
  if (errors.length > 0) throw new SpecError(errors);
  return {
    document: result.bundle.parsed as Record<string, unknown>,
    version: root.version,
    files: [root.file, ...[...result.fileDependencies].filter((file) => file !== root.file).sort()],
  };
}
