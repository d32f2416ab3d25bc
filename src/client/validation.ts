// Bodies checked against the generated schemas module (schema-map.ts). The client
// imports this file only when it is given `schemas` (a dynamic import: bundlers put it
// in a chunk of its own), so a client without them carries none of it. No zod here:
// each schema brings its own safeParse. The client hands over its ApiError class rather
// than this file importing it, so that no chunk is shared between the two.
import type { ApiError, ApiErrorInit } from './api-error.js';
import { responseSchemaFor, type OperationSchemas, type SchemaIssue, type SchemaLike, type SchemaModule } from './schema-map.js';

/** `off`: no check is reported; `warn`: each violation goes to onViolation; `throw`: the call ends as `schema_violation`. */
export type ValidateMode = 'off' | 'warn' | 'throw';

/** One way a body broke its schema. */
export interface SchemaViolation {
  /** The operation: the method in upper case and the path as the spec writes it. */
  method: string;
  path: string;
  /**
   * What broke: the request body (`request`), the path or query parameters, all three
   * checked before the request is sent; or the response body (`response`). Header and
   * cookie parameters are not checked: they carry credentials.
   */
  in: 'request' | 'path' | 'query' | 'response';
  /** The response's HTTP status; 0 before sending. */
  status: number;
  /** Where in the body (or the parameters), as a JSON pointer (`/email`, `/items/0/id`); `''` for the whole. */
  pointer: string;
  /** What the schema says is wrong there. */
  message: string;
  /** The value at `pointer` as JSON, cut to 40 characters. Nothing else: no header, no cookie. */
  excerpt: string;
}

const EXCERPT_LENGTH = 40;

export type Validation = ReturnType<typeof createValidation>;

/**
 * The checks a client with `schemas` makes. Each answers with the `schema_violation`
 * error under `'throw'`, after reporting under `'warn'`, and with nothing under `'off'`
 * or when the body passed. Error bodies are checked under `'off'` too: only one that
 * passes is `documented`.
 */
export function createValidation(schemas: SchemaModule, onViolation: ((violation: SchemaViolation) => void) | undefined, ErrorClass: new <S extends number>(init: ApiErrorInit<S>) => ApiError<S>) {
  const operationSchemas = operationLookup(schemas);
  /**
   * A body that broke its schema under `'throw'`: a response's (`status` the HTTP status
   * for an error answer; 0 for a 2xx, whose status is then in `code`), or the request's,
   * before it was sent (status and code 0, no response).
   */
  const errorForViolations = <S extends number>(status: S, violations: SchemaViolation[], body: unknown, response?: Response): ApiError<S> => {
    const more = violations.length > 1 ? ` (and ${violations.length - 1} more)` : '';
    const detail = `${describeViolation(violations[0]!)}${more}`;
    return new ErrorClass({ status, code: response?.status ?? 0, type: 'schema_violation', detail, body, violations, source: 'schema_violation', response });
  };
  const verdict = <S extends number>(violations: SchemaViolation[] | undefined, mode: ValidateMode, status: S, body: unknown, response?: Response): ApiError<S> | undefined => {
    if (!violations?.length || mode === 'off') return undefined;
    if (mode === 'throw') return errorForViolations(status, violations, body, response);
    for (const violation of violations) onViolation ? onViolation(violation) : console.warn(`authkit: ${describeViolation(violation)}`);
    return undefined;
  };
  return {
    /** A request's path and query parameters and its body, before it is sent. */
    request(method: string, path: string, init: { body?: unknown; params?: { path?: unknown; query?: unknown } }, mode: ValidateMode): ApiError<0> | undefined {
      const operation = mode === 'off' ? undefined : operationSchemas(method, path);
      if (!operation) return undefined;
      const { body, params } = init;
      const check = (schema: SchemaLike | undefined, value: unknown, where: SchemaViolation['in']) => (schema ? violationsOf(schema, value, { method: method.toUpperCase(), path, in: where, status: 0 }) : []);
      const violations = [
        ...check(operation.parameters?.path, params?.path ?? {}, 'path'),
        ...check(operation.parameters?.query, params?.query ?? {}, 'query'),
        ...(body === undefined ? [] : check(operation.body, body, 'request')),
      ];
      return verdict(violations, mode, 0, body);
    },
    /**
     * A 2xx body, against its own status's schema or its range's (`default` documents
     * errors; an empty body, a documented 204, has no schema). A violation under
     * `'throw'` ends the call with status 0, as any unusable 2xx (`code` holds its status).
     */
    success(method: string, path: string, response: Response, body: unknown, mode: ValidateMode): ApiError<0> | undefined {
      const responses = mode === 'off' || body === undefined ? undefined : operationSchemas(method, path)?.responses;
      const schema = responses && (responses[response.status] ?? responses['2XX']);
      return schema && verdict(violationsOf(schema, body, { method: method.toUpperCase(), path, in: 'response', status: response.status }), mode, 0, body, response);
    },
    /**
     * An error body: the `schema_violation` error (its status the HTTP status) under
     * `'throw'`, else the body when it passed its status's schema. Only JSON is checked:
     * an HTML page or an empty body is never the documented body, and its `source` says so.
     */
    failure(method: string, path: string, response: Response, body: unknown, mode: ValidateMode): { refused?: ApiError; documented?: unknown } {
      const operation = body === undefined || typeof body === 'string' ? undefined : operationSchemas(method, path);
      const schema = operation && responseSchemaFor(operation, response.status);
      const violations = schema && violationsOf(schema, body, { method: method.toUpperCase(), path, in: 'response', status: response.status });
      return { refused: verdict(violations, mode, response.status, body, response), documented: violations?.length === 0 ? body : undefined };
    },
  };
}

/** The schemas of an operation, looked up once per method and path. */
function operationLookup(schemas: SchemaModule): (method: string, path: string) => OperationSchemas | undefined {
  const seen = new Map<string, OperationSchemas | null>();
  return (method, path) => {
    const key = `${method} ${path}`;
    let operation = seen.get(key);
    if (operation === undefined) seen.set(key, (operation = schemas.operations[path]?.[method] ?? null));
    return operation ?? undefined;
  };
}

/** `value` against `schema`: no violation when it passes. */
function violationsOf(schema: SchemaLike, value: unknown, at: Pick<SchemaViolation, 'method' | 'path' | 'in' | 'status'>): SchemaViolation[] {
  const parsed = schema.safeParse(value);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => ({ ...at, pointer: pointerTo(issue), message: issue.message, excerpt: excerptAt(value, issue.path) }));
}

function pointerTo(issue: SchemaIssue): string {
  return issue.path.map((key) => `/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

function excerptAt(body: unknown, path: ReadonlyArray<PropertyKey>): string {
  let value = body;
  for (const key of path) value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH - 1)}…` : text;
}

/** One line a person reads: `GET /api/v1/auth/me 200: /email: expected string, received number (got 42)`. */
function describeViolation(violation: SchemaViolation): string {
  const where = violation.in === 'response' ? violation.status : violation.in === 'request' ? 'request body' : `${violation.in} parameters`;
  return `${violation.method} ${violation.path} ${where}: ${violation.pointer || '(the body)'}: ${violation.message} (got ${violation.excerpt})`;
}
