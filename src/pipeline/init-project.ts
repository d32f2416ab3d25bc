import { cp, readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { toolkitRoot } from '../toolkit-package.js';
import { UsageError } from './usage-error.js';

const TEMPLATE = ['templates', 'init'];

/**
 * Scaffolds a config (`redocly.yaml` with one API, `main`) and a starter spec that
 * passes the house rules. Refuses, naming the file, rather than overwrite anything:
 * a folder that already has a package.json or node_modules is fine.
 */
export async function initProject(dir: string): Promise<string[]> {
  const template = join(toolkitRoot(), ...TEMPLATE);
  const entries = await readdir(template);
  const conflicts = ['redocly.yaml', 'redocly.yml', '.redocly.yaml', '.redocly.yml', ...entries].filter((name, index, all) => all.indexOf(name) === index && existsSync(join(dir, name)));
  if (conflicts.length > 0) {
    throw new UsageError(`${conflicts.map((name) => join(relative(process.cwd(), dir), name) || name).join(', ')} already exist${conflicts.length === 1 ? 's' : ''}: init only writes into a folder without them, and never overwrites.`);
  }
  await cp(template, dir, { recursive: true, errorOnExist: true, force: false });
  const written = await readdir(dir, { recursive: true, withFileTypes: true });
  return written
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => entries.some((top) => relative(dir, file).split(/[\\/]/)[0] === top))
    .sort();
}
