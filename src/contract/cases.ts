import type { OperationSpec } from '../openapi/operations.js';

export type CaseKind = 'documented' | 'missing_credentials' | 'invalid_body';

export interface ContractRequest {
  method: string;
  /** The path template, as the spec and the typed client name it. */
  path: string;
  pathParams: Record<string, unknown>;
  query: Record<string, unknown>;
  headers: Record<string, string>;
  cookies: Record<string, string>;
  body: unknown;
  /** The field an invalid-body case broke, for checking that errors[] names it. */
  brokenField?: string;
}

/** One request the contract run sends, and the status it expects back. */
export interface ContractCase {
  id: string;
  kind: CaseKind;
  operation: OperationSpec;
  status: number;
  request: ContractRequest;
  /** Why no request could be built from the spec; the case is then not exercised. */
  unbuildable?: string;
}

export type CheckName =
  | 'status_code_conformance'
  | 'content_type_conformance'
  | 'response_schema_conformance'
  | 'response_headers_conformance'
  | 'envelope_conformance'
  | 'client_conformance'
  | 'not_mock_problem'
  | 'no_response_violations'
  | 'validation_errors_name_field';

export interface CheckResult {
  name: CheckName;
  outcome: 'pass' | 'fail' | 'skip';
  message?: string;
}

export type CaseOutcome = 'pass' | 'fail' | 'not_exercised';

export interface CaseResult {
  id: string;
  kind: CaseKind;
  method: string;
  path: string;
  operationId: string;
  /** The documented status this case covers. */
  status: number;
  observedStatus?: number;
  result: CaseOutcome;
  checks: CheckResult[];
  /** Why a case failed or was not exercised, in one or two sentences. */
  reason?: string;
  durationMs: number;
}

export function caseId(operation: Pick<OperationSpec, 'method' | 'path'>, status: number, kind: CaseKind): string {
  const base = `${operation.method.toUpperCase()} ${operation.path} → ${status}`;
  return kind === 'documented' ? base : `${base} (${kind.replace('_', ' ')})`;
}
