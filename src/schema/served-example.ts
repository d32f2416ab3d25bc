import type { OpenApiDocument } from '../openapi/document.js';
import { deref } from '../openapi/document.js';
import { escapePointer, schemaValidSample, type ExampleFinding } from './sample-values.js';
import { localRefs } from './field-errors.js';
import { isJsonMediaType } from '../openapi/media-type.js';

type Media = { example?: unknown; examples?: Record<string, unknown>; schema?: unknown };

/** What a mock serves for one documented media type of a response. */
export interface ServedExample {
  value: unknown;
  /** Why the spec's own value was not served: its example (or its schema's) breaks the schema. */
  finding?: ExampleFinding;
  /** Whether `value` fits the schema (false only when nothing built from the schema does). */
  valid: boolean;
}

/**
 * The value a mock serves for a response's media type, and the spec's defect if there is
 * one: the named example (`Prefer: example=`), else the media type's `example`, else its
 * first `examples`, else a sample of the schema. One that breaks the schema is a finding
 * (its pointer, the first reason) and a schema-valid sample goes out in its place, so the
 * pair is still exercised; the engine and the MSW handlers serve the same one.
 * `pointer` is the media type object's place in the spec (`#/components/responses/X/content/application~1json`).
 */
export function servedExample(document: OpenApiDocument, media: Media, pointer: string, validateOrThrow: (schema: unknown, value: unknown) => string[], exampleKey?: string, mediaType?: string): ServedExample {
  // A schema ajv cannot compile (a pattern it cannot read) judges nothing: served as documented.
  const validate = (schema: unknown, value: unknown): string[] => {
    try {
      return validateOrThrow(schema, value);
    } catch {
      return [];
    }
  };
  const chosen = exampleOf(document, media, exampleKey);
  const findings: ExampleFinding[] = [];
  // A text example of an XML or CSV body is that body's text, not the object it encodes.
  if (chosen && typeof chosen.value === 'string' && mediaType !== undefined && !isJsonMediaType(mediaType)) return { value: chosen.value, valid: true };
  if (chosen) {
    const problems = media.schema === undefined ? [] : validate(media.schema, chosen.value);
    if (problems.length === 0) return { value: chosen.value, valid: true };
    findings.push({ pointer: `${chosen.pointer ?? pointer}/${chosen.at}`, reason: problems[0]! });
  }
  if (media.schema === undefined) return { value: chosen?.value, valid: true };
  const sampled: ExampleFinding[] = [];
  let value: unknown;
  try {
    value = schemaValidSample(document, media.schema, 'mock', { validate, pointer, findings: sampled });
  } catch {
    // A schema the sampler cannot handle: the documented value goes out as it is.
    return { value: chosen?.value, valid: false };
  }
  const valid = validate(media.schema, value).length === 0;
  const finding = findings[0] ?? sampled[0];
  return { value, valid, ...(finding ? { finding } : {}) };
}

/** Every value the media type documents, each with where it is: what a finding names. */
export function documentedExamples(document: OpenApiDocument, media: Media, pointer: string): Array<{ name: string | undefined; value: unknown; pointer: string }> {
  if (media.example !== undefined) return [{ name: undefined, value: media.example, pointer: `${pointer}/example` }];
  return namedExamples(media).flatMap((name) => {
    const example = exampleOf(document, media, name);
    return example ? [{ name, value: example.value, pointer: `${example.pointer ?? pointer}/${example.at}` }] : [];
  });
}

/**
 * The names of a media type's `examples` map, own properties only (`__proto__` is no
 * example); a list (a common mistake) names none, as Prism reads it.
 */
function namedExamples(media: Media): string[] {
  const examples = media.examples;
  return examples && typeof examples === 'object' && !Array.isArray(examples) ? Object.keys(examples) : [];
}

/** The example a mock picks, with its place: a `$ref`'d example is named where it is defined. */
function exampleOf(document: OpenApiDocument, media: Media, name: string | undefined): { value: unknown; at: string; pointer?: string } | undefined {
  if (name === undefined && media.example !== undefined) return { value: media.example, at: 'example' };
  const names = namedExamples(media);
  const key = name ?? names[0];
  if (key === undefined || !names.includes(key)) return undefined;
  const raw = media.examples![key] as { $ref?: unknown } | undefined;
  let resolved: { value?: unknown } | undefined;
  try {
    resolved = deref<{ value?: unknown }>(document, raw);
  } catch {
    return undefined; // a $ref that leads nowhere: lint names it
  }
  // An example with only `externalValue` has no value here to serve or judge.
  if (!resolved || typeof resolved !== 'object' || !('value' in resolved)) return undefined;
  const value = resolved.value;
  if (typeof raw?.$ref === 'string' && raw.$ref.startsWith('#/')) return { value, at: 'value', pointer: raw.$ref };
  return { value, at: `examples/${escapePointer(key)}/value` };
}

/** The header on an answer whose documented example was replaced: the finding's pointer and reason. */
export const SPEC_FINDING_HEADER = 'authkit-spec-finding';

/** A finding as one header line: printable ASCII, at most 1,000 characters. */
export function findingHeaderValue(finding: ExampleFinding): string {
  const text = `${finding.pointer} ${finding.reason}`.replace(/[^\x20-\x7e]/g, '?');
  return text.length > 1000 ? `${text.slice(0, 997)}...` : text;
}

/**
 * A documented response's media type and its place in the spec, for an answer's status:
 * the exact key, else its range (`4XX`), else `default`; a `$ref`'d response is named where
 * it is defined, so one defect shared by many operations is one finding.
 */
export function mediaPointer(document: OpenApiDocument, method: string, path: string, status: number, mediaType: string): { media: Media; pointer: string } | undefined {
  const responses = responsesOf(document, method, path);
  const key = [String(status), `${String(status)[0]}XX`, 'default'].map((candidate) => Object.keys(responses).find((name) => name.toUpperCase() === candidate.toUpperCase())).find((name) => name !== undefined);
  return key === undefined ? undefined : mediaAt(document, method, path, key, mediaType);
}

function responsesOf(document: OpenApiDocument, method: string, path: string): Record<string, unknown> {
  return ((document.paths?.[path] as Record<string, { responses?: Record<string, unknown> }> | undefined)?.[method.toLowerCase()]?.responses ?? {}) as Record<string, unknown>;
}

/** The media type of a documented response key (`200`, `4XX`, `default`), and its place in the spec. */
export function mediaAt(document: OpenApiDocument, method: string, path: string, key: string, mediaType: string): { media: Media; pointer: string } | undefined {
  const operationAt = `#/paths/${escapePointer(path)}/${method.toLowerCase()}`;
  const responses = responsesOf(document, method, path);
  let pointer = `${operationAt}/responses/${escapePointer(key)}`;
  let response = responses[key] as { $ref?: unknown; content?: Record<string, Media> } | undefined;
  const resolveOne = localRefs(document);
  for (let hops = 0; hops < 16 && typeof response?.$ref === 'string' && response.$ref.startsWith('#/'); hops += 1) {
    pointer = response.$ref;
    response = resolveOne(response) as typeof response;
  }
  const content = response?.content ?? {};
  const name = Object.keys(content).find((candidate) => candidate.toLowerCase() === mediaType.toLowerCase());
  return name === undefined ? undefined : { media: content[name]!, pointer: `${pointer}/content/${escapePointer(name)}` };
}
