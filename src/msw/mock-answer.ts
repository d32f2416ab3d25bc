import { bodyValue, mintSetCookies, shapeBody, stateRequestOf } from '../mock-state/answer-shaping.js';
import { decide } from '../mock-state/decide.js';
import { problemBody, type StateDecision } from '../mock-state/decision.js';
import { operationKey } from '../mock-state/plan-types.js';
import type { MockState } from '../mock-state/state-store.js';
import { deref, type OpenApiDocument } from '../openapi/document.js';
import { isJsonMediaType } from '../openapi/media-type.js';
import { documentedStatuses, responseForStatus, type OperationSpec, type ResponseSpec } from '../openapi/operations.js';
import { isXmlMediaType, toXml } from '../schema/body-encoding.js';
import { exampleOrSample } from '../schema/sample-values.js';
import { findingHeaderValue, mediaPointer, servedExample, SPEC_FINDING_HEADER, type ServedExample } from '../schema/served-example.js';
import type { SchemaValidator } from '../schema/schema-validator.js';
import { withForcedHeaders } from '../mock-state/forced-headers.js';
import { ajvViolation, fieldErrorShape, fillFieldErrors, localRefs, violationOf, type FieldViolation } from '../schema/field-errors.js';

export interface MockRequest {
  method: string;
  url: URL;
  headers: Headers;
  /** The body as text; undefined when there is none. */
  body: string | undefined;
  /** Path parameters by the spec's own names. */
  pathParams: Record<string, string>;
}

export interface MockAnswer {
  status: number;
  /** Pairs, so that each documented cookie is its own Set-Cookie line. */
  headers: Array<[string, string]>;
  body: string | undefined;
}

export interface AnswerOptions {
  /**
   * The status a test has chosen (`respondWith`): answered as documented, before any
   * check, as the mock server's `respond-with` does. `Prefer: code=N` otherwise.
   */
  status?: number;
  /** The named example to answer with (`Prefer: example=name`). */
  exampleKey?: string;
  /** With `status`: documented headers with the values the test chose (checked by checkForcedHeaders). */
  forcedHeaders?: Record<string, string>;
  /** Answer 401 to a request without the operation's credentials. Default true. */
  checkSecurity?: boolean;
  /** What the handlers remember: sessions and collections, as the mock server does. Without it, Prism's rules alone. */
  state?: MockState;
  /** Cookie auth in a page (`checkSecurity: false`): a service worker cannot set the cookies, so no answer asks for a session. */
  sessionsRequired?: boolean;
  /** Answers whose body breaks its own schema become a 500 problem (the mock's `--errors`). Default true. */
  errors?: boolean;
  /** A documented example that breaks its schema is answered as Prism does (a 500 with `errors`), not replaced by a valid sample. */
  strictExamples?: boolean;
}

/**
 * What Prism's mock answers to a request, without Prism: the same rules, so a handler
 * and the mock server agree on every documented status. Missing credentials get the
 * documented 401; a request that breaks its parameters' or body's schema gets the
 * documented 422, else 400 (415 for a media type the operation does not take); then
 * the status forced with `Prefer: code=N` (`__code=N`), else the lowest documented
 * 2xx. The body is the documented example (by name with `Prefer: example=`), else a
 * sample built from the schema; the documented headers come with it. With a `state`, a
 * request that passed those checks and forced nothing gets the remembered state's
 * answer instead (sessions, collections), by the rules the mock server runs.
 */
export function mockAnswer(document: OpenApiDocument, validator: SchemaValidator, operation: OperationSpec, request: MockRequest, options: AnswerOptions = {}): MockAnswer {
  const preferences = parsePrefer(request.headers.get('prefer'));
  const serving: Serving = { validator, operation, options };
  if (options.status !== undefined) {
    const answer = statusAnswer(document, operation, options.status, request, options.exampleKey ?? preferences.example, serving);
    return { ...answer, headers: withForcedHeaders(answer.headers, options.forcedHeaders) };
  }
  const forced = preferences.code ?? numberOrUndefined(request.url.searchParams.get('__code'));
  const exampleKey = options.exampleKey ?? preferences.example;

  if (options.checkSecurity !== false && !hasCredentials(document, operation, request)) return errorAnswer(document, operation, [401], 'Invalid security scheme used', request, serving);
  const violations = requestViolations(document, operation, request, validator);
  if (violations.unsupportedMediaType) return errorAnswer(document, operation, [415, 422, 400], violations.messages.join('; '), request, serving);
  if (violations.messages.length > 0) return withFieldErrors(document, validator, operation, errorAnswer(document, operation, [422, 400], violations.messages.join('; '), request, serving), violations.fields);

  if (forced === undefined && options.state) {
    const decision = decide(options.state, stateRequestOf(options.state.currentPlan, {
      key: operationKey(operation.method, operation.path),
      header: (name) => request.headers.get(name) ?? undefined,
      query: request.url.searchParams,
      pathParams: request.pathParams,
      body: () => bodyValue(request.headers.get('content-type'), request.body),
      ipAddress: undefined,
    }), { sessionsRequired: options.sessionsRequired !== false });
    if (decision && !decision.prismAnswers) return stateAnswer(document, validator, operation, decision, request, options);
  }
  return statusAnswer(document, operation, forced ?? lowestSuccess(operation), request, exampleKey, serving);
}

/** What an answer is made with besides the request: the validator, the operation, the handlers' options. */
interface Serving {
  validator: SchemaValidator;
  operation: OperationSpec;
  options: AnswerOptions;
}

const servedCache = new WeakMap<object, Map<string, ServedExample>>();

/**
 * The value for a documented media type, as the engine serves it (served-example.ts): the
 * spec's example, or where that breaks its schema a schema-valid sample with a header naming
 * the finding. With `strictExamples`, the broken example is answered as Prism's --errors
 * answers it: a 500 problem (unless `errors` is off, which serves it as it is).
 */
function servedFor(document: OpenApiDocument, serving: Serving, media: { example?: unknown; examples?: Record<string, unknown>; schema?: unknown }, status: number, mediaType: string, exampleKey: string | undefined): { value: unknown; headers: Array<[string, string]>; broken?: MockAnswer } {
  let byKey = servedCache.get(media);
  if (!byKey) servedCache.set(media, (byKey = new Map()));
  let served = byKey.get(exampleKey ?? '');
  if (!served) {
    const pointer = mediaPointer(document, serving.operation.method, serving.operation.path, status, mediaType)?.pointer ?? '#';
    served = servedExample(document, media, pointer, (schema, value) => serving.validator.errors(schema, value), exampleKey, mediaType);
    byKey.set(exampleKey ?? '', served);
  }
  if (!served.finding) return { value: served.value, headers: [] };
  const violations = serving.options.errors !== false;
  if (serving.options.strictExamples || !served.valid) {
    const original = exampleKey ? (deref(document, media.examples?.[exampleKey]) as { value?: unknown } | undefined)?.value : exampleOrSample(document, media, 'mock');
    return violations ? { value: original, headers: [], broken: problem(500, 'VIOLATIONS', `The spec's own example breaks its schema: ${served.finding.pointer} ${served.finding.reason}`) } : { value: original, headers: [] };
  }
  return { value: served.value, headers: [[SPEC_FINDING_HEADER, findingHeaderValue(served.finding)]] };
}

/** The documented answer for a status, or Prism's own problem for one the operation does not document. */
function statusAnswer(document: OpenApiDocument, operation: OperationSpec, status: number | undefined, request: MockRequest, exampleKey: string | undefined, serving: Serving): MockAnswer {
  if (status === undefined) return problem(500, 'NO_RESPONSE_DEFINED', 'No response is documented for this operation');
  const response = responseForStatus(operation, status);
  if (!response) return problem(404, 'NOT_FOUND', `Requested status code ${status} is not defined in the document.`);
  return documentedAnswer(document, response, status, request, exampleKey, serving);
}

/** The state's decision as an answer: the documented one for its status with the remembered values in its body and fresh tokens in its cookies. */
function stateAnswer(document: OpenApiDocument, validator: SchemaValidator, operation: OperationSpec, decision: StateDecision, request: MockRequest, options: AnswerOptions): MockAnswer {
  if (decision.problem) return { status: decision.status, headers: [['content-type', 'application/problem+json']], body: problemBody(decision) };
  const answer = statusAnswer(document, operation, decision.status, request, undefined, { validator, operation, options });
  const plan = options.state!.currentPlan;
  const planned = plan.operations[operationKey(operation.method, operation.path)]!;
  const cookies = mintSetCookies(planned, decision.status, answer.headers.filter(([name]) => name.toLowerCase() === 'set-cookie').map(([, value]) => value), decision.values);
  const headers: Array<[string, string]> = [...answer.headers.filter(([name]) => name.toLowerCase() !== 'set-cookie'), ...cookies.map((value): [string, string] => ['set-cookie', value])];
  const mediaType = answer.headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  if (answer.body === undefined || !isJsonMediaType(mediaType) || !planned.shapes[String(decision.status)]) return { ...answer, headers };
  const body = shapeBody(plan, planned, decision.status, JSON.parse(answer.body), decision.values);
  const schema = responseForStatus(operation, decision.status)?.content[mediaType!]?.schema;
  const problems = options.errors !== false && schema !== undefined ? validator.errors(schema, body) : [];
  if (problems.length > 0) return problem(500, 'VIOLATIONS', `The remembered state made an answer that breaks its schema: ${problems.join('; ')}`);
  return { status: decision.status, headers, body: JSON.stringify(body) };
}


// Statuses whose responses have no body by definition: fetch's Response refuses one.
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

function documentedAnswer(document: OpenApiDocument, response: ResponseSpec, status: number, request: MockRequest, exampleKey: string | undefined, serving: Serving): MockAnswer {
  const headers = documentedHeaders(document, response);
  const mediaType = NULL_BODY_STATUSES.has(status) ? undefined : negotiate(Object.keys(response.content), request.headers.get('accept'));
  if (!mediaType) return { status, headers, body: undefined };
  const media = response.content[mediaType]!;
  if (exampleKey && !(media.examples && Object.hasOwn(media.examples, exampleKey))) return problem(404, 'NOT_FOUND', `Response for contentType: ${mediaType} and exampleKey: ${exampleKey} does not exist.`);
  const served = servedFor(document, serving, media, status, mediaType, exampleKey);
  if (served.broken) return served.broken;
  headers.push(['content-type', mediaType], ...served.headers);
  return { status, headers, body: serialize(document, media.schema, served.value, mediaType) };
}

function documentedHeaders(document: OpenApiDocument, response: ResponseSpec): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const [name, raw] of Object.entries(response.headers)) {
    if (name.toLowerCase() === 'content-type') continue;
    const header = raw as { example?: unknown; examples?: Record<string, unknown>; schema?: unknown };
    const examples = Object.values(header.examples ?? {}).map((example) => (deref(document, example) as { value?: unknown }).value);
    // Set-Cookie cannot be folded: one line per documented example, as the mock engine sends it.
    if (name.toLowerCase() === 'set-cookie' && examples.length > 1) {
      for (const value of examples) pairs.push([name, String(value)]);
      continue;
    }
    const value = examples[0] ?? exampleOrSample(document, header, 'mock');
    if (value !== undefined) pairs.push([name, typeof value === 'object' ? JSON.stringify(value) : String(value)]);
  }
  return pairs;
}

/** The spec's answer to a request it rejects: the first of `statuses` it documents, else Prism's own problem. */
function errorAnswer(document: OpenApiDocument, operation: OperationSpec, statuses: number[], detail: string, request: MockRequest, serving: Serving): MockAnswer {
  const documented = statuses.find((status) => operation.responses.some((response) => response.key === String(status)));
  if (documented !== undefined) return documentedAnswer(document, responseForStatus(operation, documented)!, documented, request, undefined, serving);
  return statuses[0] === 401 ? problem(401, 'UNAUTHORIZED', detail) : problem(422, 'UNPROCESSABLE_ENTITY', detail);
}

/**
 * The documented 422 (400) with its list of field errors made from what the request broke,
 * where the response's schema has a list this recognises and the result still fits it; the
 * documented answer as it is otherwise.
 */
function withFieldErrors(document: OpenApiDocument, validator: SchemaValidator, operation: OperationSpec, answer: MockAnswer, fields: FieldViolation[]): MockAnswer {
  const mediaType = answer.headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  if (answer.body === undefined || !isJsonMediaType(mediaType) || fields.length === 0) return answer;
  const schema = responseForStatus(operation, answer.status)?.content[mediaType!]?.schema;
  const shape = fieldErrorShape(schema, localRefs(document));
  if (!shape) return answer;
  const filled = fillFieldErrors(JSON.parse(answer.body), shape, fields, (body) => validator.errors(schema, body).length === 0);
  return filled === undefined ? answer : { ...answer, body: JSON.stringify(filled) };
}

/** Prism's answer to a request no operation of the spec is for: 405 for a known path, else 404. */
export function unmatchedAnswer(path: string, method: string, pathKnown: boolean): MockAnswer {
  return pathKnown
    ? problem(405, 'NO_METHOD_MATCHED_ERROR', `The route ${path} exists, but it has no ${method.toUpperCase()} operation`)
    : problem(404, 'NO_PATH_MATCHED_ERROR', `The route ${path} hasn't been found in the specification file`);
}

const PRISM_TITLES: Record<string, string> = {
  NO_PATH_MATCHED_ERROR: 'Route not resolved, no path matched',
  NO_METHOD_MATCHED_ERROR: 'Route resolved, but no method matched',
  NOT_FOUND: 'The server cannot find the requested content',
  UNAUTHORIZED: 'Invalid security scheme used',
  UNPROCESSABLE_ENTITY: 'Invalid request',
  VIOLATIONS: 'Request/Response not valid',
  NO_RESPONSE_DEFINED: 'No response defined for the selected operation',
};

/** Prism's own application/problem+json, for what the spec does not document. */
function problem(status: number, code: string, detail: string): MockAnswer {
  const body = { type: `https://stoplight.io/prism/errors#${code}`, title: PRISM_TITLES[code] ?? code, status, detail };
  return { status, headers: [['content-type', 'application/problem+json']], body: JSON.stringify(body) };
}

function lowestSuccess(operation: OperationSpec): number | undefined {
  const statuses = documentedStatuses(operation);
  return statuses.filter((status) => status >= 200 && status < 300).sort((a, b) => a - b)[0] ?? statuses[0];
}

/** The first documented media type the Accept header takes (JSON first when it takes any). */
function negotiate(mediaTypes: string[], accept: string | null): string | undefined {
  if (mediaTypes.length === 0) return undefined;
  const accepted = (accept ?? '*/*').split(',').map((part) => part.split(';')[0]!.trim().toLowerCase()).filter(Boolean);
  const matches = (mediaType: string, range: string) => range === '*/*' || range === mediaType.toLowerCase() || (range.endsWith('/*') && mediaType.toLowerCase().startsWith(range.slice(0, -1)));
  for (const range of accepted) {
    const candidates = mediaTypes.filter((mediaType) => matches(mediaType, range));
    if (candidates.length > 0) return candidates.find(isJsonMediaType) ?? candidates[0];
  }
  return mediaTypes.find(isJsonMediaType) ?? mediaTypes[0];
}

function serialize(document: OpenApiDocument, schema: unknown, value: unknown, mediaType: string): string {
  if (typeof value === 'string' && !isJsonMediaType(mediaType)) return value;
  if (isXmlMediaType(mediaType)) return toXml(document, schema, value);
  return JSON.stringify(value);
}

function parsePrefer(header: string | null): { code?: number; example?: string } {
  const preferences: { code?: number; example?: string } = {};
  for (const part of (header ?? '').split(/[,;]/)) {
    const [key, value] = part.split('=').map((item) => item?.trim());
    if (key === 'code') preferences.code = numberOrUndefined(value ?? null);
    if (key === 'example' && value) preferences.example = value;
  }
  return preferences;
}

function numberOrUndefined(value: string | null): number | undefined {
  return value !== null && /^\d{3}$/.test(value) ? Number(value) : undefined;
}

/** Whether one of the operation's security requirements is met, as Prism checks it: by presence. */
function hasCredentials(document: OpenApiDocument, operation: OperationSpec, request: MockRequest): boolean {
  if (operation.security.length === 0) return true;
  const schemes = (document.components?.securitySchemes ?? {}) as Record<string, unknown>;
  const cookies = parseCookies(request.headers.get('cookie'));
  const authorization = request.headers.get('authorization') ?? '';
  const present = (name: string): boolean => {
    const scheme = deref(document, schemes[name]) as { type?: string; in?: string; name?: string; scheme?: string } | undefined;
    if (!scheme) return false;
    if (scheme.type === 'apiKey') {
      if (scheme.in === 'header') return request.headers.has(scheme.name ?? '');
      if (scheme.in === 'query') return request.url.searchParams.has(scheme.name ?? '');
      if (scheme.in === 'cookie') return (scheme.name ?? '') in cookies;
      return false;
    }
    if (scheme.type === 'http') return new RegExp(`^${scheme.scheme ?? 'bearer'}\\s+\\S`, 'i').test(authorization);
    if (scheme.type === 'oauth2' || scheme.type === 'openIdConnect') return /^bearer\s+\S/i.test(authorization);
    return true;
  };
  return operation.security.some((requirement) => Object.keys(requirement).every(present));
}

function parseCookies(header: string | null): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index > 0) cookies[part.slice(0, index).trim()] = part.slice(index + 1).trim();
  }
  return cookies;
}

/**
 * What Prism's request validation finds: required parameters and bodies, their schemas, the
 * body's media type. Cookies are not checked, as Prism does not. `fields` are the same
 * findings one by one, for the 422's list of field errors.
 */
function requestViolations(document: OpenApiDocument, operation: OperationSpec, request: MockRequest, validator: SchemaValidator): { messages: string[]; fields: FieldViolation[]; unsupportedMediaType: boolean } {
  const messages: string[] = [];
  const fields: FieldViolation[] = [];
  for (const parameter of operation.parameters) {
    if (parameter.in === 'cookie') continue;
    const raw = parameter.in === 'path' ? request.pathParams[parameter.name] : parameter.in === 'query' ? request.url.searchParams.get(parameter.name) : request.headers.get(parameter.name);
    if (raw === undefined || raw === null) {
      if (parameter.required) {
        messages.push(`${parameter.in} parameter ${parameter.name} is required`);
        fields.push(violationOf(parameter.in as FieldViolation['in'], [], 'required', `must have required property '${parameter.name}'`, { missingProperty: parameter.name }));
      }
      continue;
    }
    if (parameter.schema === undefined) continue;
    const values = parameter.in === 'query' ? request.url.searchParams.getAll(parameter.name) : [raw];
    const value = coerce(deref(document, parameter.schema), values);
    const verdict = validator.judge(parameter.schema, value);
    for (const problem of verdict.sentences) messages.push(`${parameter.in} parameter ${parameter.name}: ${problem}`);
    for (const error of verdict.raw) fields.push(ajvViolation(parameter.in as FieldViolation['in'], [parameter.name], error));
  }
  const body = operation.requestBody;
  if (!body) return { messages, fields, unsupportedMediaType: false };
  if (request.body === undefined || request.body === '') {
    if (body.required) messages.push('the request body is required');
    return { messages, fields, unsupportedMediaType: false };
  }
  const contentType = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
  const mediaType = Object.keys(body.content).find((candidate) => candidate.toLowerCase() === contentType) ?? Object.keys(body.content).find((candidate) => candidate.endsWith('/*') && contentType.startsWith(candidate.slice(0, -1)));
  if (!mediaType) return { messages: [...messages, `media type ${contentType || '(none)'} is not one the operation takes`], fields, unsupportedMediaType: Object.keys(body.content).length > 0 };
  const schema = body.content[mediaType]?.schema;
  if (schema === undefined) return { messages, fields, unsupportedMediaType: false };
  let value: unknown;
  if (isJsonMediaType(mediaType)) {
    try {
      value = JSON.parse(request.body);
    } catch {
      return { messages: [...messages, 'the body is not valid JSON'], fields, unsupportedMediaType: false };
    }
  } else if (mediaType === 'application/x-www-form-urlencoded') {
    // A form carries text only: each field is read as its property's schema says, as Prism does.
    const formFields = new URLSearchParams(request.body);
    const properties = ((deref(document, schema) as { properties?: Record<string, unknown> }).properties ?? {}) as Record<string, unknown>;
    value = Object.fromEntries([...new Set(formFields.keys())].map((name) => [name, properties[name] ? coerce(deref(document, properties[name]), formFields.getAll(name)) : formFields.get(name)]));
  } else {
    return { messages, fields, unsupportedMediaType: false };
  }
  // One validation per request body: the sentences for the answer's detail, ajv's errors for its field list.
  const verdict = validator.judge(schema, value, { asRequest: true });
  for (const problem of verdict.sentences) messages.push(`body: ${problem}`);
  for (const error of verdict.raw) fields.push(ajvViolation('body', [], error));
  return { messages, fields, unsupportedMediaType: false };
}

/** A parameter's text as the value its schema describes: numbers, booleans, arrays. */
function coerce(schema: unknown, values: string[]): unknown {
  const type = (schema as { type?: unknown }).type;
  const types = Array.isArray(type) ? type : [type];
  const one = (value: string, itemTypes: unknown[]): unknown => {
    if ((itemTypes.includes('integer') || itemTypes.includes('number')) && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
    if (itemTypes.includes('boolean') && (value === 'true' || value === 'false')) return value === 'true';
    return value;
  };
  if (types.includes('array')) {
    const items = (schema as { items?: { type?: unknown } }).items?.type;
    const itemTypes = Array.isArray(items) ? items : [items];
    return values.flatMap((value) => value.split(',')).map((value) => one(value, itemTypes));
  }
  return one(values[0] ?? '', types);
}
