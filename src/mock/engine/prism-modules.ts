import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deferPrismExtras } from './deferred-modules.js';
import { PRISM_MODULE_PATHS } from './prism-module-paths.js';
import { requireWithCodeCache } from '../../cache/require-with-code-cache.js';

// Prism's engine, loaded as CommonJS, once, for the engine's modules to share.
const require = createRequire(import.meta.url);

// faker and postman-collection wait until something uses them (deferred-modules.ts).
deferPrismExtras(createRequire(require.resolve('@stoplight/prism-http')));

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
