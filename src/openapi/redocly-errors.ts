import { YamlParseError, getLineColLocation, type NormalizedProblem } from './redocly.js';
import { parseDocument } from 'yaml';
import { jsonPositions } from './json-positions.js';
import { SpecError, type SpecProblem } from './spec-problem.js';

type ProblemLocation = NormalizedProblem['location'][number];

/** Turns a Redocly problem into ours: one file, one line, one rule (at `known`, when its position was found already). */
export function fromRedoclyProblem(problem: NormalizedProblem, known?: { line: number; col: number }): SpecProblem {
  const location = problem.location[0];
  const position = known ?? (location ? getLineColLocation(location).start : { line: 1, col: 1 });
  // Redocly files a YAML error in a $ref'd file under no-unresolved-refs; it is a syntax error.
  const isYamlError = problem.ruleId === 'no-unresolved-refs' && problem.message.startsWith('Failed to parse');
  return {
    file: location?.source.absoluteRef ?? '<unknown>',
    line: position.line,
    column: position.col,
    rule: isYamlError ? 'yaml-syntax' : problem.ruleId,
    message: problem.ruleId === 'no-unresolved-refs' && !isYamlError && location ? unresolvedRefMessage(problem.message, location) : problem.message,
    severity: problem.severity,
  };
}

/**
 * Redocly says only "Can't resolve $ref". The $ref's own value is what a person looks
 * for (`#/components/schemas/Nope`, `../schemas/User.yaml`), so it goes in the message.
 */
function unresolvedRefMessage(message: string, location: ProblemLocation): string {
  const target = refAt(location);
  if (!target) return message;
  const detail = message.replace(/^Can't resolve \$ref:?\s*/, '');
  return `Can't resolve $ref \`${target}\`${detail ? `: ${detail}` : ''}`;
}

function refAt(location: ProblemLocation): string | undefined {
  try {
    const path = (location.pointer ?? '#/').replace(/^#\/?/, '').split('/').filter(Boolean).map((segment) => decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~'));
    const value = parseDocument(location.source.body).getIn([...path, '$ref']);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Redocly throws (rather than reports) for unreadable or unparsable files. */
export function fromRedoclyThrow(error: unknown, rootFile: string): SpecError {
  if (error instanceof YamlParseError) {
    return new SpecError([
      { file: error.source.absoluteRef, line: error.line, column: error.col, rule: 'yaml-syntax', severity: 'error', message: error.originalError.message.split('\n')[0] ?? error.message },
    ]);
  }
  const raw = error instanceof Error ? error.message : String(error);
  const message = /ENOENT/.test(raw) ? 'Cannot read the spec: no such file.' : /EISDIR|Expected a file but received a folder/.test(raw) ? 'Cannot read the spec: it is a folder, not a file.' : `Cannot read the spec: ${raw}`;
  return new SpecError([{ file: rootFile, line: 1, column: 1, rule: 'spec-file', severity: 'error', message }]);
}

/**
 * Every problem as ours. The positions of problems in a JSON file come from one scan of
 * its text (json-positions.ts) rather than Redocly's YAML tree of the file; a file that
 * is not plain JSON, and any other location, is placed by Redocly as before.
 */
export function fromRedoclyProblems(problems: NormalizedProblem[]): SpecProblem[] {
  const bySource = new Map<ProblemLocation['source'], number[]>();
  problems.forEach((problem, index) => {
    const location = problem.location[0];
    if (location?.pointer === undefined || !looksLikeJson(location.source.body)) return;
    const indexes = bySource.get(location.source);
    if (indexes) indexes.push(index);
    else bySource.set(location.source, [index]);
  });
  const known = new Array<{ line: number; col: number } | undefined>(problems.length);
  for (const [source, indexes] of bySource) {
    const positions = jsonPositions(
      source.body,
      indexes.map((index) => ({ pointer: problems[index]!.location[0]!.pointer!, reportOnKey: problems[index]!.location[0]!.reportOnKey === true })),
    );
    positions?.forEach((position, at) => (known[indexes[at]!] = position));
  }
  return problems.map((problem, index) => fromRedoclyProblem(problem, known[index]));
}

const looksLikeJson = (body: string) => /^\uFEFF?\s*[{[]/.test(body.slice(0, 1024));
