import { chmod, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { x } from 'tinyexec';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { codeCacheOutcome, requireWithCodeCache } from '../../src/cache/require-with-code-cache.js';
import { tempDir } from '../helpers/temp-dir.js';

const require = createRequire(import.meta.url);

/** A CommonJS file with some code to compile, that reports how it was loaded. */
async function moduleFile(dir: string, name = 'big.cjs', extra = ''): Promise<string> {
  const file = join(dir, name);
  const functions = Array.from({ length: 300 }, (_, index) => `function f${index}(x) { return x * ${index} + ${index}; }`).join('\n');
  await writeFile(file, `${functions}\nmodule.exports = { sum: f299(2), filename: __filename, joined: require('node:path').join('a', 'b'), self: () => module };\n${extra}`);
  return file;
}

/** Loads the file as a new process would: not from this process's module cache. */
function loadAfresh(file: string): unknown {
  delete require.cache[file];
  return requireWithCodeCache(file);
}

const cacheFiles = async (dir: string) => (await readdir(dir)).filter((name) => name.endsWith('.bin'));

/** A cache folder of the test's own (AUTHKIT_CACHE_DIR): the code cache is its `code-cache` folder. */
async function ownCache(): Promise<string> {
  const root = await tempDir('code-cache-');
  vi.stubEnv('AUTHKIT_CACHE_DIR', root);
  return join(root, 'code-cache');
}

describe('requireWithCodeCache', () => {
  // V8 keeps each script it compiled in memory and hands it back for the same source,
  // without reading the code cache it is given: off here, so each load in this process
  // is what a new process's first load is.
  beforeAll(() => setFlagsFromString('--no-compilation-cache'));
  afterAll(() => setFlagsFromString('--compilation-cache'));
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('compiles a file once, keeps V8\'s code in a private folder, and takes it back on the next load, with the same module as require makes', async () => {
    const cache = await ownCache();
    const file = await moduleFile(await tempDir('code-cache-module-'));

    const first = loadAfresh(file) as { sum: number; filename: string; joined: string; self: () => NodeJS.Module };
    expect(codeCacheOutcome(file)).toBe('miss');
    expect(first).toMatchObject({ sum: 299 * 2 + 299, filename: file, joined: join('a', 'b') });
    // A module as Node makes it: in require.cache, loaded, found again by require.
    expect(first.self()).toBe(require.cache[file]);
    expect(first.self().loaded).toBe(true);
    expect(require(file)).toBe(first);
    expect(requireWithCodeCache(file)).toBe(first);

    expect((await stat(cache)).mode & 0o777).toBe(0o700);
    const [written] = await cacheFiles(cache);
    expect(await cacheFiles(cache)).toHaveLength(1);
    expect((await stat(join(cache, written!))).mode & 0o777).toBe(0o600);

    const second = loadAfresh(file) as typeof first;
    expect(codeCacheOutcome(file)).toBe('hit');
    expect(second).not.toBe(first);
    expect(second).toMatchObject({ sum: 897, filename: file });
    expect(await cacheFiles(cache)).toEqual([written]);
  });

  it('made again as the process ends, the cache holds the functions the run called: the next process compiles none of them', async () => {
    const file = await moduleFile(await tempDir('code-cache-module-'), 'big.cjs', `module.exports.callAll = () => [${Array.from({ length: 300 }, (_, index) => `f${index}(1)`).join(', ')}];\n`);
    const loader = JSON.stringify(new URL('../../src/cache/require-with-code-cache.ts', import.meta.url).href);
    /** The size of the cache a new process leaves: it loads the file, and calls its functions or not. */
    const cacheLeftBy = async (call: boolean) => {
      const root = await tempDir('code-cache-');
      const code = `const { requireWithCodeCache } = await import(${loader}); const loaded = requireWithCodeCache(${JSON.stringify(file)}); ${call ? 'loaded.callAll();' : ''}`;
      await x(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { nodeOptions: { env: { ...process.env, AUTHKIT_CACHE_DIR: root } }, throwOnError: true });
      const dir = join(root, 'code-cache');
      const files = await cacheFiles(dir);
      expect(files).toHaveLength(1);
      return (await stat(join(dir, files[0]!))).size;
    };
    const loadedOnly = await cacheLeftBy(false);
    const called = await cacheLeftBy(true);
    // 300 functions compiled, each kept: far more than the top level alone.
    expect(called).toBeGreaterThan(loadedOnly * 2);
  });

  it('a cache V8 refuses (damaged, or from another Node) is compiled again and replaced', async () => {
    const cache = await ownCache();
    const file = await moduleFile(await tempDir('code-cache-module-'));
    loadAfresh(file);
    const [written] = await cacheFiles(cache);
    await writeFile(join(cache, written!), Buffer.alloc(4096, 7));

    expect(loadAfresh(file)).toMatchObject({ sum: 897 });
    expect(codeCacheOutcome(file)).toBe('rejected');
    expect((await readFile(join(cache, written!))).equals(Buffer.alloc(4096, 7))).toBe(false);
    loadAfresh(file);
    expect(codeCacheOutcome(file)).toBe('hit');
  });

  it('a changed file gets a cache of its own, which replaces its earlier one; other files\' caches stay', async () => {
    const cache = await ownCache();
    const dir = await tempDir('code-cache-module-');
    const file = await moduleFile(dir);
    const other = await moduleFile(dir, 'other.cjs');
    loadAfresh(other);
    const [otherCache] = await cacheFiles(cache);
    loadAfresh(file);
    const [first] = (await cacheFiles(cache)).filter((name) => name !== otherCache);
    // A cache of the naming before this one, which nothing reads any more.
    await writeFile(join(cache, `${'a'.repeat(32)}.bin`), 'old');
    await moduleFile(dir, 'big.cjs', 'module.exports.changed = true;\n');
    expect(loadAfresh(file)).toMatchObject({ changed: true });
    expect(codeCacheOutcome(file)).toBe('miss');
    const after = await cacheFiles(cache);
    expect(after).toHaveLength(2);
    expect(after).toContain(otherCache);
    expect(after).not.toContain(first);
    // The same Node and file: the name's first half is the same.
    expect(after.find((name) => name !== otherCache)!.split('-')[0]).toBe(first!.split('-')[0]);
  });

  it('uses no folder that others may write to, and still loads the file', async () => {
    const cache = await ownCache();
    await mkdir(cache);
    await chmod(cache, 0o777);
    const file = await moduleFile(await tempDir('code-cache-module-'));
    expect(loadAfresh(file)).toMatchObject({ sum: 897 });
    expect(loadAfresh(file)).toMatchObject({ sum: 897 });
    expect(codeCacheOutcome(file)).toBe('miss');
    expect(await cacheFiles(cache)).toEqual([]);
  });

  it('a file that throws as it loads throws to the caller and is not left half-loaded', async () => {
    await ownCache();
    const file = await moduleFile(await tempDir('code-cache-module-'), 'broken.cjs', "throw new Error('broken on load');\n");
    expect(() => loadAfresh(file)).toThrow('broken on load');
    expect(require.cache[file]).toBeUndefined();
  });
});
