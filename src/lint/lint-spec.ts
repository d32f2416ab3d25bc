import { lint, type BaseResolver, type Config, type NormalizedProblem } from '../openapi/redocly.js';
import { fromRedoclyProblems, fromRedoclyThrow } from '../openapi/redocly-errors.js';
import { createSpecResolver, policyForLoneSpec, readRootDocument } from '../openapi/spec-resolver.js';
import { findSelfReferences } from '../openapi/self-reference.js';
import { SpecError, type SpecProblem } from '../openapi/spec-problem.js';

export interface LintResult {
  spec: string;
  problems: SpecProblem[];
  /** Redocly's own problems, kept for its output formats (github-actions, json, ...). */
  redoclyProblems: NormalizedProblem[];
  errorCount: number;
  warningCount: number;
}

/**
 * Lints a spec with a Redocly config. Problems the spec has are returned; a spec that
 * cannot be read at all (bad YAML, not OpenAPI 3.x) throws a SpecError. Pass the run's
 * resolver so that bundling afterwards reads nothing again; without one, $refs may not
 * leave the spec's own folder nor fetch anything remote.
 */
export async function lintSpec(options: { spec: string; config: Config; resolver?: BaseResolver }): Promise<LintResult> {
  const resolver = options.resolver ?? createSpecResolver(options.config, policyForLoneSpec(options.spec));
  const root = await readRootDocument(options.spec, resolver);
  let redoclyProblems: NormalizedProblem[];
  try {
    redoclyProblems = (await lint({ ref: root.file, config: options.config, externalRefResolver: resolver })).filter((problem) => !problem.ignored);
  } catch (error) {
    const selfReferences = /Self-referencing circular pointer/.test(String((error as Error)?.message)) ? await findSelfReferences(resolver) : [];
    if (selfReferences.length > 0) throw new SpecError(selfReferences);
    throw fromRedoclyThrow(error, root.file);
  }
  const problems = fromRedoclyProblems(redoclyProblems).sort(byLocation);
  return {
    spec: root.file,
    problems,
    redoclyProblems,
    errorCount: problems.filter((problem) => problem.severity === 'error').length,
    warningCount: problems.filter((problem) => problem.severity === 'warn').length,
  };
}

function byLocation(a: SpecProblem, b: SpecProblem): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column;
}

/**
 * Lints an Arazzo file with the same Redocly config (its Arazzo rules: unique ids,
 * `dependsOn`, outputs, criteria…). Structure Redocly cannot see (an operation the
 * spec lacks, a runtime expression that does not parse) is the flows reader's to find.
 */
export async function lintArazzo(options: { file: string; config: Config }): Promise<LintResult> {
  let redoclyProblems: NormalizedProblem[];
  try {
    redoclyProblems = (await lint({ ref: options.file, config: options.config })).filter((problem) => !problem.ignored);
  } catch (error) {
    throw fromRedoclyThrow(error, options.file);
  }
  const problems = fromRedoclyProblems(redoclyProblems).sort(byLocation);
  return { spec: options.file, problems, redoclyProblems, errorCount: problems.filter((problem) => problem.severity === 'error').length, warningCount: problems.filter((problem) => problem.severity === 'warn').length };
}
