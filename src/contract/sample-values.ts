import { sample } from 'openapi-sampler';
import type { OpenApiDocument } from '../openapi/document.js';
import { deref } from '../openapi/document.js';

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
export function exampleOrSample(document: OpenApiDocument, holder: WithExamples, direction: 'request' | 'response' = 'request', picking: ValuePicking = {}): unknown {
  const example = firstExample(document, holder);
  if (example) {
    const problems = holder.schema !== undefined && picking.validate ? picking.validate(holder.schema, example.value) : [];
    if (problems.length === 0) return example.value;
    picking.findings?.push({ pointer: `${picking.pointer ?? '#'}/${example.at}`, reason: problems[0]! });
  }
  if (holder.schema === undefined) return example?.value;
  const options = direction === 'request' ? { skipReadOnly: true } : { skipWriteOnly: true };
  const sampled = sample(holder.schema as object, options, document);
  const problems = picking.validate ? picking.validate(holder.schema, sampled) : [];
  if (problems.length === 0) return sampled;
  // The sampler takes the schemas' own `example`s first; one of them is wrong. Report it
  // and sample again from the schemas alone.
  picking.findings?.push({ pointer: `${picking.pointer ?? '#'}/schema`, reason: `its schema's own example: ${problems[0]}` });
  return sample(withoutSchemaExamples(holder.schema) as object, options, withoutSchemaExamples(document) as object);
}

const SCHEMA_KEYWORDS = ['type', 'properties', 'items', 'format', 'enum', 'allOf', 'anyOf', 'oneOf', '$ref', 'pattern'];
const stripped = new WeakMap<object, unknown>();

/** A copy with every schema-level `example` and `examples` list removed; media-type examples (maps) stay. */
function withoutSchemaExamples(node: unknown): unknown {
  if (!node || typeof node !== 'object') return node;
  const cached = stripped.get(node);
  if (cached) return cached;
  let copy: unknown;
  if (Array.isArray(node)) copy = node.map(withoutSchemaExamples);
  else {
    const isSchema = SCHEMA_KEYWORDS.some((keyword) => keyword in node);
    copy = Object.fromEntries(
      Object.entries(node)
        .filter(([key, value]) => !(isSchema && key === 'example') && !(key === 'examples' && Array.isArray(value)))
        .map(([key, value]) => [key, withoutSchemaExamples(value)]),
    );
  }
  stripped.set(node, copy);
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
