import type { Config } from '@redocly/openapi-core';
import { BUNDLED_SPEC_FILE, TYPES_FILE } from '../project-root.js';
import { lintSpec, type LintResult } from '../lint/lint-spec.js';
import { bundleSpec, sharedResolver } from '../spec/bundle-spec.js';
import { SpecError } from '../spec/spec-problem.js';
import { writeFilesAtomically, type OutputFile } from './atomic-write.js';
import { generateTypeScript } from './types-generator.js';

export interface Artifacts {
  files: OutputFile[];
  lint: LintResult;
  /** Every file the spec is made of. */
  sources: string[];
}

/**
 * Everything `generate` would write, computed in memory: the drift gate compares it
 * with what is on disk, and `generate` writes it. A spec with lint errors yields none.
 */
export async function buildArtifacts(options: { spec: string; config: Config }): Promise<Artifacts> {
  const resolver = sharedResolver(options.config);
  const lint = await lintSpec({ ...options, resolver });
  const errors = lint.problems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0) throw new SpecError(errors);
  const bundled = await bundleSpec({ ...options, resolver });
  const files: OutputFile[] = [
    { name: BUNDLED_SPEC_FILE, content: `${JSON.stringify(bundled.document, null, 2)}\n` },
    { name: TYPES_FILE, content: await generateTypeScript(bundled.document) },
  ];
  return { files, lint, sources: bundled.files };
}

export async function generate(options: { spec: string; config: Config; outDir: string }): Promise<{ written: string[]; artifacts: Artifacts }> {
  const artifacts = await buildArtifacts(options);
  const written = await writeFilesAtomically(options.outDir, artifacts.files);
  return { written, artifacts };
}
