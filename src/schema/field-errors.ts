import { valueAtPointer } from '../openapi/document.js';

/**
 * Field errors: the list in a 422 (or 400) body that tells a form which field the user got
 * wrong. The mock engine and the MSW handlers fill it from what the request really broke;
 * the contract's `validation_errors_name_field` reads it. Written once, for all three.
 *
 * No library recognises these shapes: each API invents its own, so the common ones are
 * told apart here by the properties of the list's items.
 */

/** One way the request broke the spec: where (`in` and the path inside it), and how. */
export interface FieldViolation {
  in: 'body' | 'query' | 'path' | 'header' | 'cookie';
  /** Inside the body: property names and array indexes; for a parameter, its name. */
  path: Array<string | number>;
  /** The JSON Schema keyword it broke: `format`, `required`, `minLength`, … */
  keyword: string;
  message: string;
}

/**
 * How a body lists field errors: the list's property, and in each item the property that
 * locates the field (`segments`: FastAPI's `["body", "email"]`; `pointer`: RFC 9457's
 * `"#/email"`; `name`: GitHub's `"email"`, dotted when nested), its message and its type.
 */
export interface FieldErrorShape {
  list: string;
  location: string;
  style: 'segments' | 'pointer' | 'name';
  message?: string;
  type?: string;
}

/** `x-authkit-field-errors` on an error schema maps a shape no rule below recognises. */
export const FIELD_ERRORS_EXTENSION = 'x-authkit-field-errors';

type SchemaObject = { type?: unknown; properties?: Record<string, unknown>; items?: unknown; allOf?: unknown[]; [key: string]: unknown };
/** A schema with one `$ref` followed (the node itself when it has none; undefined when it cannot be). */
export type Resolve = (schema: unknown) => unknown;

/** A Resolve over a bundled document: `#/…` pointers only, one hop at a time. */
export function localRefs(document: unknown): Resolve {
  return (node) => {
    const ref = node && typeof node === 'object' ? (node as { $ref?: unknown }).$ref : undefined;
    return typeof ref === 'string' ? valueAtPointer(document, ref) : node;
  };
}

const MESSAGE_KEYS = ['msg', 'message', 'detail', 'description'];
const TYPE_KEYS = ['type', 'code', 'keyword'];

/**
 * The shape of field errors a response schema documents, or undefined when it has none
 * recognisable: the Auth API's and FastAPI's `errors[]`/`detail[]` of `{ loc, msg, type }`,
 * RFC 9457's `errors[]` of `{ pointer, detail }`, GitHub's `errors[]` of `{ field, code }`,
 * or what the schema's `x-authkit-field-errors` maps.
 */
export function fieldErrorShape(schema: unknown, resolve: Resolve): FieldErrorShape | undefined {
  // The mapping may sit beside a `$ref` (3.1 allows siblings): looked for at each hop.
  let node = schema;
  for (let hops = 0; hops < 16 && node && typeof node === 'object'; hops += 1) {
    const mapped = (node as Record<string, unknown>)[FIELD_ERRORS_EXTENSION];
    if (mapped !== undefined) return mappedShape(mapped);
    if (typeof (node as { $ref?: unknown }).$ref !== 'string') break;
    const next = resolve(node);
    if (next === node) break;
    node = next;
  }
  const body = merged(node, resolve);
  if (!body) return undefined;
  const mapped = body[FIELD_ERRORS_EXTENSION];
  if (mapped !== undefined) return mappedShape(mapped);
  for (const list of ['errors', 'detail']) {
    const items = merged((merged(body.properties?.[list], resolve) ?? {}).items, resolve);
    const properties = items?.properties;
    if (!properties) continue;
    const locationOf = (name: string) => merged(properties[name], resolve);
    const message = MESSAGE_KEYS.find((key) => key in properties);
    const type = TYPE_KEYS.find((key) => key in properties && key !== message);
    if ('loc' in properties && typesOf(locationOf('loc')).includes('array')) return { list, location: 'loc', style: 'segments', message, type };
    if ('pointer' in properties) return { list, location: 'pointer', style: 'pointer', message, type };
    if ('field' in properties) return { list, location: 'field', style: 'name', message, type };
  }
  return undefined;
}

function mappedShape(mapped: unknown): FieldErrorShape | undefined {
  const given = mapped as Partial<FieldErrorShape> | null;
  if (!given || typeof given.list !== 'string' || typeof given.location !== 'string') return undefined;
  const style = given.style === 'pointer' || given.style === 'name' ? given.style : 'segments';
  return { list: given.list, location: given.location, style, message: typeof given.message === 'string' ? given.message : undefined, type: typeof given.type === 'string' ? given.type : undefined };
}

/** A schema with its `$ref`s followed and the properties of its `allOf` branches gathered (a problem type extending RFC 9457's, say). */
function merged(schema: unknown, resolve: Resolve, depth = 0): SchemaObject | undefined {
  let resolved = schema as SchemaObject | undefined;
  for (let hops = 0; hops < 16 && resolved && typeof resolved === 'object' && typeof resolved.$ref === 'string'; hops += 1) resolved = resolve(resolved) as SchemaObject | undefined;
  if (!resolved || typeof resolved !== 'object' || depth > 8 || typeof resolved.$ref === 'string') return undefined;
  if (!Array.isArray(resolved.allOf)) return resolved;
  const parts = resolved.allOf.map((branch) => merged(branch, resolve, depth + 1)).filter((part): part is SchemaObject => part !== undefined);
  return { ...resolved, properties: Object.assign({}, ...parts.map((part) => part.properties ?? {}), resolved.properties ?? {}) };
}

function typesOf(schema: SchemaObject | undefined): unknown[] {
  return [schema?.type].flat();
}

/** Where a violation is, as the shape writes a location. */
export function locationOf(violation: FieldViolation, style: FieldErrorShape['style']): unknown {
  if (style === 'segments') return [violation.in, ...violation.path];
  if (style === 'pointer') return `#/${(violation.in === 'body' ? violation.path : [violation.in, ...violation.path]).map((segment) => String(segment).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
  return violation.path.join('.');
}

/**
 * The body with its list of field errors made from the violations, or undefined when that
 * answer would break the response's schema (`accepts`), so the documented one is served.
 * Each item starts as a copy of the documented first item (so the properties no rule
 * names, such as GitHub's `resource`, keep documented values), then gets the location,
 * the message and the type; a message or type the schema refuses keeps the documented one.
 */
export function fillFieldErrors(body: unknown, shape: FieldErrorShape, violations: FieldViolation[], accepts: (body: unknown) => boolean): unknown {
  if (violations.length === 0 || !body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const documented = (body as Record<string, unknown>)[shape.list];
  const template = Array.isArray(documented) && documented[0] && typeof documented[0] === 'object' ? (documented[0] as Record<string, unknown>) : {};
  const attempt = (withMessage: boolean, withType: boolean) => ({
    ...(body as Record<string, unknown>),
    [shape.list]: sortedViolations(violations).map((violation) => ({
      ...template,
      [shape.location]: locationOf(violation, shape.style),
      ...(shape.message && withMessage ? { [shape.message]: violation.message } : {}),
      ...(shape.type && withType ? { [shape.type]: violation.keyword } : {}),
    })),
  });
  for (const [withMessage, withType] of [[true, true], [true, false], [false, false]] as const) {
    const candidate = attempt(withMessage, withType);
    if (accepts(candidate)) return candidate;
  }
  return undefined;
}

/** One order for the engine and the handlers, whatever order their validators found them in; each place once. */
export function sortedViolations(violations: FieldViolation[]): FieldViolation[] {
  const seen = new Set<string>();
  const key = (violation: FieldViolation) => `${violation.in}\u0000${violation.path.join('\u0000')}\u0000${violation.keyword}`;
  return [...violations]
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
    .filter((violation) => !seen.has(key(violation)) && Boolean(seen.add(key(violation))));
}

/** The fields a body's list names, each as its path of property names (no `in`), for the contract's check. */
export function fieldsNamed(body: unknown, shape: FieldErrorShape): Array<Array<string | number>> | undefined {
  const list = (body as Record<string, unknown> | null)?.[shape.list];
  if (!Array.isArray(list)) return undefined;
  return list.map((item) => {
    const location = (item as Record<string, unknown> | null)?.[shape.location];
    if (shape.style === 'segments') {
      const segments = Array.isArray(location) ? location : [];
      return ['body', 'query', 'path', 'header', 'cookie'].includes(String(segments[0])) ? segments.slice(1) : segments;
    }
    if (typeof location !== 'string') return [];
    if (shape.style === 'pointer') return location.replace(/^#?\/?/, '').split('/').filter((segment) => segment !== '').map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
    return location.split(/[.[\]]/).filter((segment) => segment !== '');
  });
}

/**
 * A validation error as a violation: ajv's (and Prism's, which are ajv's) report a missing
 * or unexpected property at its parent, so the property's name is added to the path.
 */
export function violationOf(location: FieldViolation['in'], path: Array<string | number>, keyword: string, message: string, params: { missingProperty?: unknown; additionalProperty?: unknown; unevaluatedProperty?: unknown } = {}): FieldViolation {
  const property = keyword === 'required' ? params.missingProperty : keyword === 'additionalProperties' ? params.additionalProperty : keyword === 'unevaluatedProperties' ? params.unevaluatedProperty : undefined;
  return { in: location, path: typeof property === 'string' ? [...path, property] : path, keyword, message };
}

/** An ajv error, as the validators of the mock engine (Prism's) and the MSW handlers both report it. */
export interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/**
 * An ajv error as a violation, its message worded as Prism words it (ajv's message, plus
 * the allowed values or the unexpected property's name), so the engine and the MSW
 * handlers name a field with the same words.
 */
export function ajvViolation(location: FieldViolation['in'], base: Array<string | number>, error: AjvError): FieldViolation {
  return violationOf(location, [...base, ...pointerSegments(error.instancePath)], error.keyword, ajvMessage(error), error.params as { missingProperty?: unknown; additionalProperty?: unknown });
}

export function ajvMessage(error: AjvError): string {
  const params = error.params;
  const allowed = Array.isArray(params.allowedValues) ? `: ${params.allowedValues.join(', ')}` : '';
  const found = 'additionalProperty' in params ? `; found '${String(params.additionalProperty)}'` : '';
  const unevaluated = 'unevaluatedProperty' in params ? `: '${String(params.unevaluatedProperty)}'` : '';
  return `${error.message ?? ''}${allowed}${found}${unevaluated}`;
}

/** `/items/0/name` as its segments, unescaped (strings, as Prism splits them). */
function pointerSegments(pointer: string): string[] {
  return pointer.split('/').filter((segment) => segment !== '').map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}
