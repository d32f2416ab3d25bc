import { formatProblems, getTotals, type NormalizedProblem, type OutputFormat } from '../openapi/redocly.js';

/** Every report format Redocly's own `lint --format` takes. */
export const REDOCLY_FORMATS = ['stylish', 'codeframe', 'json', 'checkstyle', 'codeclimate', 'github-actions', 'markdown', 'junit', 'summary'] as const satisfies readonly OutputFormat[];

// A format a later Redocly adds fails the type-check here until it is listed above.
type Unlisted = Exclude<OutputFormat, (typeof REDOCLY_FORMATS)[number]>;
const everyFormatListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyFormatListed;

/** Redocly's own report formats (github-actions annotations, junit, summary, ...), printed by Redocly. */
export function printRedoclyFormat(problems: NormalizedProblem[], format: string): void {
  formatProblems(problems, { format: format as OutputFormat, totals: getTotals(problems), color: false });
}
