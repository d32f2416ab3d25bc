// Bundles the two large dependencies every toolkit process loads, Redocly's openapi-core
// and Prism's engine, each into one file of dist/, and then the toolkit's two kinds of
// process, the mock engine's and the CLI's, with esbuild. Run by `npm run build` after tsc.
//
// Why: Node 20 has no compile cache, and as published these are some 400 ES modules
// (Redocly) and 700 CommonJS files (Prism, once faker is deferred). Finding, reading and
// linking them cost about 0.25 s in each CLI process and 0.17 s in each engine worker,
// before any work. One file of the same code loads in about half the time. The packages
// stay dependencies: their types, Prism's CLI (proxy mode) and the modules the engine
// defers (faker, postman-collection) come from them, and the sources (tsx) use them as
// they are.
//
//   dist/src/openapi/redocly.js  src/openapi/redocly.ts (the toolkit's one door to
//                                Redocly) with the package inside, in place of tsc's
//                                re-export
//   dist/vendor/prism/prism.cjs  the Prism modules src/mock/engine/prism-modules.ts takes,
//                                with the version of @stoplight/prism-http they came from
//   dist/src/mock/engine/engine-process.cjs
//                                the mock engine's process with the toolkit's modules and
//                                packages it loads (below), which engine-process-loader.js
//                                loads with V8's code cache
//   dist/src/cli/cli.cjs         the `authkit` command with every module and package it
//                                may load (below), which bin.js loads the same way
//
// Each comes with the licences of the packages inside it (THIRD-PARTY-LICENSES.txt).
import { build } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
// Compiled by tsc just before: the list the engine loads them by.
import { PRISM_MODULE_PATHS } from '../dist/src/mock/engine/prism-module-paths.js';
import { PRISM_AJV_MODULE, patchPrismValidator } from '../dist/src/mock/engine/prism-ajv-optimizer.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Loaded by the engine before the bundle, as prism-modules.ts says; the bundle takes them from where Prism's own packages resolve them, so it finds the stand-ins. */
const DEFERRED = {
  '@faker-js/faker': "createRequire(createRequire(__filename).resolve('@stoplight/prism-http'))",
  'postman-collection': "createRequire(createRequire(createRequire(__filename).resolve('@stoplight/prism-http')).resolve('@stoplight/http-spec'))",
};

const deferredModules = {
  name: 'deferred-modules',
  setup(builder) {
    builder.onResolve({ filter: /^(@faker-js\/faker|postman-collection)$/ }, (args) => ({ path: args.path, namespace: 'deferred' }));
    builder.onLoad({ filter: /.*/, namespace: 'deferred' }, (args) => ({
      contents: `const { createRequire } = require('node:module');\nmodule.exports = ${DEFERRED[args.path]}(${JSON.stringify(args.path)});\n`,
      loader: 'js',
    }));
  },
};

// Redocly's example rules (no-invalid-media-type-examples, no-invalid-parameter-examples,
// no-invalid-schema-examples) compile an ajv validator for each distinct schema they meet:
// on GitHub's 13 MB description, 1,600 compiles and 3.4 s of a 6.8 s lint. ajv's code
// optimizer (on by default, and Redocly passes no option for it) rewrites each validator's
// generated code before it is compiled; it makes validating faster, but each validator here
// validates a few examples, once. Off, the same validators reject the same examples with the
// same errors (the lint output is byte-identical on GitHub's description and on
// test/fixtures/specs/example-violations-*.yaml), and lint takes about 0.5 s less CPU there.
// The one option is added where Redocly builds its ajv; if this Redocly builds it
// elsewhere, the build stops, so the patch is never silently lost.
const REDOCLY_AJV = /[\\/]@redocly[\\/]openapi-core[\\/]lib[\\/]rules[\\/]ajv\.js$/;
const REDOCLY_AJV_OPTION = 'passContext: true,';
const redoclyAjvOptimizerOff = {
  name: 'redocly-ajv-optimizer-off',
  setup(builder) {
    builder.onLoad({ filter: REDOCLY_AJV }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (source.split(REDOCLY_AJV_OPTION).length !== 2) {
        throw new Error(`${args.path}: expected one \`${REDOCLY_AJV_OPTION}\` in the options of Redocly's ajv, to turn ajv's code optimizer off beside it (scripts/bundle-vendors.js); this version of @redocly/openapi-core builds its ajv elsewhere`);
      }
      return { contents: source.replace(REDOCLY_AJV_OPTION, `${REDOCLY_AJV_OPTION} code: { optimize: false },`), loader: 'js' };
    });
  },
};

// Prism's validator likewise compiles a validator per schema it meets, with the optimizer
// on: off in the engine's bundle (src/mock/engine/prism-ajv-optimizer.ts says why, and
// stops the build if Prism builds its ajv elsewhere).
const prismAjvOptimizerOff = {
  name: 'prism-ajv-optimizer-off',
  setup(builder) {
    const file = new RegExp(`[\\\\/]${PRISM_AJV_MODULE.split('/').map((part) => part.replaceAll('.', '\\.')).join('[\\\\/]')}$`);
    let patched = 0;
    builder.onLoad({ filter: file }, (args) => {
      patched += 1;
      return { contents: patchPrismValidator(readFileSync(args.path, 'utf8'), args.path), loader: 'js' };
    });
    builder.onEnd(() => {
      if (patched !== 1) throw new Error(`expected Prism's bundle to hold ${PRISM_AJV_MODULE} once, to turn ajv's code optimizer off there; it held it ${patched} times`);
    });
  },
};

/** A CommonJS bundle's own URL, from which our modules inside it find their files in dist/ (locatedFromDist). */
const BUNDLE_URL_BANNER = "const __authkitBundleUrl = require('node:url').pathToFileURL(__filename).href;";

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  metafile: true,
  logLevel: 'warning',
  legalComments: 'eof',
  // jsonc-parser's main file is a UMD wrapper whose requires esbuild cannot follow; its ES build is the same code.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
};

/**
 * An ES module bundle of `entry` written over the module tsc emitted for it (`outfile`),
 * with the licences of the packages inside beside it (`<name>.THIRD-PARTY-LICENSES.txt`).
 */
async function bundleInPlaceOfTscModule(entry, outfile, plugins) {
  const result = await build({
    ...common,
    entryPoints: [entry],
    outfile,
    allowOverwrite: true,
    format: 'esm',
    // CommonJS modules inside an ES bundle still call require() for Node's own modules.
    banner: { js: "import { createRequire as __authkitCreateRequire } from 'node:module';\nconst require = __authkitCreateRequire(import.meta.url);" },
    plugins,
  });
  writeLicences(result.metafile, outfile.replace(/\.js$/, '.THIRD-PARTY-LICENSES.txt'), relative(root, outfile).split('\\').join('/'));
}

await bundleInPlaceOfTscModule(join(root, 'src/openapi/redocly.ts'), join(root, 'dist/src/openapi/redocly.js'), [redoclyAjvOptimizerOff]);

const prismVersion = JSON.parse(readFileSync(join(root, 'node_modules/@stoplight/prism-http/package.json'), 'utf8')).version;
mkdirSync(join(root, 'dist/vendor/prism'), { recursive: true });
const prism = await build({
  ...common,
  stdin: {
    resolveDir: root,
    sourcefile: 'prism-entry.cjs',
    loader: 'js',
    contents: `module.exports = {\n  version: ${JSON.stringify(prismVersion)},\n${Object.entries(PRISM_MODULE_PATHS).map(([name, path]) => `  ${name}: require(${JSON.stringify(path)}),\n`).join('')}};\n`,
  },
  outfile: join(root, 'dist/vendor/prism/prism.cjs'),
  format: 'cjs',
  plugins: [deferredModules, prismAjvOptimizerOff],
});
writeLicences(prism.metafile, join(root, 'dist/vendor/prism/THIRD-PARTY-LICENSES.txt'), 'dist/vendor/prism/prism.cjs');

// The mock engine's process (src/mock/engine/engine-process.ts: the cluster primary and
// each worker), with the toolkit's modules it loads and their packages (ajv, yaml,
// find-my-way, randexp, openapi-sampler), as one CommonJS file beside tsc's module, which
// engine-process-loader.js loads with V8's code cache. As tsc emits them, a worker loaded
// some 65 of our ES modules and 200 CommonJS files of those packages before its first
// request: about 0.2 s of CPU in each, and a run of the suite starts some 250 engine
// processes. What a process imports only when it needs it (the primary's state,
// the workers' Prism side) stays lazy: esbuild keeps each dynamic import as a deferred
// module inside the one file. Prism's bundle stays outside (prism-modules.ts requires it
// by path), and so does Redocly's: a dynamic import whose module reaches it (a spec with
// external $refs, bundled first) loads tsc's modules from dist/ as before, since a static
// import of an outside file would be loaded by every process at once. Our modules from
// other folders that find files beside themselves (import.meta.url) get their own file's
// URL, so they still find them.
const ENGINE_OUT_DIR = join(root, 'dist/src/mock/engine');
const SRC = join(root, 'src');
const builtOf = (source) => source.replace(SRC, join(root, 'dist/src')).replace(/\.ts$/, '.js');
const relativeUrl = (fromDir, file) => {
  const path = relative(fromDir, file).split('\\').join('/');
  return path.startsWith('.') ? path : `./${path}`;
};
const fromEngineDir = (file) => relativeUrl(ENGINE_OUT_DIR, file);
const STATIC_IMPORT = /(?:^|\n)\s*(?:import|export)\s(?!type\s)[^'"]*?from\s*['"](\.[^'"]+)['"]|(?:^|\n)\s*import\s*['"](\.[^'"]+)['"]/g;
/** Whether a source module loads Redocly's bundle through its static imports. */
const reachesRedocly = (file, seen = new Set()) => {
  if (file.endsWith(`${join('openapi', 'redocly.ts')}`)) return true;
  if (seen.has(file) || !existsSync(file)) return false;
  seen.add(file);
  for (const match of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) {
    if (reachesRedocly(join(dirname(file), (match[1] ?? match[2]).replace(/\.js$/, '.ts')), seen)) return true;
  }
  return false;
};
const engineBundlePaths = {
  name: 'engine-bundle-paths',
  setup(builder) {
    builder.onResolve({ filter: /^\./ }, (args) => {
      if (!args.importer.startsWith(SRC)) return undefined;
      const target = join(args.resolveDir, args.path.replace(/\.js$/, '.ts'));
      if (args.kind === 'dynamic-import' && reachesRedocly(target)) return { path: fromEngineDir(builtOf(target)), external: true };
      if (target.endsWith(join('openapi', 'redocly.ts'))) throw new Error(`${args.importer} imports Redocly statically: in the engine's bundle every process would load it (scripts/bundle-vendors.js)`);
      return undefined;
    });
  },
};
/** Our modules that find files beside themselves (import.meta.url) get their own file's URL in dist/, from `base`, the bundle's URL in `outDir`. */
const locatedFromDist = (outDir, base) => ({
  name: 'located-from-dist',
  setup(builder) {
    builder.onLoad({ filter: /\.ts$/ }, (args) => {
      if (!args.path.startsWith(SRC)) return undefined;
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      return { contents: source.replaceAll('import.meta.url', `new URL(${JSON.stringify(relativeUrl(outDir, builtOf(args.path)))}, ${base}).href`), loader: 'ts' };
    });
  },
});
const engine = await build({
  ...common,
  entryPoints: [join(SRC, 'mock/engine/engine-process.ts')],
  outfile: join(ENGINE_OUT_DIR, 'engine-process.cjs'),
  format: 'cjs',
  banner: { js: BUNDLE_URL_BANNER },
  plugins: [engineBundlePaths, locatedFromDist(ENGINE_OUT_DIR, '__authkitBundleUrl')],
});
writeLicences(engine.metafile, join(ENGINE_OUT_DIR, 'engine-process.THIRD-PARTY-LICENSES.txt'), 'dist/src/mock/engine/engine-process.cjs');
// Its import() of Redocly's and tsc's modules, through the loader's (require-with-code-cache.ts says why), from the bundle's own place.
routeImportsThroughLoader(join(ENGINE_OUT_DIR, 'engine-process.cjs'));

// The `authkit` command (src/cli/run.ts, which src/cli/bin.ts runs) with every module and
// package it may load, Redocly's included, into one CommonJS file: dist/src/cli/cli.cjs.
// As tsc emits them, each run of the command found, read and linked some 400 ES modules
// and 600 CommonJS files before any work; bin.ts loads this one file with V8's code
// cache (src/cache/require-with-code-cache.ts), which ES modules cannot have on Node 20.
// Each module still runs only when the command needs it (esbuild keeps dynamic imports
// lazy inside the file). Left outside: what is loaded by path already (Prism's bundle,
// TypeScript, openapi-typescript, Redoc's file, Prism's CLI and its preload), and what
// only the sources use (tsx).
const CLI_OUT_DIR = join(root, 'dist/src/cli');
// A script from a code cache has no hook for import() on Node 20 (require-with-code-cache.ts
// says why): Redocly's one, which loads a config's plugins, goes through the loader's.
const REDOCLY_PLUGIN_IMPORT = /[\\/]@redocly[\\/]openapi-core[\\/]lib[\\/]config[\\/]plugins-cache\.js$/;
const cliDynamicImports = {
  name: 'cli-dynamic-imports',
  setup(builder) {
    builder.onLoad({ filter: REDOCLY_PLUGIN_IMPORT }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (source.split('return import(').length !== 2) throw new Error(`${args.path}: expected one \`return import(\` (Redocly's plugin loader), to route it through the loader's import() (scripts/bundle-vendors.js)`);
      return { contents: source.replace('return import(', "return globalThis[Symbol.for('authkit.dynamic-import')]("), loader: 'js' };
    });
  },
};
const cli = await build({
  ...common,
  entryPoints: [join(SRC, 'cli/run.ts')],
  outfile: join(CLI_OUT_DIR, 'cli.cjs'),
  format: 'cjs',
  external: ['typescript', 'openapi-typescript', '@stoplight/*', 'redoc', 'tsx'],
  banner: { js: BUNDLE_URL_BANNER },
  plugins: [locatedFromDist(CLI_OUT_DIR, '__authkitBundleUrl'), redoclyAjvOptimizerOff, cliDynamicImports],
});
routeImportsThroughLoader(join(CLI_OUT_DIR, 'cli.cjs'));
writeLicences(cli.metafile, join(CLI_OUT_DIR, 'cli.THIRD-PARTY-LICENSES.txt'), 'dist/src/cli/cli.cjs');

/**
 * A CommonJS bundle that require-with-code-cache.ts loads has no hook for import() once its
 * code comes from the cache (that module says why): each `import("./relative.js")` esbuild
 * left in it goes through the loader's hook instead, resolved from the bundle's own URL,
 * and the build stops if any other import() is left. Not counted: one inside a template
 * literal (code another process runs), and the loader's own fallback for the hook, which
 * the copy that loaded the bundle has set before this one runs.
 */
function routeImportsThroughLoader(file) {
  const source = readFileSync(file, 'utf8').replace(/\bimport\(("\.{1,2}\/[^"]+")\)/g, "globalThis[Symbol.for('authkit.dynamic-import')](new URL($1, __authkitBundleUrl).href)");
  const realImport = (line) => {
    const at = line.search(/(^|[^\w$.])import\(/);
    return at >= 0 && line.slice(0, at + 1).split('`').length % 2 === 1 && !/\[DYNAMIC_IMPORT\] \?\?= /.test(line);
  };
  const left = source.split('\n').filter(realImport);
  if (left.length > 0) throw new Error(`${relative(root, file)} keeps import() calls, which fail from V8's code cache on Node 20: ${left.map((line) => line.trim()).join(' | ')}`);
  writeFileSync(file, source);
}

/** The licence file of every package with a module in the bundle, with its name and version. */
function writeLicences(metafile, target, bundle) {
  const packages = new Map();
  for (const input of Object.keys(metafile.inputs)) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match && !packages.has(match[1])) packages.set(match[1], join(root, match[1]));
  }
  const sections = [];
  for (const dir of [...packages.values()].sort()) {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const licenceFile = readdirSync(dir).find((name) => /^(licen[cs]e|copying)(\.|$)/i.test(name));
    const text = licenceFile ? readFileSync(join(dir, licenceFile), 'utf8').trim() : `License: ${manifest.license ?? 'not stated'} (the package has no licence file)`;
    sections.push(`${manifest.name}@${manifest.version} (${relative(root, dir)})\n\n${text}`);
  }
  if (!existsSync(dirname(target))) mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, `Packages bundled into ${bundle} by scripts/bundle-vendors.js, with their licences.\n\n${sections.join(`\n\n${'-'.repeat(72)}\n\n`)}\n`);
}
