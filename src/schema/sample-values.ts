import { sample } from 'openapi-sampler';
import type { OpenApiDocument } from '../openapi/document.js';
import { deref } from '../openapi/document.js';
import { patternSample } from './pattern-sample.js';

type WithExamples = { example?: unknown; examples?: Record<string, unknown> | unknown[]; schema?: unknown };

/** An example in the spec that breaks its own schema: where it is, and the first reason. */
export interface ExampleFinding {
  pointer: string;
  reason: string;
}

/** What picking a value may use and tell: a schema check, and where the spec's examples are wrong. */
export interface ValuePicking {
  /** Validation errors of a value against a schema (empty when valid). */
  validate?: (schema: unknown, value: unknown) => string[];
  /** The JSON pointer of `holder` in the spec, for findings. */
  pointer?: string;
  findings?: ExampleFinding[];
}

/**
 * A value for a parameter or body: the spec's own example first (media type or
 * parameter `example`, then the first of `examples`), then one sampled from the schema.
 * An example that breaks its own schema is not sent, since the mock would reject the
 * request before any status could be forced: a schema-valid sample goes instead, and
 * the example is reported as a finding of the spec, as Schemathesis does.
 */
/**
 * Which properties a sample leaves out: `request` skips readOnly ones, `response` skips
 * writeOnly ones, and `mock` skips neither, as Prism's sampler does for what it serves.
 */
export type SampleDirection = 'request' | 'response' | 'mock';

export function exampleOrSample(document: OpenApiDocument, holder: WithExamples, direction: SampleDirection = 'request', picking: ValuePicking = {}): unknown {
  const example = firstExample(document, holder);
  if (example) {
    const problems = holder.schema !== undefined && picking.validate ? picking.validate(holder.schema, example.value) : [];
    if (problems.length === 0) return example.value;
    picking.findings?.push({ pointer: `${picking.pointer ?? '#'}/${example.at}`, reason: problems[0]! });
  }
  if (holder.schema === undefined) return example?.value;
  return schemaValidSample(document, holder.schema, direction, picking);
}

/**
 * A sample that its schema accepts, tried in order: the sampler's own pick (which takes
 * the schemas' `example`s first), the same from the schemas alone, then each branch of a
 * top-level `oneOf`/`anyOf` (the sampler always takes the first, which may be the one a
 * discriminator or `required` rules out). When none fits, the schema is reported as a
 * finding and the first goes out: the mock's answer then names what is wrong.
 */
export function schemaValidSample(document: OpenApiDocument, schema: unknown, direction: SampleDirection, picking: ValuePicking): unknown {
  // A finding about a `$ref`'d schema names the schema where it is defined: one line for every place that uses it.
  const ref = (schema as { $ref?: unknown } | null)?.$ref;
  const schemaPointer = typeof ref === 'string' && ref.startsWith('#/') ? ref : `${picking.pointer ?? '#'}/schema`;
  const skip = { request: { skipReadOnly: true }, response: { skipWriteOnly: true }, mock: {} }[direction];
  const options = { ...skip, enablePatterns: true, quiet: true };
  const first = sample(forSampler(schema) as object, options, forSampler(document) as object);
  if (!picking.validate) return first;
  const problems = picking.validate(schema, first);
  if (problems.length === 0) return first;
  const plain = forSampler(withoutSchemaExamples(document)) as object;
  const fromSchemas = sample(forSampler(withoutSchemaExamples(schema)) as object, options, plain);
  if (picking.validate(schema, fromSchemas).length === 0) {
    // The schemas' own `example`s were what broke it: report that, as a finding of the spec.
    picking.findings?.push({ pointer: schemaPointer, reason: `its schema's own example: ${problems[0]}` });
    return fromSchemas;
  }
  const resolved = deref<{ oneOf?: unknown[]; anyOf?: unknown[] }>(document, schema);
  for (const branch of resolved?.oneOf ?? resolved?.anyOf ?? []) {
    const candidate = sample(forSampler(withoutSchemaExamples(branch)) as object, options, plain);
    if (picking.validate(schema, candidate).length === 0) return candidate;
  }
  // The sampler writes "string" for any string, even one limited to `maxLength: 0` (an empty body).
  const plainValue = PLAIN_VALUES.find((candidate) => picking.validate!(schema, candidate).length === 0);
  if (plainValue !== undefined) return plainValue;
  const filled = withRequiredFilled(first, schema, picking.validate);
  if (filled !== undefined) {
    picking.findings?.push({ pointer: schemaPointer, reason: `it requires a property it does not describe: ${problems[0]}` });
    return filled;
  }
  // Its defaults, enums and combinators leave nothing the schema itself accepts (an
  // `additionalProperties: false` beside an `allOf`, say): a defect of the spec.
  picking.findings?.push({ pointer: schemaPointer, reason: `${UNSATISFIABLE}: ${problems[0]}` });
  return first;
}

/** The start of a finding's reason where nothing built from the schema passes it: a request or answer there cannot be made valid. */
export const UNSATISFIABLE = 'no value built from the schema passes it';

// Scalars only: an empty object passing where properties are described (beside `additionalProperties: false`) is still a defect.
const PLAIN_VALUES: unknown[] = ['', 0, false, null];

/**
 * The sample with each property the schema requires but does not describe (`required:
 * [id]` with no `id` under `properties`) set to a string, where that is all that keeps it
 * from passing: the sampler only fills the properties a schema lists. Undefined when
 * anything else is wrong too.
 */
function withRequiredFilled(value: unknown, schema: unknown, validate: (schema: unknown, value: unknown) => string[]): unknown {
  let candidate = structuredClone(value);
  for (let round = 0; round < 20; round += 1) {
    const problems = validate(schema, candidate);
    if (problems.length === 0) return candidate;
    const missing = problems.map((problem) => /^()\(body\) must have required property '(.+)'$/.exec(problem) ?? /^(\/\S*) must have required property '(.+)'$/.exec(problem));
    if (missing.some((match) => match === null)) return undefined;
    for (const match of missing) {
      const [path, name] = [match![1]!, match![2]!];
      const holder = path.split('/').filter(Boolean).reduce<unknown>((node, segment) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[segment.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined), candidate);
      if (!holder || typeof holder !== 'object' || Array.isArray(holder) || name in holder) return undefined;
      (holder as Record<string, unknown>)[name] = 'string';
    }
    candidate = structuredClone(candidate);
  }
  return undefined;
}

/**
 * Formats the sampler has no generator for, named by the one it has for the same
 * strings (ajv-formats' `url` is a `uri` with a scheme, as the sampler's uri is).
 */
const SAMPLER_FORMATS: Record<string, string> = { url: 'uri', 'uri-template': 'uri', iri: 'uri', 'idn-email': 'email', 'idn-hostname': 'hostname' };

/**
 * A copy of a schema (or the document) the sampler reads well: formats renamed as above,
 * and a `pattern` string with nothing else to go by given a matching `const` (see pattern-sample.ts).
 */
const forSampler = memoizedCopy((node, copy) => {
  const record: Record<string, unknown> = Object.fromEntries(
    Object.entries(node).map(([key, value]) => [key, key === 'format' && typeof value === 'string' && SAMPLER_FORMATS[value] ? SAMPLER_FORMATS[value] : copy(value)]),
  );
  const givesItsOwnValue = ['const', 'enum', 'example', 'examples', 'default'].some((keyword) => keyword in record);
  if (typeof record.pattern === 'string' && !givesItsOwnValue) {
    const matching = patternSample(record.pattern);
    if (matching !== undefined) record.const = matching;
  }
  return record;
});

const SCHEMA_KEYWORDS = ['type', 'properties', 'items', 'format', 'enum', 'allOf', 'anyOf', 'oneOf', '$ref', 'pattern'];

/** A copy with every schema-level `example` and `examples` list removed; media-type examples (maps) stay. */
const withoutSchemaExamples = memoizedCopy((node, copy) => {
  const isSchema = SCHEMA_KEYWORDS.some((keyword) => keyword in node);
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => !(isSchema && key === 'example') && !(key === 'examples' && Array.isArray(value)))
      .map(([key, value]) => [key, copy(value)]),
  );
});

/**
 * A deep copy, made once per object (the document is copied once, not per schema that
 * refers into it): arrays item by item, each object by `rebuild`, given the copier.
 */
function memoizedCopy(rebuild: (node: object, copy: (value: unknown) => unknown) => unknown): (node: unknown) => unknown {
  const copies = new WeakMap<object, unknown>();
  const copy = (node: unknown): unknown => {
    if (!node || typeof node !== 'object') return node;
    if (copies.has(node)) return copies.get(node);
    const made = Array.isArray(node) ? node.map(copy) : rebuild(node, copy);
    copies.set(node, made);
    return made;
  };
  return copy;
}

function firstExample(document: OpenApiDocument, holder: WithExamples): { value: unknown; at: string } | undefined {
  if (holder.example !== undefined) return { value: holder.example, at: 'example' };
  const examples = holder.examples;
  if (examples && !Array.isArray(examples)) {
    const [name, first] = Object.entries(examples)[0] ?? [];
    if (first !== undefined) return { value: deref<{ value?: unknown }>(document, first).value, at: `examples/${escapePointer(name!)}/value` };
  }
  return undefined;
}

export function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
