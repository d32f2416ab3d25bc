import type { OpenApiDocument } from '../openapi/document.js';
import { isJsonMediaType } from '../openapi/media-type.js';
import type { OperationSpec } from '../openapi/operations.js';
import type { ExampleFinding } from '../schema/sample-values.js';
import { documentedExamples, mediaAt, servedExample } from '../schema/served-example.js';

/**
 * The spec's response examples that break their own schemas: each one a finding, with its
 * pointer and the first reason, once however many operations share it (a `$ref`'d
 * response or example is named where it is defined). Every named example counts, since
 * `Prefer: example=` can ask for any; where a media type documents none, the sample the
 * mock would build from the schema is judged instead (a schema's own `example` that breaks
 * it). The mock serves a schema-valid sample in place of each (served-example.ts), so these
 * are defects of the spec, not failed pairs.
 */
export function responseFindings(document: OpenApiDocument, operations: OperationSpec[], validateOrThrow: (schema: unknown, value: unknown) => string[]): { findings: ExampleFinding[]; byPair: Map<string, ExampleFinding[]> } {
  // A schema ajv cannot compile (a pattern it cannot read) judges nothing here: the pair's own checks report it.
  const validate = (schema: unknown, value: unknown): string[] => {
    try {
      return validateOrThrow(schema, value);
    } catch {
      return [];
    }
  };
  const findings = new Map<string, ExampleFinding>();
  const byPair = new Map<string, ExampleFinding[]>();
  // Most answers are a `$ref` to a shared schema: sampled and judged once per schema, not per
  // response (authentik's 3,596 pairs share a few hundred), as its findings name the schema itself.
  const sampledByRef = new Map<string, ReturnType<typeof servedExample>>();
  for (const operation of operations) {
    for (const response of operation.responses) {
      const pairKey = responsePairKey(operation, response.key);
      const note = (finding: ExampleFinding) => {
        if (!findings.has(finding.pointer)) findings.set(finding.pointer, finding);
        byPair.set(pairKey, [...(byPair.get(pairKey) ?? []), finding]);
      };
      for (const mediaType of Object.keys(response.content)) {
        const found = mediaAt(document, operation.method, operation.path, response.key, mediaType);
        if (!found || found.media.schema === undefined) continue;
        const examples = documentedExamples(document, found.media, found.pointer);
        let broken = 0;
        for (const example of examples) {
          // A text example of an XML or CSV body is that body's text: not judged as the object it encodes.
          if (!isJsonMediaType(mediaType) && typeof example.value === 'string') continue;
          const known = findings.get(example.pointer);
          const problems = known ? [known.reason] : validate(found.media.schema, example.value);
          if (problems.length > 0) note({ pointer: example.pointer, reason: problems[0]! });
          if (problems.length > 0) broken += 1;
        }
        // A valid example proves the schema can be met: nothing to sample.
        if (examples.length > 0 && broken < examples.length) continue;
        // What the mock serves in the example's place, or from the schema where none is documented.
        const ref = (found.media.schema as { $ref?: unknown }).$ref;
        const shared = typeof ref === 'string' && ref.startsWith('#/') ? ref : undefined;
        let served = shared === undefined ? undefined : sampledByRef.get(shared);
        if (!served) {
          try {
            served = servedExample(document, { schema: found.media.schema }, found.pointer, validate);
          } catch {
            // A schema the sampler cannot handle: the pair's own checks will say what the mock made of it.
            continue;
          }
          if (shared !== undefined) sampledByRef.set(shared, served);
        }
        if (served.finding && (examples.length === 0 || !served.valid)) note(served.finding);
      }
    }
  }
  return { findings: [...findings.values()], byPair };
}

/** How a documented response is named in `byPair`: `GET /items 200`, `GET /items 4XX`. */
export function responsePairKey(operation: { method: string; path: string }, key: string): string {
  return `${operation.method.toUpperCase()} ${operation.path} ${key}`;
}
