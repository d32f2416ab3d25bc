import { coerceHeader } from '../schema/header-text.js';
import type { SchemaProblem } from '../schema/schema-problem.js';

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
export function checkForcedHeaders(documented: DocumentedHeaders, given: unknown, answer: string, schemaProblem: SchemaProblem): ForcedHeaders {
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
