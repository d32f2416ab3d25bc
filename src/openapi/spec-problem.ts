import { relative } from 'node:path';

export type Severity = 'error' | 'warn';

/** One thing wrong with a spec, located precisely enough for a person to go and fix it. */
export interface SpecProblem {
  file: string;
  line: number;
  column: number;
  rule: string;
  message: string;
  severity: Severity;
}

export function formatProblem(problem: SpecProblem, cwd = process.cwd()): string {
  const where = `${relative(cwd, problem.file) || problem.file}:${problem.line}:${problem.column}`;
  return `${where} ${problem.severity} [${problem.rule}] ${problem.message}`;
}

/**
 * Thrown where a script cannot go on with the spec it was given: the message alone
 * tells a person which file, line and rule to look at.
 */
export class SpecError extends Error {
  override readonly name = 'SpecError';
  constructor(readonly problems: SpecProblem[]) {
    super(problems.map((problem) => formatProblem(problem)).join('\n'));
  }
}
