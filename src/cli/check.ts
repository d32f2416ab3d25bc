import { relative } from 'node:path';
import { DEFAULT_OUT_DIR, DEFAULT_SPEC } from '../project-root.js';
import { findStaleFiles } from '../generate/drift.js';
import { loadLintConfig } from '../spec/lint-config.js';
import { outDirFor, parseFlags, SPEC_FLAGS } from './args.js';

const USAGE = 'usage: npm run check -- [--spec <path>] [--config <redocly.yaml>] [--out <dir>]';

/** The command a person runs to bring `outDir` back in line, with the same flags. */
export function fixCommand(flags: { spec?: string; config?: string; out?: string }): string {
  const extra = [flags.spec && `--spec ${flags.spec}`, flags.config && `--config ${flags.config}`, flags.out && `--out ${flags.out}`].filter(Boolean);
  return extra.length > 0 ? `npm run generate -- ${extra.join(' ')}` : 'npm run generate';
}

export async function main(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, { ...SPEC_FLAGS, out: { type: 'string' } }, USAGE);
  if (flags.help) return void console.log(USAGE), 0;
  const config = await loadLintConfig(flags.config);
  const stale = await findStaleFiles({ spec: flags.spec ?? DEFAULT_SPEC, config, outDir: outDirFor(flags, { spec: DEFAULT_SPEC, outDir: DEFAULT_OUT_DIR }, USAGE) });
  for (const file of stale) {
    console.error(`✖ ${relative(process.cwd(), file.file)} is ${file.reason} with the spec: run \`${fixCommand(flags)}\``);
  }
  if (stale.length === 0) console.log('✔ generated/ matches the spec');
  return stale.length === 0 ? 0 : 1;
}
