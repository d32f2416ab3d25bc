import { appendFile } from 'node:fs/promises';
import type { SpecProblem } from '../openapi/spec-problem.js';
import type { CliIo } from './main.js';
import { shown } from './style.js';

/**
 * Appends a section to the GitHub Actions job summary when the job has one
 * ($GITHUB_STEP_SUMMARY, set on every step), so a workflow needs no step of its own to
 * publish what a command found.
 */
export async function appendStepSummary(io: CliIo, markdown: string): Promise<void> {
  const file = (io.env ?? process.env).GITHUB_STEP_SUMMARY;
  if (file) await appendFile(file, `${markdown.trimEnd()}\n\n`);
}

/** A Markdown table cell: pipes escaped, newlines as <br>. */
export function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

export function lintSummary(label: string, problems: SpecProblem[], cwd: string): string {
  const errors = problems.filter((problem) => problem.severity === 'error').length;
  const heading = `### ${errors > 0 ? '❌' : '✅'} Lint: ${cell(label)}: ${errors} error(s), ${problems.length - errors} warning(s)`;
  if (problems.length === 0) return heading;
  return [heading, '', '| where | severity | rule | message |', '| --- | --- | --- | --- |', ...problems.map((problem) => `| \`${cell(`${shown(problem.file, cwd)}:${problem.line}:${problem.column}`)}\` | ${problem.severity} | \`${cell(problem.rule)}\` | ${cell(problem.message)} |`)].join('\n');
}
