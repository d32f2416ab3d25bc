import { resolve } from 'node:path';
import { flowsAnnotations, flowsMarkdownSummary, formatFlowsTable, writeFlowsReports } from '../../flows/flow-report.js';
import { flowsFailed } from '../../flows/flow-results.js';
import { runFlowsJob } from '../../pipeline/flows-job.js';
import { resolveSingleTarget } from '../../pipeline/project.js';
import { UsageError } from '../../pipeline/usage-error.js';
import type { CliIo } from '../main.js';
import { EXIT } from '../exit-codes.js';
import { mockStateFlags, stringFlag, targetFlags } from '../flags.js';
import { workflowCommand } from '../github-command.js';
import { appendStepSummary } from '../step-summary.js';
import { formatProblem, shown, warn } from '../style.js';

export async function run(flags: Record<string, unknown>, _args: unknown[], io: CliIo): Promise<number> {
  const baseUrl = stringFlag(flags, 'baseUrl');
  const answeredBy = stringFlag(flags, 'target') ?? 'mock';
  if (answeredBy !== 'mock' && answeredBy !== 'msw') throw new UsageError(`--target must be mock or msw, got "${answeredBy}".`);
  if (answeredBy === 'msw' && baseUrl) throw new UsageError('--target msw runs the flows against the spec\'s MSW handlers in this process: it does not go with --base-url.');
  const state = mockStateFlags(flags);
  if (baseUrl && (state.stateless || state.seed !== undefined)) throw new UsageError(`--base-url runs the flows against a live server, whose memory is its own: ${state.stateless ? '--stateless' : '--seed'} does not go with it.`);
  const target = resolveSingleTarget(targetFlags(flags), io.cwd);
  const env = io.env ?? process.env;
  const runs = await runFlowsJob({
    target,
    baseUrl,
    answeredBy,
    workflowIds: listFlag(flags.workflow),
    inputs: inputsOf(flags.input),
    strict: flags.strict === true,
    state,
    onTolerated: (loaded) => {
      io.err(warn(`lint found ${loaded.tolerated.length} problem(s); the flows run anyway:`));
      for (const problem of loaded.tolerated) io.err(`  ${formatProblem(problem)}`);
    },
  });
  io.out(formatFlowsTable(runs));
  const written = await writeFlowsReports(runs, resolve(io.cwd, stringFlag(flags, 'reports') ?? 'reports'));
  io.out(`\nreports: ${shown(written.json, io.cwd)}, ${shown(written.junit, io.cwd)}`);
  await appendStepSummary(io, flowsMarkdownSummary(runs));
  if (env.GITHUB_ACTIONS === 'true') for (const annotation of flowsAnnotations(runs)) io.out(workflowCommand({ level: 'error', title: annotation.title, message: annotation.message }));
  return runs.some(flowsFailed) ? EXIT.findings : EXIT.clean;
}

/** `--workflow a --workflow b` (cac gives a list for a repeated flag, a value for one). */
function listFlag(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const values = (Array.isArray(value) ? value : [value]).map(String);
  if (values.some((item) => item === 'true' || item === '')) throw new UsageError('--workflow needs a workflowId.');
  return values;
}

/** `--input email=a@example.com --input count=3`. */
function inputsOf(value: unknown): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  const inputs: Record<string, string> = {};
  for (const item of (Array.isArray(value) ? value : [value]).map(String)) {
    const equals = item.indexOf('=');
    if (equals <= 0) throw new UsageError(`--input takes name=value, got "${item}".`);
    inputs[item.slice(0, equals)] = item.slice(equals + 1);
  }
  return inputs;
}
