import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OpenApiDocument } from '../openapi/document.js';

/** The bundled document as a file for Prism, which only reads files; removed by dispose(). */
export async function writeTempBundle(document: OpenApiDocument): Promise<{ file: string; dispose(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'contract-spec-'));
  const file = join(dir, 'openapi.json');
  await writeFile(file, JSON.stringify(document));
  return { file, dispose: () => rm(dir, { recursive: true, force: true }) };
}
