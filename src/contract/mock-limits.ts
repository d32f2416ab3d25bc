import type { OpenApiDocument } from '../openapi/document.js';
import { deref } from '../openapi/document.js';
import { isJsonMediaType } from '../openapi/media-type.js';
import { concreteMediaType, isXmlMediaType } from '../schema/body-encoding.js';

// What the Prism mock cannot do, whatever the spec says: the pairs that need it are
// reported as not exercised, with these reasons, instead of failing. A live server
// (`--base-url`) exercises them.

const typesOf = (schema: { type?: string | string[] } | undefined) => [schema?.type ?? []].flat();

/**
 * Why the mock can take no request body in this media type, or undefined when it can.
 * Prism parses JSON and form bodies (URL-encoded and multipart); any other body reaches
 * its validator as text, so only a schema that allows a string can pass.
 */
export function mockCannotRead(document: OpenApiDocument, mediaType: string, schema: unknown): string | undefined {
  const type = concreteMediaType(mediaType).toLowerCase();
  if (isJsonMediaType(type) || type === 'application/x-www-form-urlencoded' || type === 'multipart/form-data') return undefined;
  const types = typesOf(deref(document, schema));
  if (types.length === 0 || types.includes('string')) return undefined;
  return `the mock reads a ${type} request body as text and checks that text against the ${types.join('/')} schema, so no request can pass; a live server (--base-url) exercises it`;
}

interface MediaSpec {
  schema?: unknown;
  example?: unknown;
  examples?: Record<string, unknown>;
}

/**
 * Why the mock cannot answer in this media type, or undefined when it can. Prism
 * serializes JSON and XML; any other type (text/*, YAML, a vendor type) only when the
 * value it would send is a string already, else it answers 500.
 */
export function mockCannotServe(document: OpenApiDocument, mediaType: string, media: MediaSpec | undefined): string | undefined {
  const type = concreteMediaType(mediaType).toLowerCase();
  if (isJsonMediaType(type) || isXmlMediaType(type)) return undefined;
  const firstExample = media?.example ?? deref<{ value?: unknown } | undefined>(document, Object.values(media?.examples ?? {})[0])?.value;
  if (typeof firstExample === 'string') return undefined;
  const types = typesOf(deref(document, media?.schema));
  if (firstExample === undefined && (media?.schema === undefined || types.includes('string'))) return undefined;
  const what = firstExample === undefined ? `a value of type ${types.join('/') || 'object'}` : 'a structured example';
  return `the mock serializes only JSON, XML and strings, and this ${type} answer is ${what}; a live server (--base-url) exercises it`;
}
