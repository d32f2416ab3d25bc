/**
 * A header's text as its schema's type: headers are text on the wire, so `30` is the
 * integer 30 for `type: integer` and `true` the boolean for `type: boolean`; anything
 * else stays text (and then fails a typed schema, as it should).
 */
export function coerceHeader(schema: unknown, value: string): unknown {
  const types = [(schema as { type?: unknown } | undefined)?.type].flat();
  if ((types.includes('integer') || types.includes('number')) && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (types.includes('boolean') && /^(true|false)$/.test(value)) return value === 'true';
  return value;
}
