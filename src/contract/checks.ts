import { ApiError } from '../client/index.js';
import { isJsonMediaType } from '../openapi/media-type.js';
import type { ResponseSpec } from '../openapi/operations.js';
import type { CheckName, CheckResult, ContractCase } from './cases.js';
import { bodyExcerpt } from './redact.js';
import type { SchemaValidator } from '../schema/schema-validator.js';
import { coerceHeader } from '../schema/header-text.js';
import { FIELD_ERRORS_EXTENSION, fieldErrorShape, fieldsNamed, localRefs } from '../schema/field-errors.js';
import type { OpenApiDocument } from '../openapi/document.js';

/** What came over the wire, read before the client saw it. */
export interface WireResponse {
  status: number;
  headers: Headers;
  text: string;
}

/** What the typed client made of the same response. */
export interface ClientView {
  status: number;
  data: unknown;
  error: unknown;
}

export interface CheckInput {
  contractCase: ContractCase;
  /** The documented response for the observed status, if there is one. */
  documented: ResponseSpec | undefined;
  wire: WireResponse;
  client: ClientView;
  /** Whether the run could force the status (a mock) or only observe it (a live server). */
  forced: boolean;
  validator: SchemaValidator;
  /** The spec, to follow the `$ref`s of a documented schema. */
  document: OpenApiDocument;
}

type Check = (input: CheckInput) => Omit<CheckResult, 'name'>;

const pass = { outcome: 'pass' as const };
const fail = (message: string) => ({ outcome: 'fail' as const, message });
const skip = (message: string) => ({ outcome: 'skip' as const, message });

// The checks of one exchange (runChecks) each read its media type and JSON body: those
// are worked out once per exchange while it is judged, not once per check (up to five
// times, on 13,013 cases). No check changes the parsed body (the validator neither
// coerces nor fills in defaults), so they share it. Outside runChecks nothing is kept.
let judging: { wire: WireResponse; mediaType?: { value: string | undefined }; body?: ParsedJson } | undefined;

function mediaTypeOf(headers: Headers): string | undefined {
  const memo = judging?.wire.headers === headers ? judging : undefined;
  if (memo?.mediaType) return memo.mediaType.value;
  const mediaType = headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() || undefined;
  if (memo) memo.mediaType = { value: mediaType };
  return mediaType;
}

type ParsedJson = { ok: true; value: unknown } | { ok: false };

/** The wire's body as JSON. */
function jsonBodyOf(wire: WireResponse): ParsedJson {
  const memo = judging?.wire === wire ? judging : undefined;
  if (memo?.body) return memo.body;
  const body = parseJson(wire.text);
  if (memo) memo.body = body;
  return body;
}

function parseJson(text: string): ParsedJson {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

interface Violation {
  location?: string[];
  message: string;
}

/** What Prism found wrong, from the `sl-violations` header it adds to what it serves or forwards. */
function violationsOf(headers: Headers): Violation[] {
  const raw = headers.get('sl-violations');
  if (!raw) return [];
  try {
    return JSON.parse(raw) as Violation[];
  } catch {
    return [{ message: raw }];
  }
}

function prismViolations(headers: Headers): string | undefined {
  const violations = violationsOf(headers);
  return violations.length > 0 ? violations.map((violation) => violation.message).join('; ') : undefined;
}

function isPrismProblem(wire: WireResponse): { detail: string } | undefined {
  if (mediaTypeOf(wire.headers) !== 'application/problem+json') return undefined;
  const body = jsonBodyOf(wire);
  if (!body.ok || typeof (body.value as { type?: unknown })?.type !== 'string') return undefined;
  const problem = body.value as { type: string; title?: string; detail?: string; validation?: Array<{ message?: string }> };
  if (!problem.type.includes('stoplight.io/prism')) return undefined;
  // With --errors, Prism names each way the spec's own example breaks its schema.
  const violations = (problem.validation ?? []).map((violation) => violation.message).filter(Boolean);
  return { detail: violations.length > 0 ? `${problem.title}: ${violations.join('; ')}` : [problem.title, problem.detail].filter(Boolean).join(': ') };
}

const statusCodeConformance: Check = ({ contractCase, wire, documented, forced }) => {
  if (forced || contractCase.kind !== 'documented') {
    if (wire.status === contractCase.status) return pass;
    const why = isPrismProblem(wire)?.detail ?? prismViolations(wire.headers);
    return fail(`expected ${contractCase.status}, got ${wire.status}${why ? ` (${why})` : ''}`);
  }
  return documented ? pass : fail(`${wire.status} is not documented for ${contractCase.operation.operationId}`);
};

const contentTypeConformance: Check = ({ wire, documented }) => {
  if (!documented) return skip('status not documented');
  const documentedTypes = Object.keys(documented.content).map((type) => type.toLowerCase());
  const actual = mediaTypeOf(wire.headers);
  if (documentedTypes.length === 0) return wire.text === '' ? pass : fail(`documented with no body, got ${actual ?? 'a body'} (${wire.text.length} bytes)`);
  return actual && documentedTypes.includes(actual) ? pass : fail(`content type ${actual ?? '(none)'} is not one of ${documentedTypes.join(', ')}`);
};

const responseSchemaConformance: Check = ({ wire, documented, validator }) => {
  if (!documented) return skip('status not documented');
  const actual = mediaTypeOf(wire.headers);
  const media = actual ? documented.content[Object.keys(documented.content).find((type) => type.toLowerCase() === actual) ?? ''] : undefined;
  if (!media?.schema) return Object.keys(documented.content).length === 0 ? pass : skip('no documented schema for this content type');
  if (!isJsonMediaType(actual ?? null)) return skip(`${actual} is not JSON`);
  // HTTP gives these statuses no body, whatever the spec documents for them.
  if (wire.text === '' && (wire.status === 204 || wire.status === 205 || wire.status === 304)) return skip(`a ${wire.status} carries no body`);
  const body = jsonBodyOf(wire);
  if (!body.ok) return fail(`body is not valid JSON: ${bodyExcerpt(wire.text)}`);
  const errors = validator.errors(media.schema, body.value);
  return errors.length === 0 ? pass : fail(`body does not match its schema: ${errors.slice(0, 3).join('; ')}`);
};

function headerValues(headers: Headers, name: string): string[] {
  if (name.toLowerCase() === 'set-cookie') return headers.getSetCookie();
  const value = headers.get(name);
  return value === null ? [] : [value];
}

const responseHeadersConformance: Check = ({ wire, documented, validator }) => {
  if (!documented) return skip('status not documented');
  const problems: string[] = [];
  for (const [name, header] of Object.entries(documented.headers)) {
    if (name.toLowerCase() === 'content-type') continue;
    const values = headerValues(wire.headers, name);
    if (values.length === 0) {
      if (header.required) problems.push(`${name} is required but missing`);
      continue;
    }
    for (const value of values) {
      const errors = header.schema ? validator.errors(header.schema, coerceHeader(header.schema, value)) : [];
      if (errors.length > 0) problems.push(`${name}: "${value}" ${errors.join('; ')}`);
    }
  }
  return problems.length === 0 ? pass : fail(problems.join('; '));
};

/** Per validator, per schema object: whether it is the envelope's (asked once per error answer, the same for every case of a schema). */
const envelopeSchemas = new WeakMap<SchemaValidator, WeakMap<object, boolean>>();

function looksLikeEnvelopeSchema(documented: ResponseSpec | undefined, validator: SchemaValidator): boolean {
  const media = Object.values(documented?.content ?? {})[0];
  if (!media?.schema) return false;
  const schema = media.schema;
  let known = envelopeSchemas.get(validator);
  if (!known) envelopeSchemas.set(validator, (known = new WeakMap()));
  const cached = typeof schema === 'object' && schema !== null ? known.get(schema) : undefined;
  if (cached !== undefined) return cached;
  // The envelope's shape, told by what its schema rejects: an object without the fields.
  const envelope = validator.errors(schema, {}).length > 0 && validator.errors(schema, { code: 400, detail: 'x', type: 'x' }).length === 0;
  if (typeof schema === 'object' && schema !== null) known.set(schema, envelope);
  return envelope;
}

const envelopeConformance: Check = ({ wire, documented, validator }) => {
  if (wire.status < 400) return skip('not an error');
  if (!documented) return skip('status not documented');
  if (!looksLikeEnvelopeSchema(documented, validator)) return skip('this response is not documented as the envelope');
  const body = jsonBodyOf(wire);
  if (!body.ok) return fail(`error body is not JSON: ${bodyExcerpt(wire.text) || '(empty)'}`);
  const value = body.value as Record<string, unknown>;
  const missing = (['code', 'detail', 'type'] as const).filter((field) => value?.[field] === undefined);
  if (missing.length > 0) return fail(`error body lacks ${missing.join(', ')}`);
  if (typeof value.code !== 'number' || typeof value.detail !== 'string' || typeof value.type !== 'string') return fail('code must be a number, detail and type strings');
  if (value.code !== wire.status) return fail(`code is ${value.code} but the status is ${wire.status}`);
  if (value.errors !== undefined && !Array.isArray(value.errors)) return fail('errors must be an array');
  return pass;
};

const clientConformance: Check = ({ wire, client }) => {
  const body = wire.text === '' ? { ok: true as const, value: undefined } : jsonBodyOf(wire);
  if (wire.status >= 200 && wire.status < 300) {
    if (client.error !== undefined) return fail(`client gave an error for ${wire.status}: ${(client.error as Error).message}`);
    if (client.status !== wire.status) return fail(`client status ${client.status}, wire ${wire.status}`);
    if (body.ok && JSON.stringify(client.data) !== JSON.stringify(body.value)) return fail('client data differs from the body on the wire');
    if (!body.ok && client.data !== wire.text) return fail('client data differs from the text on the wire');
    return pass;
  }
  if (!(client.error instanceof ApiError)) return fail(`client gave no ApiError for ${wire.status}`);
  if (client.status !== wire.status || client.error.status !== wire.status) return fail(`ApiError status ${client.error.status}, wire ${wire.status}`);
  const wireType = body.ok ? (body.value as { type?: unknown } | undefined)?.type : undefined;
  if (typeof wireType === 'string' && client.error.isEnvelope && client.error.type !== wireType) return fail(`ApiError type ${client.error.type}, wire ${wireType}`);
  return pass;
};

const notMockProblem: Check = ({ wire }) => {
  const problem = isPrismProblem(wire);
  return problem ? fail(`the mock answered with its own problem, not the spec: ${problem.detail}`) : pass;
};

// Behind `prism proxy`, Prism forwards the upstream's answer and lists how it breaks
// the spec in `sl-violations`: those are the upstream's contract bugs.
const noResponseViolations: Check = ({ wire }) => {
  const inResponse = violationsOf(wire.headers).filter((violation) => violation.location?.[0] === 'response');
  return inResponse.length === 0 ? pass : fail(`Prism found the response breaks the spec: ${inResponse.map((violation) => violation.message).join('; ')}`);
};

/**
 * The answer to a body that broke one field must name that field in its list of field
 * errors, read the way its documented schema lays the list out (field-errors.ts). Where
 * no list is recognisable, nothing can be asked of the answer: skipped, with the reason.
 */
const validationErrorsNameField: Check = ({ contractCase, wire, documented, document }) => {
  const field = contractCase.request.brokenField;
  if (contractCase.kind !== 'invalid_body' || !field) return skip('not an invalid-body case');
  if (!documented) return skip(`${wire.status} is not documented`);
  const actual = mediaTypeOf(wire.headers);
  const media = documented.content[Object.keys(documented.content).find((type) => type.toLowerCase() === actual) ?? ''] ?? Object.values(documented.content)[0];
  const shape = fieldErrorShape(media?.schema, localRefs(document));
  if (!shape) return skip(`the documented ${wire.status} has no list of field errors authkit recognises (errors[] or detail[] of loc, pointer or field); map yours with ${FIELD_ERRORS_EXTENSION}`);
  const body = jsonBodyOf(wire);
  const named = body.ok ? fieldsNamed(body.value, shape) : undefined;
  if (!named) return fail(`the ${wire.status} has no ${shape.list}[] to name the field "${field}" that was broken`);
  if (named.some((path) => String(path[0]) === field)) return pass;
  const listed = named.map((path) => path.join('.') || '(no field)');
  return fail(`${shape.list}[] names ${listed.length > 0 ? listed.map((name) => `"${name}"`).join(', ') : 'no field'}, not "${field}", the field that was broken`);
};

// A response documented in several media types must serve the one `Accept` asked for.
const negotiatedMediaType: Check = ({ contractCase, wire }) => {
  const asked = contractCase.request.accept;
  if (!asked) return skip('no media type asked for');
  const actual = mediaTypeOf(wire.headers);
  return actual === asked.toLowerCase() ? pass : fail(`asked for ${asked}, got ${actual ?? '(no content type)'}`);
};

export const CHECKS: Record<CheckName, Check> = {
  status_code_conformance: statusCodeConformance,
  content_type_conformance: contentTypeConformance,
  response_schema_conformance: responseSchemaConformance,
  response_headers_conformance: responseHeadersConformance,
  envelope_conformance: envelopeConformance,
  client_conformance: clientConformance,
  not_mock_problem: notMockProblem,
  no_response_violations: noResponseViolations,
  validation_errors_name_field: validationErrorsNameField,
  negotiated_media_type: negotiatedMediaType,
};

/**
 * Messages quote the wire as it was, secrets too: the runner scrubs them (redact.ts) before
 * a result is built. One cause, one line: when the target answered with a problem of its
 * own (Prism's, not the spec's), that is the failure, and each check that would fail only
 * because of it is reported as skipped, caused by it.
 */
export function runChecks(input: CheckInput): CheckResult[] {
  let results: CheckResult[];
  judging = { wire: input.wire };
  try {
    results = (Object.keys(CHECKS) as CheckName[]).map((name): CheckResult => ({ name, ...CHECKS[name](input) }));
  } finally {
    judging = undefined;
  }
  const cause = results.find((result) => result.name === 'not_mock_problem' && result.outcome === 'fail');
  if (!cause) return results;
  return results.map((result) => (result === cause || result.outcome !== 'fail' ? result : { name: result.name, outcome: 'skip', message: 'caused by not_mock_problem' }));
}
