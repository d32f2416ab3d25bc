// The mock engine's process as built (start-engine.ts starts this file; node:cluster forks
// its workers from it too): the build's one-file bundle of engine-process.ts
// (scripts/bundle-vendors.js: engine-process.cjs), loaded with V8's code cache. An ES
// module has none on Node 20, and each engine process compiled the 1 MB bundle again; a
// run of the test suite starts some 250 of them. Without the bundle (a build by tsc
// alone), tsc's module of it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { requireWithCodeCache } from '../../cache/require-with-code-cache.js';

const bundle = fileURLToPath(new URL('./engine-process.cjs', import.meta.url));
if (existsSync(bundle)) requireWithCodeCache(bundle);
else await import('./engine-process.js');
