import type { Config, NormalizedProblem } from '../openapi/redocly.js';
import { lintSpec } from '../lint/lint-spec.js';
import { loadLintConfig } from '../lint/lint-config.js';
import { bundleSpec, type BundledSpec } from '../openapi/bundle-spec.js';
import { createSpecResolver } from '../openapi/spec-resolver.js';
import { SpecError, type SpecProblem } from '../openapi/spec-problem.js';
import type { ApiTarget } from './project.js';
import { UsageError } from './usage-error.js';
import { FIELD_ERRORS_EXTENSION } from '../schema/field-errors.js';
import { valueAtPointer } from '../openapi/document.js';

// Problems that leave no spec to work with: the file cannot be read or parsed, it is
// not OpenAPI 3.x, or a $ref leads nowhere. Anything else (a `nullable` in 3.1, two
// paths that differ only by a parameter's name, an example that breaks its schema)
// is a finding: openapi-typescript and Prism cope with it, and a contract run says
// which pair it breaks, which is more use than refusing to start.
export const STRUCTURAL_RULES = new Set(['yaml-syntax', 'openapi-version', 'spec-file', 'no-unresolved-refs']);

/** Which lint errors stop the run: any (lint, generate), or only those that leave no usable spec (mock, contract). */
export type StopOn = 'any-error' | 'structural';

export interface LoadedSpec extends BundledSpec {
  target: ApiTarget;
  config: Config;
  /** Every lint problem, errors and warnings, sorted by file and line. */
  problems: SpecProblem[];
  /** Redocly's own problems, for its output formats. */
  redoclyProblems: NormalizedProblem[];
  /** Lint errors that did not stop this run. */
  tolerated: SpecProblem[];
}

/**
 * The one read of a spec in a run: its config, then version check, lint and bundle
 * through one resolver, so each file of the spec is read and parsed once. The bundled
 * document, its files and its problems come back together for the rest of the run.
 */
export async function loadSpec(target: ApiTarget, options: { stopOn: StopOn; config?: Config; /** Leave the config's field-error mappings off: another revision of the spec (diff) may lack the schemas they name. */ withoutMappings?: boolean }): Promise<LoadedSpec> {
  const config = options.config ?? (await loadLintConfig({ configFile: target.configFile, api: target.name }));
  const resolver = createSpecResolver(config, { rootDir: target.projectRoot, allowRemote: target.allowRemoteRefs });
  const lint = await lintSpec({ spec: target.root, config, resolver });
  const tolerated = toleratedErrors(lint.problems, options.stopOn);
  const bundled = await bundleSpec({ spec: target.root, config, resolver });
  if (target.fieldErrors && !options.withoutMappings) mapFieldErrors(bundled.document, target);
  return { ...bundled, target, config, problems: lint.problems, redoclyProblems: lint.redoclyProblems, tolerated };
}

/** Throws the lint errors that stop the run (a SpecError); returns the ones that do not. */
export function toleratedErrors(problems: SpecProblem[], stopOn: StopOn): SpecProblem[] {
  const errors = problems.filter((problem) => problem.severity === 'error');
  const blocking = stopOn === 'any-error' ? errors : errors.filter((problem) => STRUCTURAL_RULES.has(problem.rule));
  if (blocking.length > 0) throw new SpecError(blocking);
  return errors.filter((problem) => !blocking.includes(problem));
}

/**
 * The config's field-error mappings, put on their schemas in the bundle: the mock, the MSW
 * handlers (through the generated bundle) and the contract all read the same extension.
 */
export function mapFieldErrors(document: Record<string, unknown>, target: ApiTarget): void {
  for (const [pointer, shape] of Object.entries(target.fieldErrors ?? {})) {
    const node = valueAtPointer(document, pointer);
    if (!node || typeof node !== 'object' || Array.isArray(node)) throw new UsageError(`${target.configFile}: apis.${target.name}: \`x-authkit.fieldErrors\`: "${pointer}" is no schema of the bundled spec.`);
    (node as Record<string, unknown>)[FIELD_ERRORS_EXTENSION] = shape;
  }
}
