import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { IHttpOperation } from '@stoplight/types';
import { cacheDir } from '../../cache/cache-dir.js';
import { hasExternalRefs } from '../../openapi/external-refs.js';
import { PRISM_HTTP_VERSION, prismHttp } from './prism-modules.js';
import { shareIdenticalNodes, shareIdenticalParameterLists } from './share-identical.js';


/** Bumped when what is cached changes shape (3: identical schemas shared; 4: identical parameter lists too). */
const CACHE_FORMAT = 4;

export interface LoadedOperations {
  operations: IHttpOperation[];
  /** Whether they came from the cache (a warm start) or were parsed now. */
  cached: boolean;
}

/**
 * Prism's operations for a spec, as its own `getHttpOperationsFromSpec` reads them, kept
 * in a cache keyed by the spec's content: parsing takes seconds on a large spec (2.6 s
 * for 1,193 operations here), reading them back about a tenth of that. The cache
 * lives in the nearest `node_modules/.cache/authkit` (or `AUTHKIT_CACHE_DIR`), outside
 * anything committed. A spec whose `$ref`s reach other files is parsed every time: its
 * content alone does not say what it means.
 */
export async function loadPrismOperations(specFile: string): Promise<LoadedOperations> {
  const text = await readFile(specFile, 'utf8');
  const cacheFile = hasExternalRefs(text) ? undefined : join(prismOperationsCacheDir(), `${cacheKey(text)}.v8`);
  if (cacheFile && existsSync(cacheFile)) {
    try {
      return { operations: deserialize(await readFile(cacheFile)) as IHttpOperation[], cached: true };
    } catch {
      // A cache file from another Node or cut short: parse again, and replace it.
    }
  }
  const operations = shareIdenticalParameterLists(shareIdenticalNodes(await prismHttp.getHttpOperationsFromSpec(resolve(specFile))));
  if (cacheFile) await writeAtomically(cacheFile, serialize(operations)).catch(() => undefined); // a cache that cannot be written only costs time
  return { operations, cached: false };
}

function cacheKey(text: string): string {
  // The serialized form belongs to this V8, and the operations to this Prism.
  return createHash('sha256').update(`${PRISM_HTTP_VERSION}\0${process.versions.v8}\0${CACHE_FORMAT}\0`).update(text).digest('hex').slice(0, 32);
}

export function prismOperationsCacheDir(): string {
  return cacheDir('prism-operations');
}

async function writeAtomically(file: string, data: Buffer): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, data);
  await rename(temporary, file);
}
