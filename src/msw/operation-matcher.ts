import { compilePathTemplate, paramsOf, type CompiledTemplate } from '../mock-state/path-params.js';
import type { OperationSpec } from '../openapi/operations.js';

export interface OperationMatch {
  operation: OperationSpec;
  /** Path parameters by the spec's own names, decoded. */
  params: Record<string, string>;
}

export interface OperationMatcher {
  match(method: string, path: string): OperationMatch | undefined;
  /** Whether any operation, of any method, is at this path: a 405 rather than a 404. */
  knowsPath(path: string): boolean;
}

/**
 * Finds the operation a request is for. Each path template is compiled once into a
 * regular expression, and those of one method are tried with literal segments ranked
 * before parameters (`/sessions/current` before `/sessions/{id}`), as a router ranks
 * them. Hand-written, not find-my-way (which the mock server uses): this runs in
 * pages too, and find-my-way needs `node:assert`.
 */
export function createOperationMatcher(operations: OperationSpec[]): OperationMatcher {
  const byMethod = new Map<string, Array<{ template: CompiledTemplate; rank: string; operation: OperationSpec }>>();
  for (const operation of operations) {
    const rank = operation.path.split('/').map((segment) => (segment.includes('{') ? '1' : '0')).join('');
    const entries = byMethod.get(operation.method.toUpperCase()) ?? [];
    entries.push({ template: compilePathTemplate(operation.path), rank, operation });
    byMethod.set(operation.method.toUpperCase(), entries);
  }
  for (const entries of byMethod.values()) entries.sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0));
  return {
    match(method, path) {
      for (const entry of byMethod.get(method.toUpperCase()) ?? []) {
        const found = entry.template.pattern.exec(path);
        if (found) return { operation: entry.operation, params: paramsOf(entry.template, found) };
      }
      return undefined;
    },
    knowsPath(path) {
      return [...byMethod.values()].some((entries) => entries.some((entry) => entry.template.pattern.test(path)));
    },
  };
}
