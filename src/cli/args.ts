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
