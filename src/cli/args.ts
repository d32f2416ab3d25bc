import { relative, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A mistake in how a script was called: printed with the usage line, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseFlags<const T extends Options>(argv: string[], options: T, usage: string) {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${usage}`);
  }
}

export const SPEC_FLAGS = {
  spec: { type: 'string' },
  config: { type: 'string' },
} as const satisfies Options;

/**
 * The output folder for a spec. generated/ belongs to the default spec: another spec
 * must name its own --out, so the committed files are never overwritten by accident.
 */
export function outDirFor(flags: { spec?: string; out?: string }, defaults: { spec: string; outDir: string }, usage: string): string {
  if (flags.out) return resolve(flags.out);
  if (flags.spec === undefined || resolve(flags.spec) === defaults.spec) return defaults.outDir;
  throw new UsageError(`--out is required with --spec ${flags.spec}: ${relative(process.cwd(), defaults.outDir) || defaults.outDir}/ holds the default spec's committed files.\n${usage}`);
}
