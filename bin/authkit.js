#!/usr/bin/env node
// The installed `authkit` command runs the compiled CLI: no TypeScript loader at start-up.
// In the toolkit's own checkout, src/ is the truth: when dist/ is missing or older than
// any file of src/, the CLI runs from src/ through tsx instead, so a stale build is
// never what answers.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const built = join(root, 'dist', 'src', 'cli', 'bin.js');
const sources = join(root, 'src', 'cli', 'bin.ts');

/** @param {string} dir */
function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

const fromSource = existsSync(sources) && (!existsSync(built) || newestMtime(join(root, 'src')) > statSync(built).mtimeMs);
if (fromSource) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(sources).href);
} else {
  await import(pathToFileURL(built).href);
}
