import { existsSync } from 'node:fs';
import { copyFile, readdir, readFile, stat } from 'node:fs/promises';
import { createRequire, isBuiltin } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { x } from 'tinyexec';
import { describe, expect, it } from 'vitest';
import { ROOT, fixture } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp-dir.js';

// Redocly and Prism's engine each sit behind one file of the toolkit, which the build
// (scripts/bundle-vendors.js) makes one bundled file of: dist/src/openapi/redocly.js and
// dist/vendor/prism/prism.cjs. `npm test` builds dist/ before this file runs.

const BUILT_REDOCLY = join(ROOT, 'dist', 'src', 'openapi', 'redocly.js');
const BUILT_PRISM_MODULES = join(ROOT, 'dist', 'src', 'mock', 'engine', 'prism-modules.js');
const BUILT_ENGINE_PROCESS = join(ROOT, 'dist', 'src', 'mock', 'engine', 'engine-process.cjs');

const sourceFiles = async () => (await readdir(join(ROOT, 'src'), { recursive: true })).filter((file) => file.endsWith('.ts')).map((file) => join('src', file));
const read = (file: string) => readFile(join(ROOT, file), 'utf8');
const built = async (file: string) => {
  await readFile(file).catch(() => {
    throw new Error('dist/ is not built: run `npm run build` (npm test does) before this file');
  });
  return file;
};

type Redocly = typeof import('../../src/openapi/redocly.js');

/** What a CommonJS bundle requires by name, other than Node's modules (some packages name them without `node:`) and ajv's runtime in the code strings ajv writes for standalone validators. */
const packagesRequired = (bundle: string) =>
  [...new Set([...bundle.matchAll(/\brequire\("([^"]+)"\)/g)].map((match) => match[1]!))].filter((name) => !isBuiltin(name) && !name.startsWith('ajv/dist/runtime/') && name !== 'ajv-formats/dist/formats');

/** Each line of a bundle with an import() call, trimmed: from V8's code cache a real one fails on Node 20. */
const importLines = (bundle: string) => bundle.split('\n').filter((line) => /(^|[^\w$.])import\(/.test(line)).map((line) => line.trim());
/** The loader's own fallback for its hook, in the bundle's copy of require-with-code-cache.ts: the copy that loaded the bundle has set the hook first, so it never runs. */
const LOADER_FALLBACK = expect.stringMatching(/^globalThis\[DYNAMIC_IMPORT\] \?\?= \((url\d*)\) => import\(\1\);$/);

const EXAMPLE_RULES = ['no-invalid-media-type-examples', 'no-invalid-parameter-examples', 'no-invalid-schema-examples'];

/** Each problem of a lint, as a line: rule, severity, message and where. Redocly's three example rules are errors. */
async function lintLines(redocly: Redocly, spec: string): Promise<string[]> {
  const config = await redocly.createConfig({ extends: ['recommended'], rules: Object.fromEntries(EXAMPLE_RULES.map((rule) => [rule, 'error'])) });
  const problems = await redocly.lint({ ref: spec, config });
  return problems.map((problem) => `${problem.ruleId} ${problem.severity} ${problem.location[0]?.pointer} ${problem.message}`);
}

describe('Redocly and Prism, each behind one file and bundled into one by the build', () => {
  it('no source file but src/openapi/redocly.ts imports @redocly/openapi-core', async () => {
    const importing: string[] = [];
    for (const file of await sourceFiles()) if (/(?:from\s*|import\(\s*)'@redocly\/openapi-core[/']/.test(await read(file))) importing.push(file);
    expect(importing).toEqual(['src/openapi/redocly.ts']);
  });

  it("no source file but src/mock/engine/prism-modules.ts loads Prism's engine packages", async () => {
    const loading: string[] = [];
    for (const file of await sourceFiles()) if (/(?:require(?:\.resolve)?\(\s*|from\s*|import\(\s*)'@stoplight\/prism-(?:http|core)/.test(await read(file))) loading.push(file);
    expect(loading).toEqual(['src/mock/engine/prism-modules.ts']);
  });

  it("dist's Redocly works from a folder with no node_modules, exports what the source's door does, and lints as the package does", async () => {
    const alone = join(await tempDir('redocly-bundle-'), 'redocly.mjs');
    await copyFile(await built(BUILT_REDOCLY), alone);
    const bundled = (await import(pathToFileURL(alone).href)) as Redocly;
    const published = await import('../../src/openapi/redocly.js');
    expect(Object.keys(bundled).sort()).toEqual(Object.keys(published).sort());
    expect(Object.keys(bundled)).toHaveLength(12);
    const spec = fixture('specs', 'broken-example.yaml');
    const lines = await lintLines(bundled, spec);
    expect(lines).toEqual(await lintLines(published, spec));
    // The fixture's one defect: an example that breaks its schema, found by ajv inside the bundle.
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^no-invalid-media-type-examples /);
  });

  it("dist's Redocly compiles its example validators with ajv's code optimizer off, and finds what the package finds, message for message", async () => {
    const bundle = await readFile(await built(BUILT_REDOCLY), 'utf8');
    // Added by the build where Redocly builds its one ajv (scripts/bundle-vendors.js).
    expect(bundle.split('code: { optimize: false }')).toHaveLength(2);
    const bundled = (await import(pathToFileURL(BUILT_REDOCLY).href)) as Redocly;
    const published = await import('../../src/openapi/redocly.js');
    const counts: Record<string, number> = {};
    for (const name of ['example-violations-3.1.yaml', 'example-violations-3.0.yaml']) {
      const spec = fixture('specs', name);
      const lines = await lintLines(bundled, spec);
      expect(lines).toEqual(await lintLines(published, spec));
      counts[name] = lines.filter((line) => EXAMPLE_RULES.includes(line.split(' ')[0]!)).length;
    }
    // Every example the fixtures break on purpose, in ajv's two dialects.
    expect(counts).toEqual({ 'example-violations-3.1.yaml': 16, 'example-violations-3.0.yaml': 8 });
  });

  it('the built engine takes Prism from its bundle, made from the Prism installed, and loads no file of the Prism packages', async () => {
    const probe = `import(${JSON.stringify(pathToFileURL(await built(BUILT_PRISM_MODULES)).href)}).then(({ prism }) => {
      const files = Object.keys(require.cache).filter((file) => file.includes('/node_modules/@stoplight/')).map((file) => file.slice(file.lastIndexOf('/node_modules/') + 14));
      console.log(JSON.stringify({ from: prism.from, version: prism.version, files, mocker: typeof prism.mocker.default }));
    })`;
    const result = await x(process.execPath, ['-e', probe], { nodeOptions: { cwd: ROOT }, throwOnError: true });
    expect(JSON.parse(result.stdout)).toEqual({
      from: 'bundle',
      version: (createRequire(import.meta.url)('@stoplight/prism-http/package.json') as { version: string }).version,
      // Read for its version, to tell a bundle of another Prism.
      files: ['@stoplight/prism-http/package.json'],
      mocker: 'function',
    });
  });

  it("the built engine's Prism compiles its validators with ajv's code optimizer off, given where Prism builds its ajv", async () => {
    const bundle = await readFile(await built(join(ROOT, 'dist', 'vendor', 'prism', 'prism.cjs')), 'utf8');
    expect(bundle.match(/baseAjvOptions = \{\s+code: \{ optimize: false \},/g)).toHaveLength(1);
    expect(bundle.split('optimize: false')).toHaveLength(2);
  });

  it("the built engine's Prism shares one validator between schemas that differ only by their x-stoplight ids, where Prism compiles; another Prism stops the build", async () => {
    const bundle = await readFile(await built(join(ROOT, 'dist', 'vendor', 'prism', 'prism.cjs')), 'utf8');
    expect(bundle.match(/const validationFunction = authkitSharedCompile\(ajvInstance, schema, \(\) => ajvInstance\.compile\(\{/g)).toHaveLength(1);
    expect(bundle.match(/function authkitSharedCompile\(/g)).toHaveLength(1);
    const { prismSharedValidators } = await import('../../src/mock/engine/prism-shared-validators.js');
    expect(() => prismSharedValidators('const validationFunction = ajv.compile(schema);', '/x/utils.js')).toThrow(/^\/x\/utils\.js: expected one place where Prism's validator compiles/);
  });

  it("the built engine's Prism bundle and generate's TypeScript are compiled once per machine: the next process takes V8's code cache", async () => {
    const cacheDir = await tempDir('code-cache-');
    const dist = (path: string) => JSON.stringify(pathToFileURL(join(ROOT, 'dist', 'src', path)).href);
    const probe = `Promise.all([import(${dist('mock/engine/prism-modules.js')}), import(${dist('generate/types-generator.js')}), import(${dist('cache/require-with-code-cache.js')})]).then(([,, { codeCacheOutcome }]) => {
      const { createRequire } = require('node:module');
      const typescript = createRequire(require.resolve('openapi-typescript/dist/lib/ts.cjs')).resolve('typescript');
      console.log(JSON.stringify([codeCacheOutcome(${JSON.stringify(join(ROOT, 'dist', 'vendor', 'prism', 'prism.cjs'))}), codeCacheOutcome(typescript)]));
    })`;
    const run = async () => JSON.parse((await x(process.execPath, ['-e', probe], { nodeOptions: { cwd: ROOT, env: { ...process.env, AUTHKIT_CACHE_DIR: cacheDir } }, throwOnError: true })).stdout) as string[];
    expect(await run()).toEqual(['miss', 'miss']);
    expect(await run()).toEqual(['hit', 'hit']);
  });

  it("the built engine's process is one file, loaded with V8's code cache: it requires only Node's modules; Redocly and tsc's modules only for a spec with external $refs, through the loader's import()", async () => {
    const bundle = await readFile(await built(BUILT_ENGINE_PROCESS), 'utf8');
    expect(packagesRequired(bundle)).toEqual([]);
    // From V8's code cache, an import() in the file itself has no hook on Node 20.
    expect(importLines(bundle)).toEqual([LOADER_FALLBACK]);
    const outside = [...new Set([...bundle.matchAll(/Symbol\.for\('authkit\.dynamic-import'\)\]\(new URL\("([^"]+)", __authkitBundleUrl\)\.href\)/g)].map((match) => match[1]!))].sort();
    expect(outside).toEqual(['../../openapi/bundle-spec.js', '../../openapi/redocly.js', '../../openapi/spec-resolver.js']);
    // Modules from other folders find their files from their own place in dist/, not the bundle's.
    const located = [...new Set([...bundle.matchAll(/new URL\("([^"]+)", __authkitBundleUrl\)/g)].map((match) => match[1]!))].filter((file) => !outside.includes(file)).sort();
    expect(located).toEqual(['../../docs/redoc-standalone.js', '../../docs/try-it.js', './deferred-modules.js', './header-schema-problem.js', './prism-modules.js']);
    for (const file of [...outside, ...located]) expect(existsSync(fileURLToPath(new URL(file, pathToFileURL(BUILT_ENGINE_PROCESS)))), file).toBe(true);
    // What start-engine.ts starts in a build: the loader of this file.
    const { engineEntry } = await import('../../src/mock/engine/start-engine.js');
    expect(engineEntry()).toEqual({ file: join(ROOT, 'dist', 'src', 'mock', 'engine', 'engine-process-loader.js'), execArgv: [], kind: 'build' });
  });

  it('the built command is one file: it loads by name only Node\'s modules, by path what it always did, and routes its one import() through the loader', async () => {
    const bundle = await readFile(await built(join(ROOT, 'dist', 'src', 'cli', 'cli.cjs')), 'utf8');
    expect(packagesRequired(bundle)).toEqual([]);
    // Besides the fallback, only code in a string, which a worker thread runs (side-build.ts).
    expect(importLines(bundle)).toEqual([expect.stringMatching(/^const code\d* = `import\(\$\{JSON\.stringify\(/), LOADER_FALLBACK]);
    // Redocly's plugin loader: from V8's code cache, an import() in the file itself has no hook on Node 20.
    expect(bundle.match(/globalThis\[\/\* @__PURE__ \*\/ Symbol\.for\("authkit\.dynamic-import"\)\]\(/g)).toHaveLength(1);
    // Our modules that find files beside themselves do it from their own place in dist/.
    const located = [...new Set([...bundle.matchAll(/new URL\("([^"]+)", __authkitBundleUrl\)/g)].map((match) => match[1]!))].sort();
    expect(located).toEqual(['../docs/redoc-standalone.js', '../docs/try-it.js', '../generate/types-generator.js', '../mock/engine/start-engine.js', '../mock/prism-process.js', '../pipeline/side-build.js', '../toolkit-package.js']);
    for (const file of located) expect(existsSync(fileURLToPath(new URL(file, pathToFileURL(join(ROOT, 'dist', 'src', 'cli', 'cli.cjs'))))), file).toBe(true);
  });

  it('the built command runs from V8\'s code cache from its second run on, house rules (a Redocly plugin, loaded by import()) included', async () => {
    const cacheRoot = await tempDir('cli-code-cache-');
    const lint = () => x(process.execPath, [join(ROOT, 'bin', 'authkit.js'), 'lint', '--spec', fixture('house-rules', 'error-example-code.yaml'), '--config', fixture('house-rules', 'redocly.yaml')], { nodeOptions: { cwd: ROOT, env: { ...process.env, AUTHKIT_CACHE_DIR: cacheRoot } } });
    const first = await lint();
    const cacheDir = join(cacheRoot, 'code-cache');
    const [cacheFile] = await readdir(cacheDir);
    expect(await readdir(cacheDir)).toEqual([cacheFile]);
    const written = (await stat(join(cacheDir, cacheFile!))).mtimeMs;
    const second = await lint();
    // Taken, not made again: the file is as the first run left it.
    expect((await stat(join(cacheDir, cacheFile!))).mtimeMs).toBe(written);
    expect(second.stdout).toBe(first.stdout);
    expect(second.exitCode).toBe(first.exitCode);
    // The house rule's own finding: the plugin was loaded and ran, both times.
    expect(second.stdout).toMatch(/\[house\/error-example-code\] Example for error response 403/);
  });

  it('run from the sources, the engine takes Prism as published', async () => {
    const { prism } = await import('../../src/mock/engine/prism-modules.js');
    expect(prism.from).toBe('packages');
  });
});
