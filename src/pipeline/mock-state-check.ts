import { readStatePlan } from '../mock-state/read-plan.js';
import type { OpenApiDocument } from '../openapi/document.js';
import { locatePointer } from '../openapi/locate-pointer.js';
import { SpecError } from '../openapi/spec-problem.js';
import type { ApiTarget } from './project.js';

/** What a command says about the mock's answers: `--stateless`, `--seed`, `--strict-examples`, and the config's collections. */
export interface MockStateChoice {
  stateless?: boolean;
  seed?: number;
  strictExamples?: boolean;
}

export function mockStateOptions(target: ApiTarget, choice: MockStateChoice): { stateless: boolean; seed: number | undefined; collections: boolean; strictExamples: boolean } {
  return { stateless: choice.stateless === true, seed: choice.seed, collections: target.collections, strictExamples: choice.strictExamples === true };
}

/**
 * The spec's state marks, checked before anything is served: a mark the mock cannot use
 * (`x-authkit-session: craete`, a path under `/__authkit/`) is a problem at its file and
 * line, with the JSON pointer, rather than a mock that refuses to start on a temporary bundle.
 */
export function checkMockState(target: ApiTarget, document: OpenApiDocument, choice: MockStateChoice): void {
  const reading = readStatePlan(document, { collections: target.collections, stateless: choice.stateless });
  if (reading.ok) return;
  throw new SpecError(
    reading.problems.map((problem) => ({
      ...safeLocate(target.root, problem.pointer),
      rule: 'mock-state',
      message: `${problem.message} (${problem.pointer})`,
      severity: 'error' as const,
    })),
  );
}

function safeLocate(root: string, pointer: string): { file: string; line: number; column: number } {
  try {
    return locatePointer(root, pointer);
  } catch {
    return { file: root, line: 1, column: 1 };
  }
}
