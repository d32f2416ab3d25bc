import { loadConfig, type Config } from '@redocly/openapi-core';
import { DEFAULT_LINT_CONFIG } from '../project-root.js';

/** Loads a redocly.yaml (the toolkit's own by default) with its plugins resolved. */
export async function loadLintConfig(configPath: string = DEFAULT_LINT_CONFIG): Promise<Config> {
  return loadConfig({ configPath });
}
