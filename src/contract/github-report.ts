import type { CaseResult } from './cases.js';
import { pairLookup, runFailed, summarize } from './report.js';
import type { ContractRun } from './run-contract.js';

const MARK = { pass: '✅', fail: '❌', not_exercised: '➖' } as const;

/**
 * The run as Markdown for a pull request's job summary ($GITHUB_STEP_SUMMARY): the
 * verdict, the coverage table (operations × documented statuses), then each failure
 * with its reason. Pipes and newlines in reasons are escaped so the table holds.
 */
export function toMarkdownSummary(run: ContractRun, options: { strict?: boolean } = {}): string {
  const summary = summarize(run);
  const where = run.target === 'msw' ? 'MSW handlers' : `${run.target} at \`${run.baseUrl}\``;
  const lines = [
    `### ${runFailed(run, options) ? '❌' : '✅'} Contract: ${escapeCell(`${run.title} ${run.version}`)} (${where}${run.shard ? `, shard ${run.shard.index}/${run.shard.total}` : ''})`,
    '',
    `**${summary.passed}/${summary.pairs}** pairs pass, **${summary.failed}** fail, **${summary.notExercised}** not exercised · negative cases ${summary.negativesPassed} pass, ${summary.negativesFailed} fail · ${(run.durationMs / 1000).toFixed(1)} s`,
    '',
  ];
  const statuses = [...new Set(run.pairs.map((pair) => pair.status))].sort((a, b) => a - b);
  const operations = [...new Map(run.pairs.map((pair) => [`${pair.method} ${pair.path}`, pair])).values()];
  lines.push(`| operation | ${statuses.join(' | ')} |`, `| --- | ${statuses.map(() => ':-:').join(' | ')} |`);
  const cell = pairLookup(run.pairs);
  for (const operation of operations) {
    const cells = statuses.map((status) => {
      const pair = cell(operation, status);
      return pair ? MARK[pair.result] : '';
    });
    lines.push(`| \`${operation.method} ${escapeCell(operation.path)}\` | ${cells.join(' | ')} |`);
  }
  lines.push('', `${MARK.pass} pass · ${MARK.fail} fail · ${MARK.not_exercised} not exercised · (blank) not documented`);
  const problems = problemsOf(run);
  if (problems.length > 0) {
    lines.push('', '| failed | reason |', '| --- | --- |');
    for (const problem of problems) lines.push(`| \`${escapeCell(problem.id)}\` | ${escapeCell(problem.reason ?? '')} |`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * One annotation per failed pair or negative case, naming the pair and the reason; a
 * pair a mock run could not exercise is a warning.
 */
export function annotationsOf(run: ContractRun): Array<{ level: 'error' | 'warning'; title: string; message: string }> {
  return problemsOf(run).map((problem) => ({ level: problem.result === 'fail' ? 'error' : 'warning', title: `contract: ${problem.id}`, message: problem.reason ?? problem.result }));
}

function problemsOf(run: ContractRun): CaseResult[] {
  // Pairs a spec finding blocked are the spec's to fix: listed with the findings, not annotated.
  return [...run.pairs, ...run.negatives].filter((result) => !result.blockedBy && (result.result === 'fail' || (run.mode === 'mock' && result.result === 'not_exercised')));
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

