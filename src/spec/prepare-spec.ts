import type { Config } from '@redocly/openapi-core';
import { lintSpec } from '../lint/lint-spec.js';
import { bundleSpec, sharedResolver, type BundledSpec } from './bundle-spec.js';
import { SpecError, type SpecProblem } from './spec-problem.js';

// Problems that leave nothing to serve or test. Anything else (a style rule, an
// example that breaks its schema) still lets a contract run say exactly which pair
// is wrong, which is more use than refusing to start.
const STRUCTURAL_RULES = new Set([
  'yaml-syntax',
  'openapi-version',
  'spec-file',
  'struct',
  'no-unresolved-refs',
  'no-identical-paths',
  'path-parameters-defined',
  'operation-operationId-unique',
  'spec-components-invalid-map-name',
]);

export interface PreparedSpec extends BundledSpec {
  /** Lint errors that did not stop this run. */
  tolerated: SpecProblem[];
}

/**
 * Lints and bundles a spec for a run. `strict` stops on any lint error (the main job);
 * `structural` stops only on errors that leave no usable spec (contract runs on any spec).
 */
export async function prepareSpec(options: { spec: string; config: Config; stopOn: 'any-error' | 'structural' }): Promise<PreparedSpec> {
  const resolver = sharedResolver(options.config);
  const lint = await lintSpec({ ...options, resolver });
  const errors = lint.problems.filter((problem) => problem.severity === 'error');
  const blocking = options.stopOn === 'any-error' ? errors : errors.filter((problem) => STRUCTURAL_RULES.has(problem.rule));
  if (blocking.length > 0) throw new SpecError(blocking);
  const bundled = await bundleSpec({ ...options, resolver });
  return { ...bundled, tolerated: errors.filter((problem) => !blocking.includes(problem)) };
}
