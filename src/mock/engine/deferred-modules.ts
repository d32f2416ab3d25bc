// Stand-ins for two modules Prism loads as it starts and a mock seldom or never uses, in
// the module cache until something does: for the engine (prism-modules.ts) and for the
// Prism CLI that --proxy and the parity tests run (prism-cli-preload.ts).
import { createRequire, Module } from 'node:module';
import { dirname } from 'node:path';

/**
 * prism-http loads @faker-js/faker as it starts (2,000 files, 650 ms of a 1.2 s start
 * here), but only uses it to make up values for `Prefer: dynamic=true`, through a
 * function (`jsf.extend('faker', () => faker.default)`). Prism's spec reader loads
 * postman-collection (160 ms, with a faker of its own) for Postman collections, which
 * the mock never reads. `prismHttpRequire` is a require from prism-http's own folder.
 */
export function deferPrismExtras(prismHttpRequire: NodeJS.Require): void {
  deferModule('@faker-js/faker', prismHttpRequire);
  deferModule('postman-collection', () => createRequire(prismHttpRequire.resolve('@stoplight/http-spec')));
}

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
  const cache = createRequire(import.meta.url).cache;
  if (cache[file]) return;
  let real: Record<PropertyKey, unknown> | undefined;
  const load = () => {
    if (!real) {
      delete cache[file];
      real = ownerRequire(file) as Record<PropertyKey, unknown>;
    }
    return real;
  };
  const standIn = new Module(file);
  standIn.filename = file;
  standIn.paths = [dirname(file)];
  standIn.loaded = true;
  // json-schema-faker calls its function at once and keeps what it returns, and the
  // spec reader takes members at load: so each export is itself a stand-in, resolved on first use.
  standIn.exports = lazy(() => new Proxy(load(), {}), (key) => lazy(() => load()[key]));
  cache[file] = standIn;
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
