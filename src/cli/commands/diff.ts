import { annotationsOf, diffFails, toJson, toMarkdown } from '../../diff/format-diff.js';
import { workflowCommand } from '../github-command.js';
import { runDiffJob } from '../../pipeline/diff-job.js';
import { resolveSingleTarget } from '../../pipeline/project.js';
import { UsageError } from '../../pipeline/usage-error.js';
import type { CliIo } from '../main.js';
import { EXIT } from '../exit-codes.js';
import { stringFlag, targetFlags } from '../flags.js';
import { appendStepSummary } from '../step-summary.js';
import { bold, dim, fail, ok, warn } from '../style.js';

export const DIFF_FORMATS = ['text', 'markdown', 'github-actions', 'json'];

export async function run(flags: Record<string, unknown>, _args: unknown[], io: CliIo): Promise<number> {
  const format = stringFlag(flags, 'format') ?? 'text';
  if (!DIFF_FORMATS.includes(format)) throw new UsageError(`--format ${format} is not a format: use ${DIFF_FORMATS.join(', ')}.`);
  const target = resolveSingleTarget(targetFlags(flags), io.cwd);
  const diff = await runDiffJob({ target, base: stringFlag(flags, 'base'), head: stringFlag(flags, 'head'), cwd: io.cwd });
  if (format === 'markdown') io.out(toMarkdown(diff));
  else if (format === 'json') io.out(toJson(diff));
  else if (format === 'github-actions') for (const annotation of annotationsOf(diff)) io.out(workflowCommand(annotation));
  else {
    const breaking = diff.changes.filter((change) => change.breaking).length;
    const heading = `${diff.head.title}: ${diff.base.version} (${diff.base.label}) → ${diff.head.version} (${diff.head.label}): ${diff.changes.length} change(s), ${breaking} breaking`;
    io.out(diff.changes.length === 0 ? ok(`${heading}; the contract is unchanged`) : diffFails(diff) ? fail(heading) : breaking > 0 ? warn(`${heading}, announced by the new major version`) : ok(heading));
    for (const change of diff.changes) {
      const mark = change.breaking ? bold('breaking') : dim('ok      ');
      io.out(`  ${mark}  ${change.operation ?? ''}  ${change.where === 'operation' ? '' : `${change.where}: `}${change.message} ${dim(`[${change.kind}]`)}`);
    }
  }
  // The changelog, one heading level down, under the gate's verdict.
  const verdict = `### ${diffFails(diff) ? '❌' : '✅'} Breaking-change gate: `;
  await appendStepSummary(io, toMarkdown(diff).replace(/^## /, verdict).replace(/^### (⚠️|Other)/gm, '#### $1'));
  return diffFails(diff) ? EXIT.findings : EXIT.clean;
}
