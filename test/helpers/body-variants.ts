import { deref, type OpenApiDocument } from '../../src/openapi/document.js';

/** One request body to judge: what it is, and whether the spec accepts it. */
export interface BodyVariant {
  label: string;
  body: unknown;
  /** What the spec says of it: the judges (the mock, the zod schema) must agree with each other, and with this. */
  expected: 'accept' | 'refuse';
}

// Each variant changes one field of a valid body, one constraint at a time, so that a judge
// that forgets one constraint (a dropped minLength) disagrees on exactly the rows that
// reach it. Boundary values are tried from both sides: exactly at a bound is accepted.

const EMAIL_DOMAIN = '@example.com';

/** A string of exactly `length` characters that keeps `format` (an email stays an email). */
function stringOfLength(length: number, format: unknown): string | undefined {
  if (format === 'email') return length > EMAIL_DOMAIN.length ? `${'a'.repeat(length - EMAIL_DOMAIN.length)}${EMAIL_DOMAIN}` : undefined;
  if (format === undefined) return 'x'.repeat(length);
  return undefined; // a uuid or a date-time has its own length: its bounds are not tried
}

const BAD_FORMATS: Record<string, string> = { email: 'not-an-email', uuid: 'not-a-uuid', 'date-time': 'yesterday', uri: 'not a uri', date: '31/12/2026' };

function fieldVariants(field: string, schema: any, required: boolean): Array<{ label: string; value: unknown; expected: BodyVariant['expected'] } | { label: string; remove: true; expected: BodyVariant['expected'] }> {
  const types = [schema?.type].flat().filter(Boolean) as string[];
  const out: ReturnType<typeof fieldVariants> = [];
  if (required) out.push({ label: `${field} missing`, remove: true, expected: 'refuse' });
  else out.push({ label: `${field} left out`, remove: true, expected: 'accept' });
  if (!types.includes('null') && schema.nullable !== true) out.push({ label: `${field} null`, value: null, expected: 'refuse' });
  if (types.includes('string')) {
    if (!types.includes('number') && !types.includes('integer')) out.push({ label: `${field} a number`, value: 12345, expected: 'refuse' });
    const bad = BAD_FORMATS[schema.format as string];
    if (bad !== undefined) out.push({ label: `${field} not a ${schema.format}`, value: bad, expected: 'refuse' });
    if (typeof schema.minLength === 'number') {
      const at = stringOfLength(schema.minLength, schema.format);
      if (at !== undefined) out.push({ label: `${field} of minLength ${schema.minLength}`, value: at, expected: 'accept' });
      const under = schema.minLength > 0 ? stringOfLength(schema.minLength - 1, schema.format) : undefined;
      if (under !== undefined || (schema.minLength > 0 && schema.format === undefined)) out.push({ label: `${field} one under minLength`, value: under ?? '', expected: 'refuse' });
    }
    if (typeof schema.maxLength === 'number') {
      const at = stringOfLength(schema.maxLength, schema.format);
      if (at !== undefined) out.push({ label: `${field} of maxLength ${schema.maxLength}`, value: at, expected: 'accept' });
      const over = stringOfLength(schema.maxLength + 1, schema.format);
      if (over !== undefined) out.push({ label: `${field} one over maxLength`, value: over, expected: 'refuse' });
    }
    if (Array.isArray(schema.enum)) out.push({ label: `${field} outside its enum`, value: '__not_in_the_enum__', expected: 'refuse' });
  }
  if ((types.includes('integer') || types.includes('number')) && !types.includes('string')) {
    out.push({ label: `${field} a string`, value: 'not-a-number', expected: 'refuse' });
    if (types.includes('integer') && !types.includes('number')) out.push({ label: `${field} a fraction`, value: (typeof schema.minimum === 'number' ? schema.minimum : 0) + 0.5, expected: 'refuse' });
    if (typeof schema.minimum === 'number') {
      out.push({ label: `${field} at its minimum`, value: schema.minimum, expected: 'accept' });
      out.push({ label: `${field} under its minimum`, value: schema.minimum - 1, expected: 'refuse' });
    }
    if (typeof schema.maximum === 'number') {
      out.push({ label: `${field} at its maximum`, value: schema.maximum, expected: 'accept' });
      out.push({ label: `${field} over its maximum`, value: schema.maximum + 1, expected: 'refuse' });
    }
  }
  if (types.includes('boolean') && types.length === 1) out.push({ label: `${field} a string`, value: 'yes', expected: 'refuse' });
  if (types.includes('array') && types.length === 1) out.push({ label: `${field} not an array`, value: 'x', expected: 'refuse' });
  if (types.includes('object') && types.length === 1) out.push({ label: `${field} not an object`, value: 'x', expected: 'refuse' });
  return out;
}

/**
 * The valid body, then one variant per field and constraint of an object body schema
 * (readOnly fields are not the request's to send: left alone), then an unknown field where
 * `additionalProperties` is false. Only flat object bodies are varied; anything else
 * gives the valid body alone.
 */
export function bodyVariants(document: OpenApiDocument, bodySchema: unknown, valid: unknown): BodyVariant[] {
  const rows: BodyVariant[] = [{ label: 'the valid body', body: valid, expected: 'accept' }];
  const schema = deref<any>(document, bodySchema);
  if (!valid || typeof valid !== 'object' || Array.isArray(valid) || !schema?.properties) return rows;
  const required = new Set<string>(schema.required ?? []);
  for (const [field, node] of Object.entries<any>(schema.properties)) {
    const property = deref<any>(document, node);
    if (property?.readOnly) continue;
    for (const variant of fieldVariants(field, property, required.has(field))) {
      const body: Record<string, unknown> = { ...(valid as Record<string, unknown>) };
      if ('remove' in variant) {
        if (!(field in body)) continue; // the valid body already leaves it out
        delete body[field];
      } else body[field] = variant.value;
      rows.push({ label: variant.label, body, expected: variant.expected });
    }
  }
  if (schema.additionalProperties === false) rows.push({ label: 'an unknown field', body: { ...(valid as object), unknownField: 1 }, expected: 'refuse' });
  return rows;
}
