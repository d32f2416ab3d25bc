import { relative } from 'node:path';
import { DEFAULT_OUT_DIR, DEFAULT_SPEC } from '../project-root.js';
import { generate } from '../generate/generate.js';
import { loadLintConfig } from '../spec/lint-config.js';
import { outDirFor, parseFlags, SPEC_FLAGS } from './args.js';

const USAGE = 'usage: npm run generate -- [--spec <path>] [--config <redocly.yaml>] [--out <dir>]';

export async function main(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, { ...SPEC_FLAGS, out: { type: 'string' } }, USAGE);
  if (flags.help) return void console.log(USAGE), 0;
  const config = await loadLintConfig(flags.config);
  const outDir = outDirFor(flags, { spec: DEFAULT_SPEC, outDir: DEFAULT_OUT_DIR }, USAGE);
  const { written } = await generate({ spec: flags.spec ?? DEFAULT_SPEC, config, outDir });
  if (written.length === 0) console.log(`✔ ${relative(process.cwd(), outDir) || '.'} already matches the spec; nothing written`);
  else console.log(`✔ generated ${written.map((file) => relative(process.cwd(), file)).join(', ')}`);
  return 0;
}
