import { relative } from 'node:path';
import { formatProblems, getTotals, type OutputFormat } from '@redocly/openapi-core';
import { DEFAULT_SPEC } from '../project-root.js';
import { lintSpec } from '../lint/lint-spec.js';
import { loadLintConfig } from '../spec/lint-config.js';
import { formatProblem } from '../spec/spec-problem.js';
import { parseFlags, SPEC_FLAGS, UsageError } from './args.js';

const USAGE = 'usage: npm run lint -- [--spec <path>] [--config <redocly.yaml>] [--format <text|stylish|codeframe|json|github-actions|checkstyle>]';
const REDOCLY_FORMATS = new Set<string>(['stylish', 'codeframe', 'json', 'github-actions', 'checkstyle', 'codeclimate', 'markdown']);

export async function main(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, { ...SPEC_FLAGS, format: { type: 'string', default: 'text' } }, USAGE);
  if (flags.help) return void console.log(USAGE), 0;
  const format = flags.format ?? 'text';
  if (format !== 'text' && !REDOCLY_FORMATS.has(format)) throw new UsageError(`Unknown format "${format}".\n${USAGE}`);

  const config = await loadLintConfig(flags.config);
  const result = await lintSpec({ spec: flags.spec ?? DEFAULT_SPEC, config });
  if (format === 'text') {
    const name = relative(process.cwd(), result.spec);
    if (result.problems.length === 0) console.log(`✔ ${name}: no problems`);
    else {
      console.log(`✖ ${name}: ${result.errorCount} error(s), ${result.warningCount} warning(s)`);
      for (const problem of result.problems) console.log(formatProblem(problem));
    }
  } else {
    formatProblems(result.redoclyProblems, { format: format as OutputFormat, totals: getTotals(result.redoclyProblems), color: false });
  }
  return result.errorCount > 0 ? 1 : 0;
}
