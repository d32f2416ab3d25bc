import { readArazzo } from '../flows/read-arazzo.js';
import { loadLintConfig } from '../lint/lint-config.js';
import { lintArazzo, lintSpec, type LintResult } from '../lint/lint-spec.js';
import { createSpecResolver } from '../openapi/spec-resolver.js';
import { SpecError } from '../openapi/spec-problem.js';
import { flowFilesOf } from './flow-files.js';
import type { ApiTarget } from './project.js';

/** Lints one API with its own rules: the config's root rules merged with its `apis:` entry. */
export async function lintApi(target: ApiTarget): Promise<LintResult> {
  const config = await loadLintConfig({ configFile: target.configFile, api: target.name });
  return lintSpec({ spec: target.root, config, resolver: createSpecResolver(config, { rootDir: target.projectRoot, allowRemote: target.allowRemoteRefs }) });
}

/**
 * Lints the API's Arazzo files with its config: Redocly's Arazzo rules, then what a run
 * needs that those rules do not check (the flows reader's structure problems), each at
 * its file and line.
 */
export async function lintApiFlows(target: ApiTarget): Promise<LintResult[]> {
  const files = flowFilesOf(target);
  if (files.length === 0) return [];
  const config = await loadLintConfig({ configFile: target.configFile, api: target.name });
  const results: LintResult[] = [];
  for (const file of files) {
    const result = await lintArazzo({ file, config });
    try {
      readArazzo(file);
    } catch (error) {
      if (!(error instanceof SpecError)) throw error;
      const seen = new Set(result.problems.map((problem) => `${problem.line}:${problem.message}`));
      const extra = error.problems.filter((problem) => !seen.has(`${problem.line}:${problem.message}`));
      result.problems.push(...extra);
      result.errorCount += extra.filter((problem) => problem.severity === 'error').length;
    }
    results.push(result);
  }
  return results;
}
