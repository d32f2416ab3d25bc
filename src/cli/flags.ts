import type { Shard } from '../contract/shard.js';
import type { TargetFlags } from '../pipeline/project.js';
import { UsageError } from '../pipeline/usage-error.js';

// cac hands over numbers for numeric-looking values and arrays for repeated flags;
// commands want one string each, checked here once.
function single(flags: Record<string, unknown>, name: string): string | undefined {
  const value = flags[name];
  if (value === undefined) return undefined;
  if (Array.isArray(value)) throw new UsageError(`--${kebab(name)} was given ${value.length} times; give it once.`);
  if (typeof value === 'boolean') throw new UsageError(`--${kebab(name)} needs a value.`);
  return String(value);
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

export function stringFlag(flags: Record<string, unknown>, name: string): string | undefined {
  return single(flags, name);
}

export function targetFlags(flags: Record<string, unknown>): TargetFlags {
  return { spec: single(flags, 'spec'), api: single(flags, 'api'), config: single(flags, 'config'), out: single(flags, 'out'), allowRemoteRefs: flags.allowRemoteRefs === true };
}

export function positiveInteger(flags: Record<string, unknown>, name: string): number | undefined {
  const value = single(flags, name);
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new UsageError(`--${kebab(name)} must be a positive integer, got "${value}".`);
  return parsed;
}

export function portFlag(flags: Record<string, unknown>): number | undefined {
  const port = positiveInteger(flags, 'port');
  if (port !== undefined && port > 65_535) throw new UsageError(`--port must be a port number (1-65535), got "${port}".`);
  return port;
}

/** `--shard <i>/<n>`: the `i`th of `n` slices, with whole numbers 1 ≤ i ≤ n. */
export function shardFlag(flags: Record<string, unknown>): Shard | undefined {
  const value = single(flags, 'shard');
  if (value === undefined) return undefined;
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  const shard = match ? { index: Number(match[1]), total: Number(match[2]) } : undefined;
  if (!shard || shard.index < 1 || shard.index > shard.total || !Number.isSafeInteger(shard.total)) {
    throw new UsageError(`--shard must be <i>/<n> with whole numbers 1 ≤ i ≤ n (2/3 is the second of three slices), got "${value}".`);
  }
  return shard;
}

/** `--stateless`, `--seed <n>` (a whole number, 0 or more) and `--strict-examples`: what the mock remembers, and how it answers a broken example. */
export function mockStateFlags(flags: Record<string, unknown>): { stateless: boolean; seed: number | undefined; strictExamples: boolean } {
  const value = single(flags, 'seed');
  let seed: number | undefined;
  if (value !== undefined) {
    seed = Number(value);
    if (!Number.isSafeInteger(seed) || seed < 0) throw new UsageError(`--seed must be a whole number (0 or more), got "${value}".`);
  }
  return { stateless: flags.stateless === true, seed, strictExamples: flags.strictExamples === true };
}
