// The leaves of a zod schema: strings (zod 4's format schemas, lengths, patterns),
// numbers (integers, bounds in 3.0's and 3.1's spelling, multipleOf), literals and enums.
// Each returns zod source text; nothing here refers to another schema.

type Schema = Record<string, any>;

export function literal(value: unknown): string {
  if (value === null) return 'z.null()';
  if (['string', 'number', 'boolean'].includes(typeof value)) return `z.literal(${JSON.stringify(value)})`;
  return 'z.unknown()'; // an object or array `const`: openapi-typescript's type is no narrower
}

/** An enum: the values as literals (`z.enum` when all are strings), with null when the schema is nullable or lists it. */
export function enumOf(values: unknown[], nullable: boolean): string {
  const listed = [...new Set(values.filter((value) => value !== null && ['string', 'number', 'boolean'].includes(typeof value)))];
  const withNull = nullable || values.includes(null);
  if (!listed.length) return withNull ? 'z.null()' : 'z.never()';
  const text =
    listed.length === 1
      ? `z.literal(${JSON.stringify(listed[0])})`
      : listed.every((value) => typeof value === 'string')
        ? `z.enum([${listed.map((value) => JSON.stringify(value)).join(', ')}])`
        : `z.literal([${listed.map((value) => JSON.stringify(value)).join(', ')}])`;
  return withNull ? `${text}.nullable()` : text;
}

// Formats zod 4 checks, in its own top-level style. The rest (uri-reference, binary, time
// (RFC 3339's requires an offset, which z.iso.time refuses), …) stay plain strings, as openapi-typescript types them.
const STRING_FORMATS: Record<string, string> = {
  email: 'z.email()',
  uuid: 'z.uuid()',
  'date-time': 'z.iso.datetime({ offset: true })',
  date: 'z.iso.date()',
  duration: 'z.iso.duration()',
  uri: 'z.url()',
  hostname: 'z.hostname()',
  ipv4: 'z.ipv4()',
  ipv6: 'z.ipv6()',
  byte: 'z.base64()',
};

export function stringOf(s: Schema): string {
  let text = `${STRING_FORMATS[s.format as string] ?? 'z.string()'}${checks(s, { minLength: 'min', maxLength: 'max' })}`;
  if (typeof s.pattern === 'string') {
    const flags = regexFlags(s.pattern);
    if (flags !== undefined) text += `.regex(new RegExp(${JSON.stringify(s.pattern)}${flags ? `, '${flags}'` : ''}))`;
  }
  return text;
}

/** JSON Schema's patterns are ECMA-262 with Unicode; a pattern the `u` flag refuses is tried without it, one neither takes is left out. */
function regexFlags(pattern: string): string | undefined {
  for (const flags of ['u', '']) {
    try {
      new RegExp(pattern, flags);
      return flags;
    } catch {
      // the next
    }
  }
  return undefined;
}

/**
 * zod's integers are safe integers; a schema whose own bounds go past them (int64's
 * -9223372036854775808, as authentik writes it) means any whole number, so it is checked as one.
 */
function integerOf(s: Schema): string {
  if (s.format === 'int32') return 'z.int32()';
  const bounds = [s.minimum, s.maximum, s.exclusiveMinimum, s.exclusiveMaximum].filter((bound): bound is number => typeof bound === 'number');
  return bounds.some((bound) => !Number.isSafeInteger(bound) && Number.isInteger(bound)) ? 'z.number().multipleOf(1)' : 'z.int()';
}

/** Bounds as 3.1 writes them (`exclusiveMinimum: 3`) and as 3.0 does (`minimum: 3, exclusiveMinimum: true`). */
export function numberOf(s: Schema): string {
  let text = s.type === 'integer' ? integerOf(s) : 'z.number()';
  if (typeof s.minimum === 'number') text += s.exclusiveMinimum === true ? `.gt(${s.minimum})` : `.gte(${s.minimum})`;
  if (typeof s.exclusiveMinimum === 'number') text += `.gt(${s.exclusiveMinimum})`;
  if (typeof s.maximum === 'number') text += s.exclusiveMaximum === true ? `.lt(${s.maximum})` : `.lte(${s.maximum})`;
  if (typeof s.exclusiveMaximum === 'number') text += `.lt(${s.exclusiveMaximum})`;
  if (typeof s.multipleOf === 'number') text += `.multipleOf(${s.multipleOf})`;
  return text;
}

/** `.min(n)`, `.max(n)`, … for each keyword the schema has, as zod's method of that name. */
export function checks(s: Schema, names: Record<string, string>): string {
  return Object.entries(names)
    .filter(([key]) => typeof s[key] === 'number')
    .map(([key, method]) => `.${method}(${s[key]})`)
    .join('');
}
