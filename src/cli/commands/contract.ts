import { formatCoverageTable, runFailed, writeReports } from '../../contract/report.js';
import { runContractJob } from '../../pipeline/contract-job.js';
import { resolveSingleTarget } from '../../pipeline/project.js';
import { UsageError } from '../../pipeline/usage-error.js';
import type { CliIo } from '../main.js';
import { EXIT } from '../exit-codes.js';
import { portFlag, positiveInteger, shardFlag, stringFlag, targetFlags } from '../flags.js';
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
  const target = resolveSingleTarget(targetFlags(flags), io.cwd);
  const run = await runContractJob({
    target,
    baseUrl,
    proxy,
    answeredBy,
    port: portFlag(flags),
    workers: positiveInteger(flags, 'workers'),
    concurrency: positiveInteger(flags, 'concurrency'),
    strict: flags.strict === true,
    shard,
    onTolerated: (loaded) => {
      io.err(warn(`lint found ${loaded.tolerated.length} problem(s); the run goes on and shows which pairs they break:`));
      for (const problem of loaded.tolerated) io.err(`  ${formatProblem(problem)}`);
    },
  });
  io.out(formatCoverageTable(run));
  const written = await writeReports(run, resolve(io.cwd, stringFlag(flags, 'reports') ?? 'reports'));
  io.out(`\nreports: ${shown(written.json, io.cwd)}, ${shown(written.junit, io.cwd)}`);
  return runFailed(run) ? EXIT.findings : EXIT.clean;
}
