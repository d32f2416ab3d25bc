import { sample } from 'openapi-sampler';
import type { OpenApiDocument } from '../openapi/document.js';
import { deref } from '../openapi/document.js';

type WithExamples = { example?: unknown; examples?: Record<string, unknown> | unknown[]; schema?: unknown };

/**
 * A value for a parameter or body: the spec's own example first (media type or
 * parameter `example`, then the first of `examples`), then one sampled from the schema.
 */
export function exampleOrSample(document: OpenApiDocument, holder: WithExamples, direction: 'request' | 'response' = 'request'): unknown {
  if (holder.example !== undefined) return holder.example;
  const examples = holder.examples;
  if (examples && !Array.isArray(examples)) {
    const first = Object.values(examples)[0];
    if (first !== undefined) return deref<{ value?: unknown }>(document, first).value;
  }
  if (holder.schema === undefined) return undefined;
  return sample(holder.schema as object, direction === 'request' ? { skipReadOnly: true } : { skipWriteOnly: true }, document);
}
