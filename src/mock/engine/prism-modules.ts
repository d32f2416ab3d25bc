import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PRISM_MODULE_PATHS } from './prism-module-paths.js';
import { requireWithCodeCache } from '../../cache/require-with-code-cache.js';

// Prism's engine, loaded as CommonJS, once, for the engine's modules to share.
const require = createRequire(import.meta.url);

// prism-http loads @faker-js/faker as it starts (2,000 files, 650 ms of a 1.2 s start
// here), but only uses it to make up values for `Prefer: dynamic=true`, through a
// function (`jsf.extend('faker', () => faker.default)`). Prism's spec reader loads
// postman-collection (160 ms, with a faker of its own) for Postman collections, which
// the mock never reads. Stand-ins take their place until something uses them.
const prismHttpRequire = createRequire(require.resolve('@stoplight/prism-http'));
deferModule('@faker-js/faker', prismHttpRequire);
deferModule('postman-collection', () => createRequire(prismHttpRequire.resolve('@stoplight/http-spec')));

/** The Prism modules the engine uses: its whole engine, and the parts prism-engine.ts puts together again. */
export type PrismModules = { version: string; http: typeof import('@stoplight/prism-http'); core: typeof import('@stoplight/prism-core') } & Record<Exclude<keyof typeof PRISM_MODULE_PATHS, 'http' | 'core'>, unknown>;

const installedVersion = (require('@stoplight/prism-http/package.json') as { version: string }).version;

/**
 * The build's one-file bundle of these modules (scripts/bundle-vendors.js: dist/vendor/prism),
 * when this module runs from dist/ and the bundle was made from the Prism installed now;
 * else the packages themselves (from the sources, or after Prism was upgraded without a build).
 */
function loadPrism(): PrismModules & { from: 'bundle' | 'packages' } {
  const bundle = fileURLToPath(new URL('../../../vendor/prism/prism.cjs', import.meta.url));
  if (existsSync(bundle)) {
    const modules = requireWithCodeCache(bundle) as PrismModules;
    if (modules.version === installedVersion) return { ...modules, from: 'bundle' };
  }
  const modules = Object.fromEntries(Object.entries(PRISM_MODULE_PATHS).map(([name, path]) => [name, require(path)]));
  return { ...(modules as Omit<PrismModules, 'version'>), version: installedVersion, from: 'packages' };
}

export const prism = loadPrism();
export const prismHttp = prism.http;
export const prismCore = prism.core;
export const PRISM_HTTP_VERSION = prism.version;

/**
 * Puts a stand-in for `specifier`, as its owner's `require` resolves it, in the module
 * cache; the real module loads on first use. Where it cannot be found (another install
 * layout), nothing is deferred: that costs start-up time, nothing else.
 */
function deferModule(specifier: string, owner: NodeJS.Require | (() => NodeJS.Require)): void {
  let ownerRequire: NodeJS.Require;
  let file: string;
  try {
    ownerRequire = typeof owner === 'function' && !('resolve' in owner) ? owner() : (owner as NodeJS.Require);
    file = ownerRequire.resolve(specifier);
  } catch {
    return;
  }
  if (require.cache[file]) return;
  let real: Record<PropertyKey, unknown> | undefined;
  const load = () => {
    if (!real) {
      delete require.cache[file];
      real = ownerRequire(file) as Record<PropertyKey, unknown>;
    }
    return real;
  };
  const { Module } = require('node:module') as { Module: new (id: string) => NodeJS.Module };
  const standIn = new Module(file);
  standIn.filename = file;
  standIn.paths = [dirname(file)];
  standIn.loaded = true;
  // json-schema-faker calls its function at once and keeps what it returns, and the
  // spec reader takes members at load: so each export is itself a stand-in, resolved on first use.
  standIn.exports = lazy(() => new Proxy(load(), {}), (key) => lazy(() => load()[key]));
  require.cache[file] = standIn;
}

/**
 * A value that is not computed until it is used: read, called, listed. `member` answers
 * a property read without computing it (a further stand-in). The target is an arrow
 * function, so the stand-in can be called and has no fixed keys of its own.
 */
function lazy(resolve: () => unknown, member?: (key: PropertyKey) => unknown): object {
  const value = () => resolve() as object;
  return new Proxy(() => undefined, {
    get: (_target, key) => (member ? member(key) : Reflect.get(value(), key)),
    apply: (_target, thisArg, args) => Reflect.apply(value() as (...args: unknown[]) => unknown, thisArg, args),
    has: (_target, key) => key in value(),
    ownKeys: () => Reflect.ownKeys(value()),
    getOwnPropertyDescriptor: (_target, key) => {
      const descriptor = Object.getOwnPropertyDescriptor(value(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
  });
}
