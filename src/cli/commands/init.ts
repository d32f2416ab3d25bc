import { resolve } from 'node:path';
import { initProject } from '../../pipeline/init-project.js';
import type { CliIo } from '../main.js';
import { EXIT } from '../exit-codes.js';
import { dim, ok, shown } from '../style.js';

export async function run(_flags: Record<string, unknown>, [dir]: unknown[], io: CliIo): Promise<number> {
  const target = resolve(io.cwd, typeof dir === 'string' ? dir : '.');
  const written = await initProject(target);
  io.out(ok(`scaffolded ${written.length} files in ${shown(target, io.cwd)}: redocly.yaml (one API, \`main\`) and a starter spec in spec/`));
  io.out(dim('  next: authkit lint · authkit generate · authkit start (mock on http://127.0.0.1:4010) · authkit contract'));
  return EXIT.clean;
}
