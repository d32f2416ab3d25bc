import { createRequire } from 'node:module';
import type { Ajv2020 as Ajv2020Type, ValidateFunction } from 'ajv/dist/2020.js';
import { coerceHeader } from '../schema/header-text.js';

/** A response header as the spec documents it: only its schema matters here. */
export type DocumentedHeaders = Record<string, { schema?: unknown }>;

export type ForcedHeaders = { ok: true; headers: Record<string, string> } | { ok: false; field: string; message: string; allowed?: string[] };

/**
 * The headers a test forces onto a documented answer (respond-with's `headers`, the MSW
 * handlers' `respondWith(…, { headers })`), checked once for both: each one the response
 * documents (any case), its value text or a number that its schema accepts (`Retry-After: 1`,
 * so a flow need not wait the example's 30 s; not `-1` where the schema says `minimum: 0`).
 * Names come back as the spec writes them.
 */
export function checkForcedHeaders(documented: DocumentedHeaders, given: unknown, answer: string): ForcedHeaders {
  if (given === undefined) return { ok: true, headers: {} };
  if (given === null || typeof given !== 'object' || Array.isArray(given)) return { ok: false, field: 'headers', message: 'headers maps header names to values, such as { "Retry-After": "1" }' };
  const names = Object.keys(documented).filter((name) => name.toLowerCase() !== 'content-type');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(given)) {
    const field = `headers.${name}`;
    const known = names.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
    if (!known) return { ok: false, field, message: `${answer} documents no ${name} header`, allowed: names };
    if (typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value))) return { ok: false, field, message: `${name} is text or a number, not ${JSON.stringify(value)}` };
    const text = String(value);
    const problem = schemaProblem(documented[known]!.schema, coerceHeader(documented[known]!.schema, text));
    if (problem) return { ok: false, field, message: `${known} ${JSON.stringify(text)} breaks its schema: ${problem}` };
    headers[known] = text;
  }
  return { ok: true, headers };
}

/** A documented answer's headers (name, value pairs) with the forced ones in place of the same names, any case. */
export function withForcedHeaders<Value>(headers: Array<[string, Value]>, forced: Record<string, string> | undefined): Array<[string, Value | string]> {
  if (!forced || Object.keys(forced).length === 0) return headers;
  const lower = new Set(Object.keys(forced).map((name) => name.toLowerCase()));
  return [...headers.filter(([name]) => !lower.has(name.toLowerCase())), ...Object.entries(forced)];
}

// ajv, loaded on the first forced header only: the mock's primary process (where the
// control runs) validates nothing else, and its start should not pay for a validator.
const requireCjs = createRequire(import.meta.url);
let ajv: Ajv2020Type | undefined;
const compiled = new WeakMap<object, ValidateFunction | undefined>();

/** Why `value` breaks `schema`, or undefined when it fits (or the schema cannot be compiled alone: a `$ref` into the document). */
function schemaProblem(schema: unknown, value: unknown): string | undefined {
  if (schema === null || typeof schema !== 'object') return undefined;
  if (!compiled.has(schema)) {
    if (!ajv) {
      const { Ajv2020 } = requireCjs('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
      ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
      (requireCjs('ajv-formats') as (instance: Ajv2020Type) => void)(ajv);
    }
    let validate: ValidateFunction | undefined;
    try {
      validate = ajv.compile(schema);
    } catch {
      validate = undefined;
    }
    compiled.set(schema, validate);
  }
  const validate = compiled.get(schema);
  if (!validate || validate(value)) return undefined;
  return ajv!.errorsText(validate.errors, { dataVar: 'value' });
}
