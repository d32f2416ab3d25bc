import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ApiTarget } from './project.js';

const ARAZZO_FILE = /\.arazzo\.(ya?ml|json)$/i;

/**
 * The API's Arazzo files: the ones its config entry names (`x-authkit.flows`), else
 * every `*.arazzo.yaml` (or `.yml`, `.json`) in the spec's folder and below it.
 */
export function flowFilesOf(target: ApiTarget): string[] {
  if (target.flowFiles) return target.flowFiles;
  const root = dirname(target.root);
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && ARAZZO_FILE.test(entry.name) && !entry.parentPath.includes('node_modules'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}
