import { prismSharedValidators } from './prism-shared-validators.js';

/**
 * Prism's validator builds its ajv instances in one module, with options of its own and no
 * word on ajv's code optimizer, which is on by default. The optimizer rewrites each
 * validator's generated code before it is compiled, to validate faster; but Prism compiles
 * a validator for each schema it meets (each operation's request and answer), and most of
 * them check a handful of values. Off, the validators accept and refuse the same values with
 * the same errors (ajv's own promise: the optimizer only simplifies code), for less CPU:
 * the parity file's Prism CLIs and engine, 115-126 s of CPU with it, 109-112 s without
 * (two alternated runs each).
 *
 * Both copies of Prism get the one option: the build's bundle (scripts/bundle-vendors.js),
 * which the engine runs, and the CLI's own package, which prism-cli-preload.ts loads
 * patched. If Prism builds its ajv elsewhere, the build stops, and the CLI runs as published.
 */
export const PRISM_AJV_MODULE = '@stoplight/prism-http/dist/validator/validators/utils.js';

/** The start of the options every ajv instance of Prism's validator is built with. */
const AJV_OPTIONS = 'const baseAjvOptions = {';

/** `source` (Prism's PRISM_AJV_MODULE, read from `file`) with ajv's code optimizer off. Throws, naming the file, where Prism builds its options otherwise. */
export function prismAjvWithoutOptimizer(source: string, file: string): string {
  if (source.split(AJV_OPTIONS).length !== 2) {
    throw new Error(`${file}: expected one \`${AJV_OPTIONS}\` where Prism's validator builds its ajv, to turn ajv's code optimizer off there; this version of Prism builds it elsewhere`);
  }
  return source.replace(AJV_OPTIONS, `${AJV_OPTIONS} code: { optimize: false },`);
}

/** Prism's validator module as both copies of Prism run it: ajv's optimizer off, and validators shared (prism-shared-validators.ts). */
export function patchPrismValidator(source: string, file: string): string {
  return prismSharedValidators(prismAjvWithoutOptimizer(source, file), file);
}
