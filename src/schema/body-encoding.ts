import { isJsonMediaType } from '../openapi/media-type.js';
import type { OpenApiDocument } from '../openapi/document.js';
import { deref } from '../openapi/document.js';

/** A request body as it goes on the wire, for the media type chosen for it. */
export interface EncodedBody {
  mediaType: string;
  /** JSON bodies stay values (the client serializes them); the rest are already encoded. */
  body: unknown;
  /** False for JSON: the typed client serializes it, as an app's call would. */
  preEncoded: boolean;
}

/**
 * Which of a request body's media types the run sends: JSON when there is one (what a
 * typed client sends), else the first the spec lists. `*\/*` and `type/*` ranges are
 * narrowed to a concrete type, since a Content-Type cannot be a range.
 */
export function requestMediaType(content: Record<string, unknown> | undefined): string | undefined {
  const types = Object.keys(content ?? {});
  return types.find((type) => isJsonMediaType(type)) ?? types[0];
}

export function concreteMediaType(mediaType: string): string {
  if (mediaType === '*/*') return 'application/octet-stream';
  if (mediaType.endsWith('/*')) return mediaType === 'text/*' ? 'text/plain' : `${mediaType.slice(0, -2)}/octet-stream`;
  return mediaType;
}

export const isXmlMediaType = (mediaType: string) => /[/+]xml\b/i.test(mediaType);

/**
 * Encodes a schema-valid value for its media type. Hand-written because the encodings
 * are the small, fixed set OpenAPI names (form, multipart, text, XML, bytes), and each
 * takes its cues from the schema (binary parts, the `xml` object's names).
 */
export function encodeBody(document: OpenApiDocument, mediaType: string, schema: unknown, value: unknown): EncodedBody {
  const type = concreteMediaType(mediaType);
  if (isJsonMediaType(type)) return { mediaType: type, body: value, preEncoded: false };
  const lower = type.toLowerCase();
  if (lower === 'application/x-www-form-urlencoded') return { mediaType: type, body: formEncoded(value), preEncoded: true };
  if (lower === 'multipart/form-data' || lower.startsWith('multipart/')) return { mediaType: type, body: multipart(document, schema, value), preEncoded: true };
  if (isXmlMediaType(lower)) return { mediaType: type, body: toXml(document, schema, value), preEncoded: true };
  if (lower.startsWith('text/')) return { mediaType: type, body: typeof value === 'string' ? value : JSON.stringify(value ?? ''), preEncoded: true };
  // Bytes: the sample when it is a string (a `binary` sample is one), else a few bytes.
  return { mediaType: type, body: new TextEncoder().encode(typeof value === 'string' && value !== '' ? value : 'contract-test-bytes'), preEncoded: true };
}

/** A field's value as a form or multipart part takes it: text, with objects as JSON. */
function asText(value: unknown): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

function formEncoded(value: unknown): string {
  const form = new URLSearchParams();
  for (const [name, field] of Object.entries(isRecord(value) ? value : {})) {
    // Arrays go as repeated fields: OpenAPI's default for forms (style form, explode true).
    for (const item of Array.isArray(field) ? field : [field]) if (item !== undefined) form.append(name, asText(item));
  }
  return form.toString();
}

function multipart(document: OpenApiDocument, schema: unknown, value: unknown): FormData {
  const properties = deref<{ properties?: Record<string, unknown> }>(document, schema)?.properties ?? {};
  const form = new FormData();
  for (const [name, field] of Object.entries(isRecord(value) ? value : {})) {
    const fieldSchema = deref<{ format?: string; contentMediaType?: string; contentEncoding?: string; items?: unknown }>(document, properties[name]);
    const isFile = fieldSchema?.format === 'binary' || fieldSchema?.contentMediaType !== undefined || fieldSchema?.contentEncoding !== undefined;
    for (const item of Array.isArray(field) ? field : [field]) {
      if (item === undefined) continue;
      if (isFile) form.append(name, new Blob([asText(item || 'contract-test-bytes')], { type: fieldSchema?.contentMediaType ?? 'application/octet-stream' }), `${name}.bin`);
      else form.append(name, asText(item));
    }
  }
  return form;
}

interface XmlSchema {
  type?: string | string[];
  properties?: Record<string, unknown>;
  items?: unknown;
  xml?: { name?: string; attribute?: boolean; wrapped?: boolean };
}

/** A value as XML, named as the schema's `xml` objects say (root `root` when they do not). */
/** A value as XML, its elements named by the schema's `xml` objects. */
export function toXml(document: OpenApiDocument, schema: unknown, value: unknown): string {
  const resolved = deref<XmlSchema>(document, schema);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xmlElement(document, resolved?.xml?.name ?? 'root', resolved, value)}`;
}

function xmlElement(document: OpenApiDocument, name: string, schema: XmlSchema | undefined, value: unknown): string {
  if (Array.isArray(value)) {
    const items = deref<XmlSchema>(document, schema?.items);
    const inner = value.map((item) => xmlElement(document, items?.xml?.name ?? name, items, item)).join('');
    return schema?.xml?.wrapped ? `<${name}>${inner}</${name}>` : inner;
  }
  if (!isRecord(value)) return `<${name}>${escapeXml(String(value ?? ''))}</${name}>`;
  const attributes: string[] = [];
  const children: string[] = [];
  for (const [key, field] of Object.entries(value)) {
    const fieldSchema = deref<XmlSchema>(document, schema?.properties?.[key]);
    const fieldName = fieldSchema?.xml?.name ?? key;
    if (fieldSchema?.xml?.attribute) attributes.push(` ${fieldName}="${escapeXml(asText(field))}"`);
    else children.push(xmlElement(document, fieldName, fieldSchema, field));
  }
  return `<${name}${attributes.join('')}>${children.join('')}</${name}>`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

