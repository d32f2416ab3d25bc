import type { OpenApiDocument } from '../openapi/document.js';
import { documentedStatuses, listOperations, type OperationSpec } from '../openapi/operations.js';
import { caseId, type ContractCase, type ContractRequest } from './cases.js';
import { buildInvalidBodyRequest, buildValidRequest, requiresCredentials } from './request-builder.js';

/** The cases a mock run sends: every documented status of every operation, then the negatives. */
export function buildCases(document: OpenApiDocument, operations: OperationSpec[] = listOperations(document)): { documented: ContractCase[]; negatives: ContractCase[] } {
  const documented: ContractCase[] = [];
  const negatives: ContractCase[] = [];
  for (const operation of operations) {
    let request: ContractRequest;
    let unbuildable: string | undefined;
    try {
      request = buildValidRequest(document, operation);
    } catch (error) {
      // One operation the sampler cannot handle must not take the whole run down with it.
      request = { method: operation.method, path: operation.path, pathParams: {}, query: {}, headers: {}, cookies: {}, body: undefined };
      unbuildable = `could not build a request from the spec: ${(error as Error).message}`;
    }
    for (const status of documentedStatuses(operation)) {
      documented.push({ id: caseId(operation, status, 'documented'), kind: 'documented', operation, status, request, ...(unbuildable ? { unbuildable } : {}) });
    }
    if (unbuildable) continue;
    const statuses = documentedStatuses(operation);
    if (statuses.includes(401) && requiresCredentials(operation)) {
      negatives.push({ id: caseId(operation, 401, 'missing_credentials'), kind: 'missing_credentials', operation, status: 401, request: buildValidRequest(document, operation, { credentials: false }) });
    }
    if (statuses.includes(422)) {
      const invalid = buildInvalidBodyRequest(document, operation, fieldsNamedByExample(operation));
      if (invalid) negatives.push({ id: caseId(operation, 422, 'invalid_body'), kind: 'invalid_body', operation, status: 422, request: invalid });
    }
  }
  return { documented, negatives };
}

/** The fields the documented 422 example's errors[] names: breaking one of those keeps the example truthful. */
function fieldsNamedByExample(operation: OperationSpec): string[] {
  const response = operation.responses.find((candidate) => candidate.key === '422');
  const media = Object.values(response?.content ?? {})[0];
  const example = media?.example ?? Object.values(media?.examples ?? {})[0];
  const errors = (example as { errors?: Array<{ loc?: unknown[] }> } | undefined)?.errors ?? (example as { value?: { errors?: Array<{ loc?: unknown[] }> } } | undefined)?.value?.errors ?? [];
  return errors.flatMap((error) => (error.loc ?? []).filter((part): part is string => typeof part === 'string'));
}
