import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toolkitPackage, toolkitRoot } from '../toolkit-package.js';

/**
 * What generated files depend on besides the spec: the toolkit, the two engines that
 * write them (pinned exactly in the toolkit's package.json, so reading it loads
 * neither), and, in a checkout of the toolkit, the generator's source, so that a
 * change to it counts before the version moves. The source is hashed whether the CLI
 * runs from src/ or from dist/, so both agree on the committed manifest.
 */
export function generatorVersions(): Record<string, string> {
  const pkg = toolkitPackage();
  return {
    [pkg.name]: pkg.version,
    'openapi-typescript': pkg.dependencies?.['openapi-typescript'] ?? 'unknown',
    '@redocly/openapi-core': pkg.dependencies?.['@redocly/openapi-core'] ?? 'unknown',
    ...generatorSourceHash(),
  };
}

function generatorSourceHash(): { source?: string } {
  const folder = join(toolkitRoot(), 'src', 'generate');
  if (!existsSync(folder)) return {}; // an installed package: its version says it all
  const hash = createHash('sha256');
  for (const name of readdirSync(folder).filter((file) => file.endsWith('.ts')).sort()) {
    hash.update(name).update(readFileSync(join(folder, name)));
  }
  return { source: `sha256-${hash.digest('base64').slice(0, 16)}` };
}
