import { formatProblems, getTotals, type NormalizedProblem, type OutputFormat } from '@redocly/openapi-core';

/** Redocly's own report formats (github-actions annotations, checkstyle, ...), printed by Redocly. */
export function printRedoclyFormat(problems: NormalizedProblem[], format: string): void {
  formatProblems(problems, { format: format as OutputFormat, totals: getTotals(problems), color: false });
}
