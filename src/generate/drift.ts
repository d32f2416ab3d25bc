import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '@redocly/openapi-core';
import { buildArtifacts } from './generate.js';

export interface StaleFile {
  file: string;
  reason: 'missing' | 'out of date';
}

/** Files in `outDir` that no longer match what the spec generates. */
export async function findStaleFiles(options: { spec: string; config: Config; outDir: string }): Promise<StaleFile[]> {
  const { files } = await buildArtifacts(options);
  const stale: StaleFile[] = [];
  for (const expected of files) {
    const file = join(options.outDir, expected.name);
    const actual = await readFile(file, 'utf8').catch(() => undefined);
    if (actual === undefined) stale.push({ file, reason: 'missing' });
    else if (actual !== expected.content) stale.push({ file, reason: 'out of date' });
  }
  return stale;
}
