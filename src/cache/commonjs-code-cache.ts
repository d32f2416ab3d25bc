// V8's code cache for every CommonJS file a process compiles, kept on disk in one file:
// for the Prism CLI (its preload installs it), which runs from node_modules as published,
// some 700 files, each compiled again at every start (a quarter of a small spec's start).
//
// Why our own: Node 20, our floor, has no compile cache (module.enableCompileCache is
// 22.1's). v8-compile-cache keeps one file per module and breaks on require() of ES
// modules, which Node 20.19 allows; this keeps one file for the lot (one read at start,
// not 700), and leaves ES modules, and any file with `import()`, to Node (below).
//
// A module compiled here is made as Node makes one: the same wrapper, and a require that
// is Node's own (module.require, Module._resolveFilename), so that resolution, the module
// cache and module.children are what they would be.
import { hash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { Module } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { privateCodeCacheDir } from './require-with-code-cache.js';

interface NodeModule {
  exports: unknown;
  require(id: string): unknown;
}
type Compile = (this: NodeModule, content: string, filename: string, format?: string) => unknown;
interface ModuleInternals {
  prototype: { _compile: Compile };
  _resolveFilename(request: string, parent: NodeModule, isMain: boolean, options?: unknown): string;
  _resolveLookupPaths(request: string, parent: NodeModule): string[] | null;
  _extensions: unknown;
  _cache: unknown;
}

/** What one process did with the cache: for the tests, and for a look at why a start is slow. */
export interface CommonJsCacheCounts {
  /** Compiled from the cache. */
  hits: number;
  /** Compiled from source: no entry for this source yet, or V8 refused it (another Node, other flags). */
  misses: number;
  /** Left to Node: an ES module, or a source with `import()` (below). */
  passed: number;
  /** Entries in the file save() wrote (none written: 0). */
  saved: number;
}

const COUNTS = Symbol.for('authkit.commonjs-code-cache');

/**
 * Compiles every CommonJS file this process loads from here on with the code cache kept in
 * `name` (in the toolkit's code-cache folder, when it is private to this user). Returns
 * `save`, which writes the cache again when this process compiled anything the file did not
 * hold, with every function run so far: call it once the program has started (the Prism
 * CLI's end is a SIGTERM, which runs no `exit` handler). It saves once; what compiles after
 * it compiles as before, from the cache where it can. Installs nothing, and `save` does
 * nothing, when there is no private folder to keep it in.
 */
export function cacheCommonJsCompiles(name: string): { save(): void } {
  const dir = privateCodeCacheDir();
  if (!dir) return { save: () => {} };
  // Per Node and platform: V8 refuses another version's cache anyway.
  const file = join(dir, `${name}-${process.version}-${process.platform}-${process.arch}.bin`);
  const stored = readStore(file);
  const compiled = new Map<string, Script>();
  // What this process took from the file: what is written back with the new ones, so that
  // the caches of files that changed or are no longer loaded do not pile up.
  const used = new Map<string, Buffer>();
  const counts: CommonJsCacheCounts = { hits: 0, misses: 0, passed: 0, saved: 0 };
  let saved = false;
  (globalThis as Record<symbol, unknown>)[COUNTS] = counts;
  const internals = Module as unknown as ModuleInternals;
  const compile = internals.prototype._compile;

  internals.prototype._compile = function (this: NodeModule, content: string, filename: string, format?: string) {
    // Node 20 attaches its `import()` hook to a script as it compiles it, and a script from a
    // cache is not compiled: its import() would fail. ES modules go Node's own way.
    if (format === 'module' || content.includes('import(')) {
      counts.passed += 1;
      return compile.call(this, content, filename, format);
    }
    // By content: V8 checks only a source's length before it takes its cache.
    const key = `${filename}\0${hash('sha1', content)}`;
    const cachedData = stored.get(key);
    let script: Script;
    try {
      // A hashbang is a comment only at the very start of a source; the wrapper comes before it.
      script = new Script(Module.wrap(content.startsWith('#!') ? `//${content.slice(2)}` : content), { filename, cachedData });
    } catch {
      // Not CommonJS after all (ES module syntax Node would detect): Node's way, with its own error if any.
      counts.passed += 1;
      return compile.call(this, content, filename, format);
    }
    if (cachedData && !script.cachedDataRejected) {
      counts.hits += 1;
      used.set(key, cachedData);
    } else {
      counts.misses += 1;
      // Kept for the save; files loaded after it (faker, at the first dynamic answer) are not.
      if (!saved) compiled.set(key, script);
    }
    const run = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return run.call(this.exports, this.exports, requireOf(this, internals), this, filename, dirname(filename));
  };

  return {
    save() {
      if (saved) return;
      saved = true;
      if (compiled.size === 0) return;
      const entries = new Map(used);
      for (const [key, script] of compiled) entries.set(key, script.createCachedData());
      compiled.clear();
      if (writeStore(file, entries)) counts.saved = entries.size;
    },
  };
}

/** This process's counts, when the cache is installed. */
export function commonJsCacheCounts(): CommonJsCacheCounts | undefined {
  return (globalThis as Record<symbol, CommonJsCacheCounts | undefined>)[COUNTS];
}

/** Node's own require for `module` (lib/internal/modules/helpers.js, makeRequireFunction). */
function requireOf(module: NodeModule, internals: ModuleInternals): NodeJS.Require {
  const require = ((id: string) => module.require(id)) as NodeJS.Require;
  const resolve = ((request: string, options?: unknown) => internals._resolveFilename(request, module, false, options)) as NodeJS.RequireResolve;
  resolve.paths = (request: string) => internals._resolveLookupPaths(request, module);
  require.resolve = resolve;
  require.main = process.mainModule;
  require.extensions = internals._extensions as NodeJS.Require['extensions'];
  require.cache = internals._cache as NodeJS.Require['cache'];
  return require;
}

// The file: a 4-byte length, a JSON index of [key, length] pairs, then the caches one after another.
function readStore(file: string): Map<string, Buffer> {
  const entries = new Map<string, Buffer>();
  try {
    const data = readFileSync(file);
    const indexLength = data.readUInt32LE(0);
    const index = JSON.parse(data.subarray(4, 4 + indexLength).toString('utf8')) as Array<[string, number]>;
    let offset = 4 + indexLength;
    for (const [key, length] of index) {
      entries.set(key, data.subarray(offset, offset + length));
      offset += length;
    }
    if (offset !== data.length) entries.clear();
  } catch {
    // none yet, or damaged: every file compiles from source, and a new one is written
    entries.clear();
  }
  return entries;
}

/** Written to a temporary name and renamed: processes that start together never read half a file. */
function writeStore(file: string, entries: Map<string, Buffer>): boolean {
  try {
    const index = Buffer.from(JSON.stringify([...entries].map(([key, data]) => [key, data.length])), 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32LE(index.length, 0);
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, Buffer.concat([length, index, ...entries.values()]), { mode: 0o600 });
    renameSync(partial, file);
    return true;
  } catch {
    // a read-only or full disk: the next start compiles again, as without a cache
    return false;
  }
}
