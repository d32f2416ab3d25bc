import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { atExit } from './exit-tasks.js';

export interface TempDir {
  dir: string;
  dispose(): Promise<void>;
}

/**
 * A folder in the system temp directory that goes away on dispose(), and also when the
 * process ends any other way: on exit, on SIGINT/SIGTERM/SIGHUP, or on a crash. (A
 * SIGKILL leaves no chance; the mock's Prism child removes what it was told to then.)
 */
export async function createTempDir(prefix: string): Promise<TempDir> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const forget = atExit(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    dispose: async () => {
      forget();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
