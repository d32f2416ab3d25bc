import { isJsonMediaType } from '../openapi/media-type.js';
import type { OpenApiDocument } from '../openapi/document.js';
import { encodeBody, requestMediaType } from '../schema/body-encoding.js';
import { mockCannotRead } from './mock-limits.js';
import { deref } from '../openapi/document.js';
import type { OperationSpec } from '../openapi/operations.js';
import type { ContractRequest } from './cases.js';
import { escapePointer, exampleOrSample, type ExampleFinding } from '../schema/sample-values.js';

/** The credential the run sends for every security scheme: a mock takes any value. */
export const TEST_CREDENTIAL = 'contract-test-credential';

export function jsonMediaType(content: Record<string, unknown> | undefined): string | undefined {
  return Object.keys(content ?? {}).find((type) => isJsonMediaType(type));
}

/**
 * A valid request for an operation, built from the spec alone: every required
 * parameter, the request body in its first media type (JSON when there is one), and
 * the credentials of one security requirement (every scheme of it: AND).
 */
export interface RequestBuilding {
  credentials?: boolean;
  /** Which of the operation's security requirements (alternatives, OR) to satisfy. Default the first. */
  requirement?: number;
  /** Checks the spec's examples against their schemas; those that break it are replaced and reported. */
  validate?: (schema: unknown, value: unknown) => string[];
  findings?: ExampleFinding[];
}

export function buildValidRequest(document: OpenApiDocument, operation: OperationSpec, options: RequestBuilding = {}): ContractRequest {
  const credentials = options.credentials !== false;
  const at = `#/paths/${escapePointer(operation.path)}/${operation.method}`;
  const picking = (pointer: string) => ({ validate: options.validate, findings: options.findings, pointer });
  const request: ContractRequest = { method: operation.method, path: operation.path, pathParams: {}, query: {}, headers: {}, cookies: {}, body: undefined };
  for (const parameter of operation.parameters) {
    if (!parameter.required && parameter.in !== 'path' && !(parameter.in === 'cookie' && credentials)) continue;
    const value = exampleOrSample(document, parameter, 'request', picking(`${at}/parameters/${escapePointer(`${parameter.in}:${parameter.name}`)}`));
    if (parameter.in === 'path') request.pathParams[parameter.name] = value;
    else if (parameter.in === 'query') request.query[parameter.name] = value;
    else if (parameter.in === 'header') request.headers[parameter.name] = String(value);
    else request.cookies[parameter.name] = String(value);
  }
  const mediaType = requestMediaType(operation.requestBody?.content);
  if (mediaType) {
    const media = operation.requestBody!.content[mediaType]!;
    const value = exampleOrSample(document, media, 'request', picking(`${at}/requestBody/content/${escapePointer(mediaType)}`));
    const encoded = encodeBody(document, mediaType, media.schema, value);
    request.body = encoded.body;
    request.mediaType = encoded.mediaType;
    if (encoded.preEncoded) request.preEncoded = true;
    const limitation = mockCannotRead(document, mediaType, media.schema);
    if (limitation) request.mockCannotRead = limitation;
  }
  if (credentials) addCredentials(document, operation, request, options.requirement ?? 0);
  return request;
}

function addCredentials(document: OpenApiDocument, operation: OperationSpec, request: ContractRequest, index: number): void {
  const requirement = operation.security[index];
  for (const name of Object.keys(requirement ?? {})) {
    const scheme = deref<any>(document, document.components?.securitySchemes?.[name]);
    if (!scheme) continue;
    if (scheme.type === 'apiKey') {
      if (scheme.in === 'cookie') request.cookies[scheme.name] = TEST_CREDENTIAL;
      else if (scheme.in === 'header') request.headers[scheme.name] = TEST_CREDENTIAL;
      else request.query[scheme.name] = TEST_CREDENTIAL;
    } else if (scheme.type === 'http' && /^basic$/i.test(scheme.scheme)) {
      request.headers.Authorization = `Basic ${Buffer.from(`contract:${TEST_CREDENTIAL}`).toString('base64')}`;
    } else {
      request.headers.Authorization = `Bearer ${TEST_CREDENTIAL}`;
    }
  }
}

/** Whether calling the operation needs credentials at all. */
export function requiresCredentials(operation: OperationSpec): boolean {
  return operation.security.length > 0 && operation.security.every((requirement) => Object.keys(requirement).length > 0);
}

/**
 * A request whose JSON body breaks one constraint of one field, or undefined when the
 * body schema has nothing to break. The field is the first the schema lists that can be
 * broken, never one picked from a documented example: an answer that names it must have
 * read the request, not repeated an example that happened to name it.
 */
export function buildInvalidBodyRequest(document: OpenApiDocument, operation: OperationSpec, validate?: RequestBuilding['validate']): ContractRequest | undefined {
  const mediaType = jsonMediaType(operation.requestBody?.content);
  if (!mediaType) return undefined;
  const valid = buildValidRequest(document, operation, { validate });
  if (!valid.body || typeof valid.body !== 'object' || Array.isArray(valid.body)) return undefined;
  const schema = deref<any>(document, operation.requestBody!.content[mediaType]!.schema);
  const properties: Record<string, any> = schema?.properties ?? {};
  for (const field of Object.keys(properties)) {
    const invalid = invalidValue(deref(document, properties[field]), (schema.required ?? []).includes(field));
    if (invalid === undefined) continue;
    const body = { ...(valid.body as Record<string, unknown>) };
    if (invalid === REMOVE) delete body[field];
    else body[field] = invalid.value;
    return { ...valid, body, brokenField: field };
  }
  return undefined;
}

const REMOVE = Symbol('remove the field');

function invalidValue(schema: any, required: boolean): { value: unknown } | typeof REMOVE | undefined {
  const types = [schema?.type].flat();
  if (types.includes('string')) {
    if (schema.format === 'email') return { value: 'not-an-email' };
    if (typeof schema.minLength === 'number' && schema.minLength > 0) return { value: 'x'.repeat(schema.minLength - 1) };
    if (typeof schema.maxLength === 'number') return { value: 'x'.repeat(schema.maxLength + 1) };
    if (!types.includes('number') && !types.includes('integer')) return { value: 12345 };
  }
  if ((types.includes('integer') || types.includes('number')) && !types.includes('string')) return { value: 'not-a-number' };
  if (types.includes('boolean') && !types.includes('string')) return { value: 'not-a-boolean' };
  return required ? REMOVE : undefined;
}
