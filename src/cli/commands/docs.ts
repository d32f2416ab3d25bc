import { DEFAULT_DOCS_FILE, writeDocsPage } from '../../pipeline/docs-job.js';
import { resolveSingleTarget } from '../../pipeline/project.js';
import type { CliIo } from '../main.js';
import { EXIT } from '../exit-codes.js';
import { stringFlag, targetFlags } from '../flags.js';
import { formatProblem, ok, shown, warn } from '../style.js';

export async function run(flags: Record<string, unknown>, _args: unknown[], io: CliIo): Promise<number> {
  // --out names the page here, not an output folder: the target is resolved without it.
  const target = resolveSingleTarget({ ...targetFlags(flags), out: undefined }, io.cwd);
  const outcome = await writeDocsPage(target, { out: stringFlag(flags, 'out') ?? DEFAULT_DOCS_FILE, cwd: io.cwd, strict: flags.strict === true, codeSamples: flags.codeSamples !== false });
  if (outcome.tolerated.length > 0) {
    io.err(warn(`lint found ${outcome.tolerated.length} error(s); the page was written anyway (--strict stops on errors):`));
    for (const problem of outcome.tolerated) io.err(`  ${formatProblem(problem)}`);
  }
  io.out(ok(`wrote ${shown(outcome.file, io.cwd)}: ${outcome.operations} operation(s), ${(outcome.bytes / 1024).toFixed(0)} KiB, self-contained (opens from file://, loads nothing)`));
  return EXIT.clean;
}
