import { deref, type OpenApiDocument } from '../openapi/document.js';
import { isJsonMediaType } from '../openapi/media-type.js';
import type { OperationSpec } from '../openapi/operations.js';
import { concreteMediaType, requestMediaType } from '../schema/body-encoding.js';
import { exampleOrSample } from '../schema/sample-values.js';

/** A credential as the reader fills it in: a placeholder, never a secret. */
export type SampleCredential =
  | { kind: 'cookie'; name: string; placeholder: string }
  | { kind: 'header'; name: string; placeholder: string }
  | { kind: 'query'; name: string; placeholder: string }
  | { kind: 'bearer'; placeholder: string }
  | { kind: 'basic'; placeholder: string };

/**
 * The one request every code sample of an operation makes: the spec's examples (else the
 * values sampled from its schemas, as the contract's requests are), every required
 * parameter and every query parameter the spec gives a value, the body in its JSON media
 * type when there is one, and the credentials of the first security requirement.
 */
export interface SampleRequest {
  method: string;
  path: string;
  /** `path` with its parameters filled in, URL-encoded. */
  filledPath: string;
  params: { path: Record<string, unknown>; query: Record<string, unknown>; header: Record<string, string>; cookie: Record<string, string> };
  body: { mediaType: string; value: unknown } | undefined;
  credentials: SampleCredential[];
  /** The documented success the sample narrows on: the first 2xx (`2XX` as 200). */
  success: number | undefined;
}

export function sampleRequest(document: OpenApiDocument, operation: OperationSpec): SampleRequest {
  const params: SampleRequest['params'] = { path: {}, query: {}, header: {}, cookie: {} };
  for (const parameter of operation.parameters) {
    const schema = deref<any>(document, parameter.schema);
    const documented = parameter.example !== undefined || parameter.examples !== undefined || schema?.default !== undefined || schema?.example !== undefined || schema?.examples !== undefined;
    if (!parameter.required && !(parameter.in === 'query' && documented)) continue;
    const value = exampleOrSample(document, parameter, 'request');
    if (parameter.in === 'path' || parameter.in === 'query') params[parameter.in][parameter.name] = value;
    else params[parameter.in][parameter.name] = String(value);
  }
  const filledPath = operation.path.replace(/\{([^}]+)\}/g, (whole, name: string) => (name in params.path ? encodeURIComponent(String(params.path[name])) : whole));
  return {
    method: operation.method.toUpperCase(),
    path: operation.path,
    filledPath,
    params,
    body: sampleBody(document, operation),
    credentials: credentialsOf(document, operation),
    success: successStatus(operation),
  };
}

function sampleBody(document: OpenApiDocument, operation: OperationSpec): SampleRequest['body'] {
  const mediaType = requestMediaType(operation.requestBody?.content);
  if (!mediaType) return undefined;
  const value = exampleOrSample(document, operation.requestBody!.content[mediaType]!, 'request');
  return { mediaType: concreteMediaType(mediaType), value };
}

/** The schemes of the first security requirement (all of it: AND), as placeholders. */
function credentialsOf(document: OpenApiDocument, operation: OperationSpec): SampleCredential[] {
  const credentials: SampleCredential[] = [];
  for (const name of Object.keys(operation.security[0] ?? {})) {
    const scheme = deref<any>(document, document.components?.securitySchemes?.[name]);
    if (!scheme) continue;
    if (scheme.type === 'apiKey' && ['cookie', 'header', 'query'].includes(scheme.in)) {
      credentials.push({ kind: scheme.in, name: scheme.name, placeholder: `<${scheme.name}>` });
    } else if (scheme.type === 'http' && /^basic$/i.test(scheme.scheme)) {
      credentials.push({ kind: 'basic', placeholder: '<username>:<password>' });
    } else if (scheme.type === 'http' || scheme.type === 'oauth2' || scheme.type === 'openIdConnect') {
      credentials.push({ kind: 'bearer', placeholder: '<token>' });
    }
  }
  return credentials;
}

function successStatus(operation: OperationSpec): number | undefined {
  const key = operation.responses.map((response) => response.key).find((key) => /^2(\d\d|XX)$/i.test(key));
  return key === undefined ? undefined : /^\d+$/.test(key) ? Number(key) : 200;
}

/** Whether the request carries cookies: a cookie credential or a cookie parameter. */
export function usesCookies(request: SampleRequest): boolean {
  return request.credentials.some((credential) => credential.kind === 'cookie') || Object.keys(request.params.cookie).length > 0;
}

export const isJsonBody = (request: SampleRequest) => request.body !== undefined && isJsonMediaType(request.body.mediaType);

/**
 * The base URL samples call: the first server's, its variables at their defaults, no
 * trailing slash. A spec with no server gets a placeholder the reader replaces.
 */
export function firstServerUrl(document: OpenApiDocument): string {
  const server = (document.servers as Array<{ url?: string; variables?: Record<string, { default?: string }> }> | undefined)?.[0];
  if (!server?.url || server.url === '/') return 'https://api.example.com';
  const url = server.url.replace(/\{([^}]+)\}/g, (_whole, name: string) => server.variables?.[name]?.default ?? '');
  // A relative server (`/v1`) is relative to wherever the API is: a placeholder host.
  return `${url.startsWith('/') ? 'https://api.example.com' : ''}${url}`.replace(/\/+$/, '');
}
