import { YamlParseError, getLineColLocation, type NormalizedProblem } from '@redocly/openapi-core';
import { SpecError, type SpecProblem } from './spec-problem.js';

/** Turns a Redocly problem into ours: one file, one line, one rule. */
export function fromRedoclyProblem(problem: NormalizedProblem): SpecProblem {
  const location = problem.location[0];
  const position = location ? getLineColLocation(location).start : { line: 1, col: 1 };
  return {
    file: location?.source.absoluteRef ?? '<unknown>',
    line: position.line,
    column: position.col,
    // Redocly files a YAML error in a $ref'd file under no-unresolved-refs; it is a syntax error.
    rule: problem.ruleId === 'no-unresolved-refs' && problem.message.startsWith('Failed to parse') ? 'yaml-syntax' : problem.ruleId,
    message: problem.message,
    severity: problem.severity,
  };
}

/** Redocly throws (rather than reports) for unreadable or unparsable files. */
export function fromRedoclyThrow(error: unknown, rootFile: string): SpecError {
  if (error instanceof YamlParseError) {
    return new SpecError([
      { file: error.source.absoluteRef, line: error.line, column: error.col, rule: 'yaml-syntax', severity: 'error', message: error.originalError.message.split('\n')[0] ?? error.message },
    ]);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new SpecError([{ file: rootFile, line: 1, column: 1, rule: 'spec-file', severity: 'error', message }]);
}
