import { resolve } from 'node:path';
import { BaseResolver, bundle, type Config } from '@redocly/openapi-core';
import { readOpenApiVersion, type OpenApiVersion } from './openapi-version.js';
import { fromRedoclyProblem, fromRedoclyThrow } from './redocly-errors.js';
import { SpecError } from './spec-problem.js';

export interface BundledSpec {
  document: Record<string, unknown>;
  version: OpenApiVersion;
  /** Every file the spec is made of, root first: what a watcher must watch. */
  files: string[];
}

/**
 * A resolver to share between lint and bundle of the same spec: it caches every file
 * it reads and parses, so the second pass reads nothing again.
 */
export function sharedResolver(config: Config): BaseResolver {
  return new BaseResolver(config.resolve);
}

/** Joins a multi-file spec into one document, with $refs between files made internal. */
export async function bundleSpec(options: { spec: string; config: Config; resolver?: BaseResolver }): Promise<BundledSpec> {
  const spec = resolve(options.spec);
  const version = await readOpenApiVersion(spec);
  let result: Awaited<ReturnType<typeof bundle>>;
  try {
    result = await bundle({ ref: spec, config: options.config, dereference: false, ...(options.resolver ? { externalRefResolver: options.resolver } : {}) });
  } catch (error) {
    throw fromRedoclyThrow(error, spec);
  }
  const errors = result.problems.filter((problem) => problem.severity === 'error').map(fromRedoclyProblem);
  if (errors.length > 0) throw new SpecError(errors);
  return {
    document: result.bundle.parsed as Record<string, unknown>,
    version,
    files: [spec, ...[...result.fileDependencies].filter((file) => file !== spec).sort()],
  };
}
