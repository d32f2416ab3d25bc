import { annotationsOf, toMarkdownSummary } from '../../contract/github-report.js';
import { formatCoverageTable, runFailed, writeReports } from '../../contract/report.js';
import { runContractJob } from '../../pipeline/contract-job.js';
import { resolveSingleTarget } from '../../pipeline/project.js';
import { UsageError } from '../../pipeline/usage-error.js';
import type { CliIo } from '../main.js';
import { EXIT } from '../exit-codes.js';
import { mockStateFlags, portFlag, positiveInteger, shardFlag, stringFlag, targetFlags } from '../flags.js';
import { workflowCommand } from '../github-command.js';
import { createProgressLine } from '../progress-line.js';
import { appendStepSummary } from '../step-summary.js';
import { formatProblem, shown, warn } from '../style.js';
import { resolve } from 'node:path';

export async function run(flags: Record<string, unknown>, _args: unknown[], io: CliIo): Promise<number> {
  const baseUrl = stringFlag(flags, 'baseUrl');
  const proxy = stringFlag(flags, 'proxy');
  if (baseUrl && proxy) throw new UsageError('--base-url and --proxy do not go together: test a live server directly, or through the proxy.');
  const answeredBy = stringFlag(flags, 'target') ?? 'mock';
  if (answeredBy !== 'mock' && answeredBy !== 'msw') throw new UsageError(`--target must be mock or msw, got "${answeredBy}".`);
  if (answeredBy === 'msw' && (baseUrl || proxy)) throw new UsageError(`--target msw tests the spec's MSW handlers in this process: it does not go with ${baseUrl ? '--base-url' : '--proxy'}.`);
  const shard = shardFlag(flags);
  const state = mockStateFlags(flags);
  if (baseUrl && (state.stateless || state.seed !== undefined)) throw new UsageError(`--base-url tests a live server, whose memory is its own: ${state.stateless ? '--stateless' : '--seed'} does not go with it.`);
  if ((baseUrl || proxy) && state.strictExamples) throw new UsageError(`--strict-examples is how the mock answers a broken example: it does not go with ${baseUrl ? '--base-url' : '--proxy'}, where a server answers.`);
  const sessionFlow = stringFlag(flags, 'sessionFlow');
  if (sessionFlow && !baseUrl) throw new UsageError('--session-flow signs in to a live server: it goes with --base-url (the mock is told with respond-with, and forced statuses need no session).');
  const target = resolveSingleTarget(targetFlags(flags), io.cwd);
  const env = io.env ?? process.env;
  const progress = createProgressLine(io.progress ?? { write: () => undefined }, { delayMs: progressDelayMs(env) });
  const running = runContractJob({
    target,
    baseUrl,
    proxy,
    answeredBy,
    port: portFlag(flags),
    workers: positiveInteger(flags, 'workers'),
    concurrency: positiveInteger(flags, 'concurrency'),
    strict: flags.strict === true,
    shard,
    state,
    sessionFlow,
    onProgress: (done) => progress.update(done),
    onTolerated: (loaded) => {
      io.err(warn(`lint found ${loaded.tolerated.length} problem(s); the run goes on and shows which pairs they break:`));
      for (const problem of loaded.tolerated) io.err(`  ${formatProblem(problem)}`);
    },
  });
  const run = await running.finally(() => progress.finish());
  io.out(formatCoverageTable(run, { strict: flags.strict === true }));
  const written = await writeReports(run, resolve(io.cwd, stringFlag(flags, 'reports') ?? 'reports'));
  io.out(`\nreports: ${shown(written.json, io.cwd)}, ${shown(written.junit, io.cwd)}`);
  // On GitHub Actions: the table in the job's summary, and each failure as an annotation.
  await appendStepSummary(io, toMarkdownSummary(run, { strict: flags.strict === true }));
  if (env.GITHUB_ACTIONS === 'true') for (const annotation of annotationsOf(run)) io.out(workflowCommand(annotation));
  return runFailed(run, { strict: flags.strict === true }) ? EXIT.findings : EXIT.clean;
}

/**
 * AUTHKIT_PROGRESS_DELAY_MS: how long a run stays quiet before its progress line shows
 * (default a second). 0 shows it at once, for a run too short to reach the default.
 */
function progressDelayMs(env: NodeJS.ProcessEnv): number | undefined {
  const value = env.AUTHKIT_PROGRESS_DELAY_MS;
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`AUTHKIT_PROGRESS_DELAY_MS must be a whole number of milliseconds, got "${value}".`);
  return Number(value);
}
