import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTempDir } from '../lifecycle/temp-dir.js';
import type { OpenApiDocument } from '../openapi/document.js';

/**
 * The bundled document as a file for Prism, which only reads files. Its folder is
 * removed by dispose(), and on any exit of this process.
 */
export async function writeTempBundle(document: OpenApiDocument): Promise<{ file: string; dir: string; dispose(): Promise<void> }> {
  const temp = await createTempDir('authkit-spec-');
  const file = join(temp.dir, 'openapi.json');
  await writeFile(file, JSON.stringify(document));
  return { file, dir: temp.dir, dispose: temp.dispose };
}
