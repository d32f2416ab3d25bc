// Whether a schema's `default` has the shape of the schema's type. The schemas write it
// as `.default(value)`, which TypeScript checks against the inferred type: a spec whose
// default does not fit (ShipEngine's `insured_value: { default: [{…}] }` on an object) would
// make schemas.ts fail to compile, and zod would hand the misfit out unchecked. Such a
// default is left out (the property is optional). Only what the type sees is checked:
// types, enums, const, required properties and items; not formats, lengths or bounds.
import { valueAtPointer, type OpenApiDocument } from '../openapi/document.js';

type Schema = Record<string, any>;

const TYPE_OF: Record<string, (value: unknown) => boolean> = {
  string: (value) => typeof value === 'string',
  number: (value) => typeof value === 'number',
  integer: (value) => Number.isInteger(value),
  boolean: (value) => typeof value === 'boolean',
  null: (value) => value === null,
  array: (value) => Array.isArray(value),
  object: (value) => !!value && typeof value === 'object' && !Array.isArray(value),
};

export function defaultFits(value: unknown, schema: unknown, document: OpenApiDocument, depth = 0): boolean {
  if (depth > 20 || schema === true || schema === undefined) return true;
  if (!schema || typeof schema !== 'object') return false;
  const s = schema as Schema;
  if (typeof s.$ref === 'string') return defaultFits(value, valueAtPointer(document, s.$ref), document, depth + 1);
  if (value === null && (s.nullable === true || (Array.isArray(s.type) && s.type.includes('null')))) return true;
  if (s.const !== undefined && s.const !== null && value !== s.const) return false;
  if (Array.isArray(s.enum) && !s.enum.some((allowed: unknown) => JSON.stringify(allowed) === JSON.stringify(value))) return false;
  const types = (Array.isArray(s.type) ? s.type : s.type === undefined ? [] : [s.type]) as string[];
  if (types.length && !types.some((type) => TYPE_OF[type]?.(value) ?? true)) return false;
  if (Array.isArray(value) && s.items && !Array.isArray(s.items)) {
    if (!value.every((item) => defaultFits(item, s.items, document, depth + 1))) return false;
  }
  if (TYPE_OF.object!(value) && s.properties && typeof s.properties === 'object') {
    const object = value as Record<string, unknown>;
    if (Array.isArray(s.required) && !s.required.every((key: string) => key in object || !(key in s.properties) || s.properties[key]?.default !== undefined)) return false;
    for (const [key, property] of Object.entries(s.properties)) if (key in object && !defaultFits(object[key], property, document, depth + 1)) return false;
  }
  if (Array.isArray(s.allOf) && !s.allOf.every((member: unknown) => defaultFits(value, member, document, depth + 1))) return false;
  for (const key of ['anyOf', 'oneOf'] as const) {
    if (Array.isArray(s[key]) && s[key].length && !s[key].some((member: unknown) => defaultFits(value, member, document, depth + 1))) return false;
  }
  return true;
}
