import { resolve } from 'node:path';
import { formatCoverageTable, runFailed, writeReports } from '../../contract/report.js';
import { mergeContractReports } from '../../pipeline/contract-job.js';
import type { CliIo } from '../main.js';
import { EXIT } from '../exit-codes.js';
import { stringFlag } from '../flags.js';
import { shown } from '../style.js';

/** `authkit contract merge <reports…>`: the slices of a sharded run as one run's table, reports and exit code. */
export async function run(flags: Record<string, unknown>, args: unknown[], io: CliIo): Promise<number> {
  const run = await mergeContractReports(args.map(String), io.cwd);
  io.out(formatCoverageTable(run));
  const written = await writeReports(run, resolve(io.cwd, stringFlag(flags, 'reports') ?? 'reports'));
  io.out(`\nreports: ${shown(written.json, io.cwd)}, ${shown(written.junit, io.cwd)}`);
  return runFailed(run) ? EXIT.findings : EXIT.clean;
}
