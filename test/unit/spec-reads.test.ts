import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runContractJob } from '../../src/pipeline/contract-job.js';
import { generateApi } from '../../src/pipeline/generate-job.js';
import { ROOT } from '../helpers/paths.js';
import { target } from '../helpers/targets.js';
import { tempDir } from '../helpers/temp-dir.js';

const SPEC_DIR = join(ROOT, 'spec');

/**
 * Counts every read of a file under spec/, whoever reads it: Redocly (fs.promises),
 * our own modules (named imports of node:fs/promises, re-synced to the spies) and
 * synchronous reads.
 */
function countSpecReads(): Map<string, number> {
  const reads = new Map<string, number>();
  const count = (path: unknown) => {
    const file = String(path instanceof URL ? path.pathname : path);
    if (file.startsWith(SPEC_DIR)) reads.set(file, (reads.get(file) ?? 0) + 1);
  };
  const readFile = fs.promises.readFile;
  const readFileSync = fs.readFileSync;
  vi.spyOn(fs.promises, 'readFile').mockImplementation(((path: fs.PathLike, ...rest: unknown[]) => (count(path), (readFile as (...args: unknown[]) => unknown)(path, ...rest))) as typeof readFile);
  vi.spyOn(fs, 'readFileSync').mockImplementation(((path: fs.PathOrFileDescriptor, ...rest: unknown[]) => (count(path), (readFileSync as (...args: unknown[]) => unknown)(path, ...rest))) as typeof readFileSync);
  syncBuiltinESMExports();
  return reads;
}

afterEach(() => {
  vi.restoreAllMocks();
  syncBuiltinESMExports();
});

describe('one read of the spec per run', () => {
  it('a contract run reads each file of the spec exactly once: version check, lint, bundle and mock included', async () => {
    const reads = countSpecReads();
    const run = await runContractJob({ target: target({ api: 'auth' }) });
    expect(run.pairs.filter((pair) => pair.result !== 'pass').map((pair) => pair.id)).toEqual([]);
    // The Arazzo files beside the spec are flows, not the spec: a contract run has no use for them.
    const files = fs.readdirSync(SPEC_DIR, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile() && !entry.name.endsWith('.arazzo.yaml')).map((entry) => join(entry.parentPath, entry.name));
    expect(Object.fromEntries(reads)).toEqual(Object.fromEntries(files.map((file) => [file, 1])));
  });

  it('generate (with nothing cached) reads each file of the spec once to build, and once more to record its hash', async () => {
    const reads = countSpecReads();
    await generateApi(target({ api: 'auth', out: await tempDir('reads-') }));
    expect(new Set(reads.values())).toEqual(new Set([2]));
    expect(reads.size).toBe(fs.readdirSync(SPEC_DIR, { recursive: true }).filter((name) => String(name).endsWith('.yaml') && !String(name).endsWith('.arazzo.yaml')).length);
  });
});
