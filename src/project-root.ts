import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The toolkit's own folder, found by walking up to its package.json. Works the same
 * from `src/` under tsx and from `dist/src/` after a build, so defaults such as the
 * Auth API spec and redocly.yaml resolve in both.
 */
export function projectRoot(from: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(from));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${fileURLToPath(from)}`);
    dir = parent;
  }
  return dir;
}

export const DEFAULT_SPEC = join(projectRoot(), 'spec', 'openapi.yaml');
export const DEFAULT_LINT_CONFIG = join(projectRoot(), 'redocly.yaml');
export const DEFAULT_OUT_DIR = join(projectRoot(), 'generated');
export const BUNDLED_SPEC_FILE = 'openapi.json';
export const TYPES_FILE = 'api-types.ts';
