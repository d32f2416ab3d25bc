import { deref, type OpenApiDocument } from '../openapi/document.js';
import { isJsonMediaType } from '../openapi/media-type.js';
import type { OperationSpec, ResponseSpec } from '../openapi/operations.js';
import { escapePointer, exampleOrSample } from '../schema/sample-values.js';

/** Small readers of a bundled document that the state plan is made from. */

export type JsonSchema = Record<string, any>;

/** The schema of a response's (or body's) first JSON media type, $refs followed; undefined without one. */
export function jsonSchemaOf(document: OpenApiDocument, content: Record<string, { schema?: unknown }> | undefined): JsonSchema | undefined {
  const entry = Object.entries(content ?? {}).find(([mediaType]) => isJsonMediaType(mediaType));
  const schema = entry?.[1].schema;
  return schema === undefined ? undefined : resolveSchema(document, schema);
}

/** A schema with $refs followed and an `allOf` of objects read as one object (what generators and Prism do). */
export function resolveSchema(document: OpenApiDocument, schema: unknown): JsonSchema | undefined {
  const resolved = deref<JsonSchema | undefined>(document, schema);
  if (!resolved || typeof resolved !== 'object') return undefined;
  if (!Array.isArray(resolved.allOf) || resolved.properties) return resolved;
  const parts = resolved.allOf.map((part: unknown) => resolveSchema(document, part)).filter((part: JsonSchema | undefined): part is JsonSchema => part !== undefined);
  return { ...resolved, type: 'object', properties: Object.assign({}, ...parts.map((part: JsonSchema) => propertiesOf(document, part))), required: parts.flatMap((part: JsonSchema) => part.required ?? []) };
}

/** Properties of an object schema, each resolved. */
export function propertiesOf(document: OpenApiDocument, schema: JsonSchema | undefined): Record<string, JsonSchema> {
  const resolved = schema ? resolveSchema(document, schema) : undefined;
  return Object.fromEntries(Object.entries<unknown>(resolved?.properties ?? {}).map(([name, property]) => [name, resolveSchema(document, property) ?? {}]));
}

/** The schema object a property or body refers to, $refs followed once: used to tell whether two places hold the same component. */
export function sameSchema(document: OpenApiDocument, a: unknown, b: unknown): boolean {
  if (!a || !b) return false;
  return deref(document, a) === deref(document, b);
}

/** The raw schema of a response's first JSON media type, $refs kept (for identity with components). */
export function rawJsonSchemaOf(content: Record<string, { schema?: unknown }> | undefined): unknown {
  return Object.entries(content ?? {}).find(([mediaType]) => isJsonMediaType(mediaType))?.[1].schema;
}

export function isObjectValue(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** What the mock answers for a response today: its first JSON example, else a sample of its schema. */
export function documentedValue(document: OpenApiDocument, response: ResponseSpec | undefined): unknown {
  const entry = Object.entries(response?.content ?? {}).find(([mediaType]) => isJsonMediaType(mediaType));
  return entry ? exampleOrSample(document, entry[1], 'mock') : undefined;
}

/** A response's own JSON example (media `example`, else its first named one): what the spec says, never a sample. */
export function documentedExample(document: OpenApiDocument, response: ResponseSpec | undefined): unknown {
  const media = Object.entries(response?.content ?? {}).find(([mediaType]) => isJsonMediaType(mediaType))?.[1];
  if (media?.example !== undefined) return media.example;
  const first = Object.values(media?.examples ?? {})[0];
  return first === undefined ? undefined : deref<{ value?: unknown }>(document, first).value;
}

/** A schema's own example or sample, as a response shows it. */
export function sampleOf(document: OpenApiDocument, schema: unknown): unknown {
  return schema === undefined ? undefined : exampleOrSample(document, { schema }, 'response');
}

/** Every example of a JSON request body: its media `example`, each of its `examples`, else its schema's sample. */
export function requestExamples(document: OpenApiDocument, operation: OperationSpec): unknown[] {
  const entry = Object.entries(operation.requestBody?.content ?? {}).find(([mediaType]) => isJsonMediaType(mediaType));
  if (!entry) return [];
  const media = entry[1];
  const values: unknown[] = [];
  if (media.example !== undefined) values.push(media.example);
  for (const example of Object.values(media.examples ?? {})) values.push(deref<{ value?: unknown }>(document, example).value);
  if (values.length === 0) values.push(exampleOrSample(document, media, 'request'));
  return values.filter((value) => value !== undefined);
}

/** The JSON pointer of an operation in the document. */
export function operationPointer(operation: OperationSpec): string {
  return `#/paths/${escapePointer(operation.path)}/${operation.method}`;
}

/** Whether an operation's security lets anyone in (`security: []`, or a requirement `{}`). */
export function isOpen(operation: OperationSpec): boolean {
  return operation.security.length === 0 || operation.security.some((requirement) => Object.keys(requirement).length === 0);
}

/** The lowest documented 2xx. */
export function lowestSuccess(operation: OperationSpec): number | undefined {
  return operation.responses
    .filter((response) => /^2\d\d$/.test(response.key))
    .map((response) => Number(response.key))
    .sort((a, b) => a - b)[0];
}

export function pathParamsOf(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);
}
