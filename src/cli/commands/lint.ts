import { UsageError } from '../../pipeline/usage-error.js';
import { resolveTargets } from '../../pipeline/project.js';
import { lintApi, lintApiFlows } from '../../pipeline/lint-job.js';
import type { CliIo } from '../main.js';
import { EXIT, UNUSABLE_SPEC_RULES } from '../exit-codes.js';
import { stringFlag, targetFlags } from '../flags.js';
import { appendStepSummary, lintSummary } from '../step-summary.js';
import { fail, formatProblem, ok, shown } from '../style.js';

// Listed here, not imported from redocly-format.ts: that module loads Redocly, which a
// text run never needs. A unit test holds the two lists equal.
export const LINT_FORMATS = ['text', 'stylish', 'codeframe', 'json', 'checkstyle', 'codeclimate', 'github-actions', 'markdown', 'junit', 'summary'];

export async function run(flags: Record<string, unknown>, _args: unknown[], io: CliIo): Promise<number> {
  const format = stringFlag(flags, 'format') ?? 'text';
  if (!LINT_FORMATS.includes(format)) throw new UsageError(`--format ${format} is not a format: use ${LINT_FORMATS.join(', ')}.`);
  const { targets } = resolveTargets(targetFlags(flags), io.cwd);
  let errors = 0;
  let unusable = false;
  for (const target of targets) {
    for (const result of [await lintApi(target), ...(await lintApiFlows(target))]) await report(target, result);
  }
  // A $ref that leads nowhere leaves no spec to work with: that is an unusable input, not a finding.
  return unusable ? EXIT.usage : errors > 0 ? EXIT.findings : EXIT.clean;

  async function report(target: (typeof targets)[number], result: Awaited<ReturnType<typeof lintApi>>) {
    errors += result.errorCount;
    unusable ||= result.problems.some((problem) => problem.severity === 'error' && UNUSABLE_SPEC_RULES.has(problem.rule));
    const name = `${target.name ? `${target.name} ` : ''}(${shown(result.spec, io.cwd)})`;
    await appendStepSummary(io, lintSummary(name, result.problems, io.cwd));
    if (format !== 'text') {
      const { printRedoclyFormat } = await import('../redocly-format.js');
      printRedoclyFormat(result.redoclyProblems, format);
      return;
    }
    if (result.problems.length === 0) io.out(ok(`${name}: no problems`));
    else {
      const summary = `${name}: ${result.errorCount} error(s), ${result.warningCount} warning(s)`;
      io.out(result.errorCount > 0 ? fail(summary) : ok(summary));
      for (const problem of result.problems) io.out(`  ${formatProblem(problem)}`);
    }
  }
}
