import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The toolkit's own install folder, found by walking up to its package.json: the same
 * from `src/` under tsx and from `dist/src/` after a build. Only the toolkit's own
 * files are read from here (its version, the `init` templates); a user's spec, config
 * and output always resolve from the folder the command runs in.
 */
export function toolkitRoot(from: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(from));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${fileURLToPath(from)}`);
    dir = parent;
  }
  return dir;
}

interface PackageJson {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
}

let manifest: PackageJson | undefined;

export function toolkitPackage(): PackageJson {
  manifest ??= JSON.parse(readFileSync(join(toolkitRoot(), 'package.json'), 'utf8')) as PackageJson;
  return manifest;
}
