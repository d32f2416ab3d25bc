import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTempDir } from '../lifecycle/temp-dir.js';
import type { OpenApiDocument } from '../openapi/document.js';

export interface TempBundle {
  file: string;
  dir: string;
  dispose(): Promise<void>;
}

/**
 * The bundled document as a file for Prism, which only reads files. Its folder is
 * removed by dispose(), and on any exit of this process.
 */
export async function writeTempBundle(document: OpenApiDocument): Promise<TempBundle> {
  const bundle = await reserveTempBundle();
  await bundle.write(document);
  return bundle;
}

/**
 * Where the bundle will be, before there is one: a mock can start on the path (see
 * startMockWithHandoff) while the spec is still linted and bundled. write() puts it there.
 */
export async function reserveTempBundle(): Promise<TempBundle & { write(document: OpenApiDocument): Promise<void> }> {
  const temp = await createTempDir('authkit-spec-');
  const file = join(temp.dir, 'openapi.json');
  return { file, dir: temp.dir, dispose: temp.dispose, write: (document) => writeFile(file, JSON.stringify(document)) };
}
