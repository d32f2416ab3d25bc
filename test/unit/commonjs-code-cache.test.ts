import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { x } from 'tinyexec';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp-dir.js';

// cacheCommonJsCompiles replaces Node's CommonJS compile for the whole process: each case
// runs in a process of its own, as the Prism CLI's preload runs it, from the build.
const MODULE = pathToFileURL(join(ROOT, 'dist', 'src', 'cache', 'commonjs-code-cache.js')).href;

/** A package of CommonJS files of each kind the hook meets, and a main that loads them and prints what it got and the counts. */
async function fixture(): Promise<string> {
  const dir = await tempDir('cjs-cache-');
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'fixture' }));
  await writeFile(join(dir, 'plain.js'), "const { join } = require('node:path');\nmodule.exports = { joined: join('a', 'b'), filename: __filename, resolved: require.resolve('./hashbang.js'), self: () => module };\n");
  await writeFile(join(dir, 'hashbang.js'), "#!/usr/bin/env node\nmodule.exports = 'hashbang ' + (1 + 1);\n");
  // import() in a script from a cache fails on Node 20: left to Node.
  await writeFile(join(dir, 'dynamic.js'), "module.exports = () => import('node:path').then((path) => path.sep);\n");
  // ES module syntax in a .js of a package with no "type": Node 20.19 detects it and loads an ES module.
  await mkdir(join(dir, 'esm'));
  await writeFile(join(dir, 'esm', 'index.js'), "export const kind = 'esm';\n");
  await writeFile(
    join(dir, 'main.mjs'),
    [
      `import { cacheCommonJsCompiles, commonJsCacheCounts } from ${JSON.stringify(MODULE)};`,
      "import { createRequire } from 'node:module';",
      "const { save } = cacheCommonJsCompiles('fixture');",
      'const require = createRequire(import.meta.url);',
      "const plain = require('./plain.js');",
      "const esm = require('./esm/index.js');",
      "const got = { joined: plain.joined, filename: plain.filename, resolved: plain.resolved, cached: plain.self() === require.cache[plain.filename], hashbang: require('./hashbang.js'), sep: await require('./dynamic.js')(), esm: esm.kind };",
      'save();',
      'console.log(JSON.stringify({ got, counts: commonJsCacheCounts() }));',
      '',
    ].join('\n'),
  );
  return dir;
}

const run = async (dir: string, cacheDir: string) => {
  const result = await x(process.execPath, [join(dir, 'main.mjs')], { nodeOptions: { env: { ...process.env, AUTHKIT_CACHE_DIR: cacheDir } }, throwOnError: false });
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout) as { got: Record<string, unknown>; counts: { hits: number; misses: number; passed: number; saved: number } };
};

describe('cacheCommonJsCompiles', () => {
  it('compiles CommonJS files from one cache file from the second run on, with the same modules; leaves ES modules and import() to Node', async () => {
    const dir = await fixture();
    const cacheDir = await tempDir('cjs-cache-dir-');
    const expected = { joined: join('a', 'b'), filename: join(dir, 'plain.js'), resolved: join(dir, 'hashbang.js'), cached: true, hashbang: 'hashbang 2', sep: '/', esm: 'esm' };
    const first = await run(dir, cacheDir);
    expect(first).toEqual({ got: expected, counts: { hits: 0, misses: 2, passed: 2, saved: 2 } });
    const second = await run(dir, cacheDir);
    expect(second).toEqual({ got: expected, counts: { hits: 2, misses: 0, passed: 2, saved: 0 } });
    expect(await readdir(join(cacheDir, 'code-cache'))).toEqual([`fixture-${process.version}-${process.platform}-${process.arch}.bin`]);
  });

  it('a changed file is compiled again, and the cache keeps no entry for its earlier source', async () => {
    const dir = await fixture();
    const cacheDir = await tempDir('cjs-cache-dir-');
    await run(dir, cacheDir);
    // The same length: V8 alone would take the old cache for it.
    await writeFile(join(dir, 'hashbang.js'), "#!/usr/bin/env node\nmodule.exports = 'hashbang ' + (2 + 2);\n");
    const changed = await run(dir, cacheDir);
    expect(changed.got.hashbang).toBe('hashbang 4');
    expect(changed.counts).toEqual({ hits: 1, misses: 1, passed: 2, saved: 2 });
    expect((await run(dir, cacheDir)).counts).toEqual({ hits: 2, misses: 0, passed: 2, saved: 0 });
  });

  it('a damaged cache file loses nothing: every file compiles from source, and a good one is written', async () => {
    const dir = await fixture();
    const cacheDir = await tempDir('cjs-cache-dir-');
    await run(dir, cacheDir);
    const [file] = await readdir(join(cacheDir, 'code-cache'));
    await writeFile(join(cacheDir, 'code-cache', file!), 'not a cache');
    const damaged = await run(dir, cacheDir);
    expect(damaged.got.hashbang).toBe('hashbang 2');
    expect(damaged.counts).toEqual({ hits: 0, misses: 2, passed: 2, saved: 2 });
    expect((await run(dir, cacheDir)).counts).toEqual({ hits: 2, misses: 0, passed: 2, saved: 0 });
  });
});
