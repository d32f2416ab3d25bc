import { basename, dirname, resolve } from 'node:path';
import { renderDocsPage } from '../docs/docs-page.js';
import { writeFilesAtomically } from '../generate/atomic-write.js';
import { listOperations } from '../openapi/operations.js';
import type { SpecProblem } from '../openapi/spec-problem.js';
import { loadSpec } from './load-spec.js';
import type { ApiTarget } from './project.js';

export const DEFAULT_DOCS_FILE = 'reports/docs.html';

export interface DocsOutcome {
  file: string;
  bytes: number;
  operations: number;
  /** Lint errors that did not stop the page (only a spec with no usable document does). */
  tolerated: SpecProblem[];
}

/** Lints and bundles the spec, then writes its reference page to `out`, atomically. */
export async function writeDocsPage(target: ApiTarget, options: { out: string; cwd: string; strict?: boolean; codeSamples?: boolean }): Promise<DocsOutcome> {
  const loaded = await loadSpec(target, { stopOn: options.strict ? 'any-error' : 'structural' });
  const page = renderDocsPage(loaded.document, { codeSamples: options.codeSamples });
  const file = resolve(options.cwd, options.out);
  await writeFilesAtomically(dirname(file), [{ name: basename(file), content: page }]);
  return { file, bytes: Buffer.byteLength(page), operations: listOperations(loaded.document).length, tolerated: loaded.tolerated };
}
