import { createConfig, loadConfig, type Config } from '../openapi/redocly.js';

/**
 * The Redocly config for one API: the file's root-level rules, merged with the rules
 * of its `apis:` entry when there is one. With no config file, Redocly's `recommended`
 * ruleset, as `redocly lint` itself would use.
 */
export async function loadLintConfig(options: { configFile?: string; api?: string } = {}): Promise<Config> {
  const config = options.configFile ? await loadConfig({ configPath: options.configFile }) : await createConfig({ extends: ['recommended'] });
  return config.forAlias(options.api);
}
