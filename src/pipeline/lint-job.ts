import { loadLintConfig } from '../lint/lint-config.js';
import { lintSpec, type LintResult } from '../lint/lint-spec.js';
import { createSpecResolver } from '../openapi/spec-resolver.js';
import type { ApiTarget } from './project.js';

/** Lints one API with its own rules: the config's root rules merged with its `apis:` entry. */
export async function lintApi(target: ApiTarget): Promise<LintResult> {
  const config = await loadLintConfig({ configFile: target.configFile, api: target.name });
  return lintSpec({ spec: target.root, config, resolver: createSpecResolver(config, { rootDir: target.projectRoot, allowRemote: target.allowRemoteRefs }) });
}
