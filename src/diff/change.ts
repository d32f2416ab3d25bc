/**
 * One difference between two versions of a contract, judged from the client's side: a
 * change is breaking when a client written against the base can fail against the new
 * version (a request it sends is now refused, or an answer it reads no longer fits).
 */
export interface Change {
  /** A stable name for the kind of change (`response-property-removed`), as a rule id. */
  kind: ChangeKind;
  breaking: boolean;
  /** `POST /api/v1/auth/login`, or undefined for the document as a whole. */
  operation?: string;
  /** Where in the operation: `response 200 body /user/email`, `request body /password`, `query parameter limit`. */
  where: string;
  /** What changed, as a sentence. */
  message: string;
}

export type ChangeKind =
  | 'operation-removed'
  | 'operation-added'
  | 'security-requirement-added'
  | 'security-requirement-removed'
  | 'parameter-added-required'
  | 'parameter-added'
  | 'parameter-made-required'
  | 'parameter-made-optional'
  | 'parameter-removed'
  | 'request-body-added-required'
  | 'request-body-made-required'
  | 'request-body-made-optional'
  | 'request-media-type-removed'
  | 'request-media-type-added'
  | 'request-property-added-required'
  | 'request-property-made-required'
  | 'request-property-added'
  | 'request-property-removed'
  | 'request-property-made-optional'
  | 'response-status-removed'
  | 'response-status-added'
  | 'response-media-type-removed'
  | 'response-media-type-added'
  | 'response-property-removed'
  | 'response-property-made-optional'
  | 'response-property-added'
  | 'response-property-made-required'
  | 'response-header-removed'
  | 'response-header-made-optional'
  | 'response-header-added'
  | 'type-changed'
  | 'format-changed'
  | 'enum-value-removed'
  | 'enum-value-added'
  | 'enum-added'
  | 'enum-removed'
  | 'constraint-tightened'
  | 'constraint-loosened'
  | 'additional-properties-refused'
  | 'composition-changed';

export interface ContractDiff {
  base: { title: string; version: string; label: string };
  head: { title: string; version: string; label: string };
  changes: Change[];
  /** Some change is breaking. */
  breaking: boolean;
  /** The head's `info.version` has a new major version: breaking changes are announced, not refused. */
  majorBump: boolean;
}
