import { checkApi } from '../../pipeline/generate-job.js';
import { resolveTargets, type TargetFlags } from '../../pipeline/project.js';
import type { CliIo } from '../main.js';
import { EXIT } from '../exit-codes.js';
import { targetFlags } from '../flags.js';
import { fail, ok, shown } from '../style.js';

/** The command a person runs to bring the files back in line, with the same flags. */
export function fixCommand(flags: TargetFlags): string {
  const extra = (['spec', 'api', 'config', 'out'] as const).filter((name) => flags[name] !== undefined).map((name) => `--${name} ${flags[name]}`);
  return ['authkit generate', ...extra].join(' ');
}

export async function run(flags: Record<string, unknown>, _args: unknown[], io: CliIo): Promise<number> {
  const given = targetFlags(flags);
  const { targets } = resolveTargets(given, io.cwd);
  let stale = 0;
  for (const target of targets) {
    const outcome = await checkApi(target, { useCache: flags.cache !== false });
    const label = target.name ? `${target.name}: ` : '';
    for (const file of outcome.stale) io.err(fail(`${label}${shown(file.file, io.cwd)} is ${file.reason} with the spec: run \`${fixCommand(given)}\``));
    if (outcome.stale.length === 0) io.out(ok(`${label}${shown(outcome.outDir, io.cwd)}/ matches the spec`));
    stale += outcome.stale.length;
  }
  return stale === 0 ? EXIT.clean : EXIT.findings;
}
