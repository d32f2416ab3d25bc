import type { OperationSpec } from '../openapi/operations.js';
import type { ExampleFinding } from '../schema/sample-values.js';

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
  /** The body's media type, when there is a body. */
  mediaType?: string;
  /** The body is already encoded (form, multipart, text, XML, bytes): sent as it is. */
  preEncoded?: boolean;
  /** Why a mock cannot take this request at all (an XML body for an object schema); a live server still can. */
  mockCannotRead?: string;
  /** The media type asked for with `Accept`, when a response documents several. */
  accept?: string;
  /** The field an invalid-body case broke, for checking that errors[] names it. */
  brokenField?: string;
}

/** One request the contract run sends, and the status it expects back. */
export interface ContractCase {
  id: string;
  kind: CaseKind;
  operation: OperationSpec;
  /** The concrete status asked for and expected. */
  status: number;
  /** The documented response it covers, when that is a range or `default` (`4XX`). */
  key?: string;
  request: ContractRequest;
  /** Why no request could be built from the spec; the case is then not exercised. */
  unbuildable?: string;
  /**
   * The same pair asked for again in other ways it is documented: each further media type
   * of the response (by `Accept`), each further security alternative (OR). All must pass.
   */
  variants?: CaseVariant[];
  /** How the request itself is labelled when it has variants of the same kind (`Accept: application/json`). */
  label?: string;
  /** Variants the mock cannot answer (a media type it cannot serialize), with the reason. */
  skippedVariants?: Array<{ label: string; reason: string }>;
  /** Why the mock cannot answer this pair at all; a live server still can. */
  mockCannotServe?: string;
  /** What building this operation's request found wrong with the spec (request examples, schemas no value passes). */
  requestFindings?: ExampleFinding[];
}

export interface CaseVariant {
  /** How this request differs, as the report names it: `Accept: text/csv`, `security: basic`. */
  label: string;
  request: ContractRequest;
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
  | 'validation_errors_name_field'
  | 'negotiated_media_type';

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
  /** The documented status this case covers (for a range or `default`, the status it was exercised with). */
  status: number;
  /** The documented response key, when it is a range or `default`. */
  key?: string;
  observedStatus?: number;
  result: CaseOutcome;
  checks: CheckResult[];
  /** Why a case failed or was not exercised, in a few lines (at most 600 characters). */
  reason?: string;
  /** Every way the pair was asked for, when more than one (variants), each passing the same checks. */
  variants?: string[];
  /** Ways the pair is documented that the mock cannot answer, with the reason. */
  variantsNotExercised?: Array<{ label: string; reason: string }>;
  /** The whole of a reason that was shortened. */
  detail?: string;
  /**
   * The spec findings that kept this pair from being exercised: a request or answer whose
   * schema no value passes. The pair is then not exercised, and fails the run only with --strict.
   */
  blockedBy?: string[];
  durationMs: number;
}

export function caseId(operation: Pick<OperationSpec, 'method' | 'path'>, status: number, kind: CaseKind, key?: string): string {
  const base = `${operation.method.toUpperCase()} ${operation.path} → ${key && key !== String(status) ? `${key} (as ${status})` : status}`;
  return kind === 'documented' ? base : `${base} (${kind.replace('_', ' ')})`;
}
