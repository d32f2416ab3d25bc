import { generateApi } from '../../pipeline/generate-job.js';
import { resolveTargets } from '../../pipeline/project.js';
import type { CliIo } from '../main.js';
import { EXIT } from '../exit-codes.js';
import { targetFlags } from '../flags.js';
import { formatProblem, ok, shown, warn } from '../style.js';

export async function run(flags: Record<string, unknown>, _args: unknown[], io: CliIo): Promise<number> {
  const { targets } = resolveTargets(targetFlags(flags), io.cwd);
  for (const target of targets) {
    const outcome = await generateApi(target, { useCache: flags.cache !== false, strict: flags.strict === true });
    const label = target.name ? `${target.name}: ` : '';
    if (outcome.findings.length > 0) {
      const errors = outcome.findings.filter((problem) => problem.severity === 'error').length;
      io.err(warn(`${label}lint found ${errors} error(s) and ${outcome.findings.length - errors} warning(s); generated anyway (--strict stops on errors):`));
      for (const problem of outcome.findings) io.err(`  ${formatProblem(problem)}`);
    }
    if (outcome.written.length === 0) {
      io.out(ok(`${label}${shown(outcome.outDir, io.cwd)}/ already matches the spec${outcome.unchanged ? ' (no input changed since the last generate)' : ''}; nothing written`));
    } else {
      const removed = outcome.removed.length ? `; removed ${outcome.removed.map((file) => shown(file, io.cwd)).join(', ')} (no longer generated)` : '';
      io.out(ok(`${label}generated ${outcome.written.map((file) => shown(file, io.cwd)).join(', ')}${removed}`));
    }
  }
  return EXIT.clean;
}
