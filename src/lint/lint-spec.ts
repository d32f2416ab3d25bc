import { resolve } from 'node:path';
import { lint, type BaseResolver, type Config, type NormalizedProblem } from '@redocly/openapi-core';
import { readOpenApiVersion } from '../spec/openapi-version.js';
import { fromRedoclyProblem, fromRedoclyThrow } from '../spec/redocly-errors.js';
import type { SpecProblem } from '../spec/spec-problem.js';

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
 * cannot be read at all (bad YAML, not OpenAPI 3.x) throws a SpecError.
 */
export async function lintSpec(options: { spec: string; config: Config; resolver?: BaseResolver }): Promise<LintResult> {
  const spec = resolve(options.spec);
  await readOpenApiVersion(spec);
  let redoclyProblems: NormalizedProblem[];
  try {
    redoclyProblems = (await lint({ ref: spec, config: options.config, ...(options.resolver ? { externalRefResolver: options.resolver } : {}) })).filter((problem) => !problem.ignored);
  } catch (error) {
    throw fromRedoclyThrow(error, spec);
  }
  const problems = redoclyProblems.map(fromRedoclyProblem).sort(byLocation);
  return {
    spec,
    problems,
    redoclyProblems,
    errorCount: problems.filter((problem) => problem.severity === 'error').length,
    warningCount: problems.filter((problem) => problem.severity === 'warn').length,
  };
}

function byLocation(a: SpecProblem, b: SpecProblem): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column;
}
