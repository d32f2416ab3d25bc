import { checkApi } from '../../pipeline/generate-job.js';
import { resolveTargets, type TargetFlags } from '../../pipeline/project.js';
import type { CliIo } from '../main.js';
import { EXIT } from '../exit-codes.js';
import { targetFlags } from '../flags.js';
import { appendStepSummary, cell } from '../step-summary.js';
import { fail, ok, shown } from '../style.js';

/** The command a person runs to bring the files back in line, with the same flags, ready to paste into a shell. */
export function fixCommand(flags: TargetFlags): string {
  const extra = (['spec', 'api', 'config', 'out'] as const).filter((name) => flags[name] !== undefined).map((name) => `--${name} ${shellQuote(String(flags[name]))}`);
  return ['authkit generate', ...extra, ...(flags.allowRemoteRefs ? ['--allow-remote-refs'] : [])].join(' ');
}

// POSIX single quotes: nothing inside is special but the quote itself. Four lines of
// our own rather than a dependency for one call.
function shellQuote(value: string): string {
  return /^[\w./:@%+=,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

export async function run(flags: Record<string, unknown>, _args: unknown[], io: CliIo): Promise<number> {
  const given = targetFlags(flags);
  const { targets } = resolveTargets(given, io.cwd);
  let stale = 0;
  for (const target of targets) {
    const outcome = await checkApi(target, { useCache: flags.cache !== false, strict: flags.strict === true });
    const label = target.name ? `${target.name}: ` : '';
    for (const file of outcome.stale) io.err(fail(`${label}${shown(file.file, io.cwd)} is ${file.reason} with the spec: run \`${fixCommand(given)}\``));
    if (outcome.stale.length === 0) io.out(ok(`${label}${shown(outcome.outDir, io.cwd)}/ matches the spec`));
    await appendStepSummary(
      io,
      outcome.stale.length === 0
        ? `### ✅ Drift gate: ${cell(`${label}${shown(outcome.outDir, io.cwd)}/`)} matches the spec`
        : [`### ❌ Drift gate: ${cell(`${label}${outcome.stale.length}`)} generated file(s) out of step with the spec`, '', '| file | state | fix |', '| --- | --- | --- |', ...outcome.stale.map((file) => `| \`${cell(shown(file.file, io.cwd))}\` | ${cell(file.reason)} | \`${cell(fixCommand(given))}\` |`)].join('\n'),
    );
    stale += outcome.stale.length;
  }
  return stale === 0 ? EXIT.clean : EXIT.findings;
}
