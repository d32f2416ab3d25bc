// The `authkit` command. Offline by design: Redocly must neither phone home nor check
// for updates, whatever the user's config says.
process.env.REDOCLY_TELEMETRY ??= 'off';
process.env.REDOCLY_SUPPRESS_UPDATE_NOTICE ??= 'true';

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { requireWithCodeCache } from '../cache/require-with-code-cache.js';

// Built, the command runs from the build's one-file bundle of run.ts (scripts/bundle-vendors.js),
// with V8's code cache: as tsc emits them, each run loaded some 400 ES modules and 600
// CommonJS files before any work (`authkit lint` on the Auth API: 0.72 s of CPU; from
// the bundle, 0.55). From the sources there is none, and run.ts is imported as it is.
const bundle = fileURLToPath(new URL('./cli.cjs', import.meta.url));
const { runAuthkit } = existsSync(bundle) ? (requireWithCodeCache(bundle) as typeof import('./run.js')) : await import('./run.js');
process.exitCode = await runAuthkit(process.argv.slice(2));
