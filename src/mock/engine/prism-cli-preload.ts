// Loaded into the Prism CLI's own process (--import) before the CLI, by startPrism(): the
// CLI that `mock --proxy` runs, and the parity tests' reference. It defers the modules the
// engine defers (deferred-modules.ts), found from the CLI's own copy of prism-http: 0.6 s
// of its start, and the same answers (faker still loads at the first `dynamic=true`).
import { readFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { Server } from 'node:net';
import { dirname, join } from 'node:path';
import { cacheCommonJsCompiles } from '../../cache/commonjs-code-cache.js';
import { deferPrismExtras } from './deferred-modules.js';
import { PRISM_AJV_MODULE, patchPrismValidator } from './prism-ajv-optimizer.js';
import { prismListeningLine } from './prism-cli-listening.js';
import { routeAmongCandidates } from './prism-route-candidates.js';

/** Log levels above `info`: a CLI started with one (startPrism's `quiet`) prints no route list. */
const ABOVE_INFO = new Set(['warn', 'error', 'fatal', 'silent']);

// Before anything of the CLI's is compiled: its 700 or so files from V8's code cache, a
// quarter of its start on a small spec (commonjs-code-cache.ts).
const compiles = cacheCommonJsCompiles('prism-cli');
const cliManifest = createRequire(import.meta.url).resolve('@stoplight/prism-cli/package.json');
const cli = createRequire(cliManifest);
// First: the patched validator module must be in the module cache before anything loads
// Prism's own (skipUnprintedRouteList does). Called last, it came too late for a quiet CLI,
// whose modules kept the published one.
ajvWithoutOptimizer();
deferPrismExtras(createRequire(cli.resolve('@stoplight/prism-http')));
routeAmongCandidatesOnly();
const quiet = isQuiet(process.argv);
if (quiet) skipUnprintedRouteList();
if (quiet) sayWhenListening();
// Saved once it listens, before the line above is written: a CLI killed as soon as it is
// ready (as tests do) has saved by then. Only a start that compiled something new pays for it.
onceListening(() => compiles.save());
readFakerOptionsOnlyWhereGiven();

/** A level above `info` (startPrism's `quiet`): the CLI prints no route list and no "listening" line. */
function isQuiet(argv: readonly string[]): boolean {
  const flag = argv.findIndex((arg) => arg === '-v' || arg === '--verboseLevel');
  const level = flag >= 0 ? argv[flag + 1] : argv.find((arg) => arg.startsWith('--verboseLevel='))?.slice('--verboseLevel='.length);
  return level !== undefined && ABOVE_INFO.has(level);
}

/** The line startPrism waits for (prism-cli-listening.ts says why), once the CLI's server listens, with its port. */
function sayWhenListening(): void {
  onceListening((port) => process.stderr.write(`${prismListeningLine(port)}\n`));
}

/** Calls `then` with the port once a server of this process listens, for each server that does. */
function onceListening(then: (port: number) => void): void {
  const listen = Server.prototype.listen;
  Server.prototype.listen = function (this: Server, ...args: unknown[]) {
    this.once('listening', () => {
      const address = this.address();
      if (address && typeof address === 'object') then(address.port);
    });
    return (listen as (...args: unknown[]) => Server).apply(this, args);
  } as typeof listen;
}

/**
 * Prism's validator module, compiled from its source with ajv's code optimizer off
 * (prism-ajv-optimizer.ts says why) and put in the module cache where the CLI will look for
 * it, as the build does in the engine's bundle. A Prism that builds its ajv elsewhere keeps
 * its own.
 */
function ajvWithoutOptimizer(): void {
  let file: string;
  let source: string;
  try {
    file = cli.resolve(PRISM_AJV_MODULE);
    source = patchPrismValidator(readFileSync(file, 'utf8'), file);
  } catch {
    return;
  }
  // Node 20 has no hook to change a CommonJS module's source (module.registerHooks is 22.15's):
  // a module of the cache, compiled as require() would, is what require() then returns.
  const internals = Module as unknown as { _nodeModulePaths(dir: string): string[] };
  const module = new Module(file) as Module & { _compile(source: string, file: string): void };
  module.filename = file;
  module.paths = internals._nodeModulePaths(dirname(file));
  module._compile(source, file);
  module.loaded = true;
  cli.cache[file] = module;
}

/**
 * Prism's router, handed only the operations that could match each request's path
 * (prism-route-candidates.ts says why, and why the answer is the same). Prism's instance
 * reads the router module's export when the server makes it, after this.
 */
function routeAmongCandidatesOnly(): void {
  let router: { default?: unknown };
  try {
    // By file: the package's exports do not promise this module.
    router = cli(join(dirname(cli.resolve('@stoplight/prism-http/package.json')), 'dist', 'router', 'index.js')) as typeof router;
  } catch {
    return; // another Prism, laid out otherwise: its router sees every operation, as without the preload
  }
  if (typeof router.default === 'function') router.default = routeAmongCandidates(router.default as Parameters<typeof routeAmongCandidates>[0]);
}

/**
 * Once it listens, the CLI logs each operation at `info` with an example URL, making up
 * a value for every path and query parameter without an example, with json-schema-faker
 * (and faker for a plain string), whatever the level. So a quiet CLI loaded faker (1.1 s
 * of CPU) and ran them for lines nobody sees: 2 to 3 s of a quiet CLI's CPU on authentik. When the
 * level drops them, the example URL is not made: the CLI falls back to the operation's
 * path for the line it does not print. Answers do not depend on it.
 */
function skipUnprintedRouteList(): void {
  let paths: { createExamplePath?: unknown };
  let either: { left: (error: Error) => unknown };
  try {
    // By file: the package's exports do not promise this module.
    paths = cli(join(dirname(cliManifest), 'dist', 'util', 'paths.js')) as typeof paths;
    either = cli('fp-ts/Either') as typeof either;
  } catch {
    return; // another Prism, laid out otherwise: it makes its list, as without the preload
  }
  if (typeof paths.createExamplePath === 'function') paths.createExamplePath = () => either.left(new Error('the route list is not printed at this level'));
}

/**
 * Once it has read its operations, the CLI reads the whole spec a second time, dereferenced
 * and then decycled, for one thing: the root's `x-json-schema-faker` options (it then applies
 * its own `--json-schema-faker-*` flags). On a spec the size of a sixth of authentik's, that
 * second pass was 0.37 s of a 2 s start. A spec file that cannot hold those options at its
 * root (the key is nowhere in its text, and its root is no `$ref` to another document) is
 * given to that step as an empty document instead: no options from the spec either way, and
 * the flags applied as before. A spec that has them, or that this cannot read, goes to the
 * step as it is. The first reading has already dereferenced the same file, so the second one
 * could not fail where the first did not.
 */
function readFakerOptionsOnlyWhereGiven(): void {
  type Configure = (spec: unknown, cliOptions: unknown) => Promise<void>;
  let extensions: { configureExtensionsUserProvided?: Configure };
  try {
    // By file, as the CLI's createServer requires it: the package's exports do not promise it.
    extensions = cli(join(dirname(cliManifest), 'dist', 'extensions.js')) as typeof extensions;
  } catch {
    return; // another Prism, laid out otherwise: it reads the spec twice, as without the preload
  }
  const configure = extensions.configureExtensionsUserProvided;
  if (typeof configure !== 'function') return;
  extensions.configureExtensionsUserProvided = (spec, cliOptions) => configure(typeof spec === 'string' && cannotHoldFakerOptions(spec) ? {} : spec, cliOptions);
}

const FAKER_OPTIONS_KEY = 'x-json-schema-faker';

/** True when the spec file's root cannot have `x-json-schema-faker` once dereferenced; false when it may, or cannot be read here. */
function cannotHoldFakerOptions(file: string): boolean {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return false; // a URL, or a file Prism reads otherwise
  }
  if (text.includes(FAKER_OPTIONS_KEY)) return false;
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    try {
      // Loaded only for a spec that is not JSON: the toolkit hands the CLI a JSON bundle.
      root = (createRequire(import.meta.url)('yaml') as typeof import('yaml')).parse(text);
    } catch {
      return false;
    }
  }
  return typeof root === 'object' && root !== null && !Array.isArray(root) && !Object.hasOwn(root, '$ref');
}
