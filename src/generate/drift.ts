import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OutputFile } from './atomic-write.js';

export interface StaleFile {
  file: string;
  reason: 'missing' | 'out of date';
}

/** Files in `outDir` that differ from what the spec generates. */
export async function findStaleFiles(outDir: string, expected: OutputFile[]): Promise<StaleFile[]> {
  const stale: StaleFile[] = [];
  for (const file of expected) {
    const path = join(outDir, file.name);
    const actual = await readFile(path, 'utf8').catch(() => undefined);
    if (actual === undefined) stale.push({ file: path, reason: 'missing' });
    else if (actual !== file.content) stale.push({ file: path, reason: 'out of date' });
  }
  return stale;
}
