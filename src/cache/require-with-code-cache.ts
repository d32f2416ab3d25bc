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
//
// One difference: Node 20 attaches its hook for `import()` to a script as it compiles it,
// and a script taken from a cache is not compiled, so an `import()` in it fails
// (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING) from the second run on. A file loaded here
// calls `globalThis[DYNAMIC_IMPORT](url)` instead, with an absolute URL (the build rewrites
// the bundles' few `import()` calls to it: scripts/bundle-vendors.js).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { basename, dirname, join } from 'node:path';
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

const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/**
 * One cache file per file and Node that compiled it (the name's first half), and per
 * version of the file, by its size and time (the second half): a changed file gets a new
 * name, and the caches of its earlier versions are removed (pruneEarlier).
 */
function cacheFileOf(file: string, dir: string): string {
  const { size, mtimeMs } = statSync(file);
  return join(dir, `${digest(`${file}\0${process.version}\0${process.arch}`)}-${digest(`${size}\0${mtimeMs}`)}.bin`);
}

/**
 * Each build makes new bundles, so each build would leave its caches beside the last
 * (5-6 MB a build). Once a new one is written, the caches of the same file's earlier
 * versions go, with any of the naming before this one, which nothing reads.
 */
function pruneEarlier(cacheFile: string): void {
  const [owner] = basename(cacheFile).split('-');
  const dir = dirname(cacheFile);
  try {
    for (const name of readdirSync(dir)) {
      const earlier = name.startsWith(`${owner}-`) && name.endsWith('.bin') && name !== basename(cacheFile);
      if (earlier || /^[0-9a-f]{32}\.bin$/.test(name)) rmSync(join(dir, name), { force: true });
    }
  } catch {
    // another process pruned first, or the folder went: nothing to do
  }
}

/** The folder, made if need be, when no one else may write to it (what V8 reads from it runs as code); else none is used. */
export function privateCodeCacheDir(): string | undefined {
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

/** The `import()` of this ES module, for files loaded from a code cache (above). */
export const DYNAMIC_IMPORT = Symbol.for('authkit.dynamic-import');
(globalThis as Record<symbol, unknown>)[DYNAMIC_IMPORT] ??= (url: string) => import(url);

export function requireWithCodeCache(file: string): unknown {
  const require = createRequire(file);
  const loaded = require.cache[file];
  if (loaded) return loaded.exports;
  const source = readFileSync(file, 'utf8');
  const dir = privateCodeCacheDir();
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
  if (outcome !== 'hit' && cacheFile) {
    writeCache(cacheFile, script);
    pruneEarlier(cacheFile);
    writeAgainAtExit(cacheFile, script);
  }
  return module.exports;
}

// V8 compiles a function when it is first called. A cache made at load holds the file's
// top level only; made again as the process ends, it holds every function the run called,
// and the next process compiles none of them (`authkit lint` from the CLI's bundle: 0.61
// -> 0.49 s of CPU). Made at load too, so that a process killed outright still leaves one.
// Processes that load the same file for different work (the engine's primary and its
// workers) each leave theirs: the one that holds more code stays.
const atExit = new Map<string, Script>();
function writeAgainAtExit(cacheFile: string, script: Script): void {
  if (atExit.size === 0) process.once('exit', () => {
    for (const [file, compiled] of atExit) writeCache(file, compiled, true);
  });
  atExit.set(cacheFile, script);
}

/** Written to a temporary name and renamed: processes that start together never read half a file. */
function writeCache(cacheFile: string, script: Script, unlessLarger = false): void {
  try {
    const data = script.createCachedData();
    if (unlessLarger && existsSync(cacheFile) && statSync(cacheFile).size > data.length) return;
    const partial = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(partial, data, { mode: 0o600 });
    renameSync(partial, cacheFile);
  } catch {
    // a read-only or full disk: the next run compiles again, as without a cache
  }
}
