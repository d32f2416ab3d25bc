import { mkdtempSync, rmSync, statfsSync } from 'node:fs';

/** Below this much free room, /dev/shm is left alone (Docker gives it 64 MB): the run writes about 300 MB at its peak. */
const ENOUGH_ROOM = 2 * 1024 ** 3;

/**
 * The environment that puts the run's temporary folders in memory: TMPDIR in a folder of
 * its own under /dev/shm, removed when the run ends.
 *
 * The tests write tens of thousands of small files in temporary folders (npm unpacks the
 * packed package's 21,000, every CLI run writes a bundle, types and reports). On this
 * project's virtual disk, creating and removing them was most of the run's system time:
 * seven of the heaviest files, side by side, took 201-211 s of CPU with their folders on
 * disk and 169-173 s in memory. What the tests run and check is the same; only where
 * their scratch files live changes.
 *
 * Left alone: a TMPDIR the developer set, a system with no /dev/shm (macOS, Windows) or
 * with too little room in it.
 */
export function scratchInMemory(): Record<string, string> {
  // vitest reads its config once for the root and once per project, in one process: one folder for all.
  const shared = globalThis as { authkitScratchInMemory?: Record<string, string> };
  shared.authkitScratchInMemory ??= inMemoryEnv();
  return shared.authkitScratchInMemory;
}

function inMemoryEnv(): Record<string, string> {
  if (process.env.TMPDIR) return {};
  try {
    const { bavail, bsize } = statfsSync('/dev/shm');
    if (bavail * bsize < ENOUGH_ROOM) return {};
    const dir = mkdtempSync('/dev/shm/authkit-test-');
    // vitest's main process reads the config, and outlives every worker.
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    return { TMPDIR: dir };
  } catch {
    return {};
  }
}
