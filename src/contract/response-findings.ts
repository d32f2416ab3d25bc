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
export function responseFindings(document: OpenApiDocument, operations: OperationSpec[], validate: (schema: unknown, value: unknown) => string[]): { findings: ExampleFinding[]; byPair: Map<string, ExampleFinding[]> } {
  const findings = new Map<string, ExampleFinding>();
  const byPair = new Map<string, ExampleFinding[]>();
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
        for (const example of examples) {
          // A text example of an XML or CSV body is that body's text: not judged as the object it encodes.
          if (!isJsonMediaType(mediaType) && typeof example.value === 'string') continue;
          const known = findings.get(example.pointer);
          const problems = known ? [known.reason] : validate(found.media.schema, example.value);
          if (problems.length > 0) note({ pointer: example.pointer, reason: problems[0]! });
        }
        // What the mock serves in the example's place, or from the schema where none is documented.
        const served = servedExample(document, examples.length === 0 ? found.media : { schema: found.media.schema }, found.pointer, validate);
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
