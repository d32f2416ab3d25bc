import type { OpenApiDocument } from '../openapi/document.js';
import { documentedPairs, documentedStatuses, listOperations, type OperationSpec } from '../openapi/operations.js';
import { caseId, type CaseVariant, type ContractCase, type ContractRequest } from './cases.js';
import { concreteMediaType } from '../schema/body-encoding.js';
import { mockCannotServe } from './mock-limits.js';
import { buildInvalidBodyRequest, buildValidRequest, requiresCredentials } from './request-builder.js';
import type { ExampleFinding } from '../schema/sample-values.js';

/** The cases a mock run sends: every documented status of every operation, then the negatives. */
export function buildCases(
  document: OpenApiDocument,
  operations: OperationSpec[] = listOperations(document),
  validate?: (schema: unknown, value: unknown) => string[],
): { documented: ContractCase[]; negatives: ContractCase[]; findings: ExampleFinding[] } {
  const documented: ContractCase[] = [];
  const negatives: ContractCase[] = [];
  const findings: ExampleFinding[] = [];
  for (const operation of operations) {
    let request: ContractRequest;
    let unbuildable: string | undefined;
    const findingsBefore = findings.length;
    try {
      request = buildValidRequest(document, operation, { validate, findings });
    } catch (error) {
      // One operation the sampler cannot handle must not take the whole run down with it.
      request = { method: operation.method, path: operation.path, pathParams: {}, query: {}, headers: {}, cookies: {}, body: undefined };
      unbuildable = `could not build a request from the spec: ${(error as Error).message}`;
    }
    const requestFindings = findings.slice(findingsBefore);
    const pairs = documentedPairs(operation);
    // Each further security alternative is tried once, on the first success the operation documents.
    const securityProbe = pairs.find((pair) => pair.status !== undefined && pair.status >= 200 && pair.status < 300) ?? pairs[0];
    for (const pair of pairs) {
      const { key, status } = pair;
      const exact = key === String(status);
      const why = status === undefined ? `every status is documented by another key, so \`${key}\` cannot be forced` : unbuildable;
      const media = mediaTypeRequests(document, operation, key, request);
      const variants = why ? [] : [...media.variants, ...(pair === securityProbe ? securityVariants(document, operation, validate) : [])];
      documented.push({
        id: caseId(operation, status ?? 0, 'documented', key),
        kind: 'documented',
        operation,
        status: status ?? 0,
        ...(exact ? {} : { key }),
        request: media.request,
        ...(why ? { unbuildable: why } : {}),
        ...(variants.length > 0 ? { variants } : {}),
        ...(media.label ? { label: media.label } : {}),
        ...(media.skipped.length > 0 ? { skippedVariants: media.skipped } : {}),
        ...(media.cannotServe ? { mockCannotServe: media.cannotServe } : {}),
        ...(requestFindings.length > 0 ? { requestFindings } : {}),
      });
    }
    if (unbuildable) continue;
    const statuses = documentedStatuses(operation);
    if (statuses.includes(401) && requiresCredentials(operation)) {
      negatives.push({ id: caseId(operation, 401, 'missing_credentials'), kind: 'missing_credentials', operation, status: 401, request: buildValidRequest(document, operation, { credentials: false, validate }) });
    }
    if (statuses.includes(422)) {
      const invalid = buildInvalidBodyRequest(document, operation, validate);
      if (invalid) negatives.push({ id: caseId(operation, 422, 'invalid_body'), kind: 'invalid_body', operation, status: 422, request: invalid });
    }
  }
  return { documented, negatives, findings };
}

/**
 * A response documented in several media types is asked for in each, by `Accept`: the
 * first the mock can serve on the request itself, the others as variants. Those the mock
 * cannot serialize are listed, with the reason, instead of failing.
 */
function mediaTypeRequests(document: OpenApiDocument, operation: OperationSpec, key: string, request: ContractRequest) {
  const content = operation.responses.find((candidate) => candidate.key === key)?.content ?? {};
  const types = new Map<string, string | undefined>();
  for (const [type, media] of Object.entries(content)) if (!types.has(concreteMediaType(type))) types.set(concreteMediaType(type), mockCannotServe(document, type, media));
  const servable = [...types].filter(([, reason]) => !reason).map(([type]) => type);
  const skipped = [...types].filter(([, reason]) => reason).map(([type, reason]) => ({ label: `Accept: ${type}`, reason: reason! }));
  if (servable.length === 0) return { request, variants: [] as CaseVariant[], skipped: [], label: undefined, cannotServe: skipped[0]?.reason };
  if (types.size < 2) return { request, variants: [] as CaseVariant[], skipped: [], label: undefined, cannotServe: undefined };
  const [first, ...rest] = servable;
  return {
    request: { ...request, accept: first! },
    label: `Accept: ${first}`,
    variants: rest.map((type): CaseVariant => ({ label: `Accept: ${type}`, request: { ...request, accept: type } })),
    skipped,
    cannotServe: undefined,
  };
}

/** An operation that takes one of several sets of credentials (OR) is called with each set. */
function securityVariants(document: OpenApiDocument, operation: OperationSpec, validate?: (schema: unknown, value: unknown) => string[]): CaseVariant[] {
  return operation.security.slice(1).flatMap((requirement, offset) => {
    const schemes = Object.keys(requirement);
    if (schemes.length === 0) return []; // `{}`: anonymous access, which the missing-credentials case covers
    return [{ label: `security: ${schemes.join(' + ')}`, request: buildValidRequest(document, operation, { validate, requirement: offset + 1 }) }];
  });
}
