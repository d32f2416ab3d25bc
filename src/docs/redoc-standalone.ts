import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** Redoc's one-file browser build, as `npm run build` copies it into the package (`dist/vendor/redoc/`). */
const VENDORED = fileURLToPath(new URL('../../vendor/redoc/redoc.standalone.js', import.meta.url));

// The one thing the bundle fetches by itself: the "API docs by Redocly" mark, from
// Redocly's CDN. The same mark, drawn in place, keeps the credit and the page offline.
const REMOTE_LOGO = 'https://cdn.redoc.ly/redoc/logo-mini.svg';
const INLINE_LOGO =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Crect width='16' height='16' rx='3' fill='%23dc3545'/%3E%3Cpath d='M5 4h4a3 3 0 0 1 0 6H7v2H5z' fill='%23fff'/%3E%3C/svg%3E";

let cached: string | undefined;

/**
 * The source of Redoc 2's standalone bundle (redoc@2.5, MIT), made to fetch nothing.
 * Redoc 3 was measured against it and left out: its page renders each operation on a
 * route of its own (so one page does not show them all), it weighs 2.3 MB against
 * 1.1 MB, and it carries telemetry and CDN icons. The bundle ships inside this package,
 * copied there at build time, so users do not install Redoc's 85 MB of React, MobX and
 * core-js for one file; in this repository's checkout it comes from node_modules.
 */
export function redocStandaloneSource(): string {
  if (cached !== undefined) return cached;
  const file = existsSync(VENDORED) ? VENDORED : resolveFromPackage();
  const source = readFileSync(file, 'utf8');
  if (!source.includes(REMOTE_LOGO)) throw new Error(`${file}: not the Redoc bundle this toolkit was built with (its logo URL is not where expected), so it cannot be made to work offline`);
  cached = source.replaceAll(REMOTE_LOGO, INLINE_LOGO);
  return cached;
}

function resolveFromPackage(): string {
  try {
    return createRequire(import.meta.url).resolve('redoc/bundles/redoc.standalone.js');
  } catch {
    throw new Error(`Redoc's bundle is missing: neither ${VENDORED} (written by \`npm run build\`) nor the redoc package was found`);
  }
}
