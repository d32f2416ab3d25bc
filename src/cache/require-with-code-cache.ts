// `require` for the few very large CommonJS files every run of a command loads (the build's
// bundle of Prism's engine, 3.7 MB; TypeScript, 9 MB), with V8's code cache kept on disk.
//
// Why our own: Node 20, our floor, has no compile cache (module.enableCompileCache came in
// 22.1), so each process parsed these files again: 0.15–0.25 s of CPU apiece, in every
// mock worker and every generate. V8 can keep what it compiled (vm.Script's cachedData)
// and take it back next time; this does that for the files named, and nothing else is
// touched (a global hook such as v8-compile-cache's breaks on require() of ES modules).
// The module is made as Node makes one (same wrapper, same require, in require.cache), so
// later requires of the file get the same exports.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { cacheDir } from './cache-dir.js';

/** What the last load of each file found: its cache taken, none yet, or one V8 refused (another Node, a damaged file); then a new one is written. */
export type CodeCacheOutcome = 'hit' | 'miss' | 'rejected';

const outcomes = new Map<string, CodeCacheOutcome>();

export function codeCacheOutcome(file: string): CodeCacheOutcome | undefined {
  return outcomes.get(file);
}

/** The folder the caches live in: `code-cache` in the toolkit's cache folder (cache-dir.ts). */
export function codeCacheDir(): string {
  return cacheDir('code-cache');
}

/** One cache file per file, its size and time, and the Node that compiled it: anything else is a new name. */
function cacheFileOf(file: string, dir: string): string {
  const { size, mtimeMs } = statSync(file);
  const key = createHash('sha256').update(`${file}\0${size}\0${mtimeMs}\0${process.version}\0${process.arch}`).digest('hex').slice(0, 32);
  return join(dir, `${key}.bin`);
}

/** The folder, made if need be, when no one else may write to it (what V8 reads from it runs as code); else none is used. */
function privateDir(): string | undefined {
  const dir = codeCacheDir();
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stats = statSync(dir);
    if (stats.isDirectory() && (process.getuid === undefined || stats.uid === process.getuid()) && (stats.mode & 0o022) === 0) return dir;
  } catch {
    // not writable: no cache
  }
  return undefined;
}

export function requireWithCodeCache(file: string): unknown {
  const require = createRequire(file);
  const loaded = require.cache[file];
  if (loaded) return loaded.exports;
  const source = readFileSync(file, 'utf8');
  const dir = privateDir();
  const cacheFile = dir ? cacheFileOf(file, dir) : undefined;
  let cachedData: Buffer | undefined;
  try {
    if (cacheFile) cachedData = readFileSync(cacheFile);
  } catch {
    // no cache yet: compiled as require would
  }
  const script = new Script(Module.wrap(source), { filename: file, cachedData });
  const outcome: CodeCacheOutcome = !cachedData ? 'miss' : script.cachedDataRejected ? 'rejected' : 'hit';
  outcomes.set(file, outcome);
  const module = new Module(file);
  module.filename = file;
  module.paths = require.resolve.paths('x') ?? [];
  require.cache[file] = module;
  try {
    (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, require, module, file, dirname(file));
  } catch (error) {
    delete require.cache[file];
    throw error;
  }
  module.loaded = true;
  if (outcome !== 'hit' && cacheFile) writeCache(cacheFile, script);
  return module.exports;
}

/** Written to a temporary name and renamed: processes that start together never read half a file. */
function writeCache(cacheFile: string, script: Script): void {
  try {
    const partial = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(partial, script.createCachedData(), { mode: 0o600 });
    renameSync(partial, cacheFile);
  } catch {
    // a read-only or full disk: the next run compiles again, as without a cache
  }
}
