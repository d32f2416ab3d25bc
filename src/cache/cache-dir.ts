import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * Where the toolkit keeps what it can make again (parsed specs, compiled code): `name`
 * inside AUTHKIT_CACHE_DIR, else inside the nearest `node_modules/.cache/authkit` from
 * the working folder, as other tools keep theirs, outside anything committed; else in the
 * system's temporary folder.
 */
export function cacheDir(name: string): string {
  if (process.env.AUTHKIT_CACHE_DIR) return join(process.env.AUTHKIT_CACHE_DIR, name);
  for (let dir = process.cwd(); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules'))) return join(dir, 'node_modules', '.cache', 'authkit', name);
    if (dirname(dir) === dir) return join(tmpdir(), 'authkit-cache', name);
  }
}
