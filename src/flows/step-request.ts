import { createApiClient } from '../client/index.js';
import type { ContractCase } from '../contract/cases.js';
import type { WireResponse } from '../contract/checks.js';
import type { Redactor } from '../contract/redact.js';
import type { OpenApiDocument } from '../openapi/document.js';
import { isJsonMediaType } from '../openapi/media-type.js';
import type { OperationSpec } from '../openapi/operations.js';
import type { Parameter } from './arazzo-types.js';
import type { MessageView } from './runtime-expressions.js';

/** A step's request, its values evaluated: what is sent, and what `$request.*` reads. */
export interface StepRequest {
  operation: OperationSpec;
  pathParams: Record<string, string>;
  query: Record<string, string>;
  headers: Record<string, string>;
  cookies: Record<string, string>;
  body: unknown;
  contentType: string | undefined;
}

export interface StepExchange {
  /** The request's headers as they went out (the jar's cookies in them). */
  sentHeaders?: Headers;
  wire?: WireResponse;
  client: { status: number; data: unknown; error: unknown };
  url: string;
  durationMs: number;
}

/** The operation's parameters and body from a step's evaluated `parameters` and payload. */
export function stepRequest(operation: OperationSpec, parameters: Parameter[], body: unknown, contentType: string | undefined): StepRequest {
  const request: StepRequest = { operation, pathParams: {}, query: {}, headers: {}, cookies: {}, body, contentType };
  for (const parameter of parameters) {
    const value = typeof parameter.value === 'string' ? parameter.value : JSON.stringify(parameter.value);
    if (parameter.in === 'path') request.pathParams[parameter.name] = value;
    else if (parameter.in === 'query') request.query[parameter.name] = value;
    else if (parameter.in === 'header') request.headers[parameter.name] = value;
    else if (parameter.in === 'cookie') request.cookies[parameter.name] = value;
  }
  if (body !== undefined && !request.contentType) request.contentType = Object.keys(operation.requestBody?.content ?? {})[0] ?? 'application/json';
  return request;
}

/**
 * Sends a step through the typed client, as the contract matrix sends a case: what came
 * over the wire is kept beside what the client made of it, for the same named checks.
 * The jar's fetch carries the run's cookies; every secret sent or received is learned
 * by the redactor before any result can quote it.
 */
export async function sendStep(request: StepRequest, options: { baseUrl: string; fetch: (request: Request) => Promise<Response>; lastSent?: () => Headers | undefined; redactor: Redactor; timeoutMs: number }): Promise<StepExchange> {
  let wire: WireResponse | undefined;
  let url = '';
  const api = createApiClient<any>({
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs,
    fetch: async (sent) => {
      url = sent.url;
      options.redactor.learnHeaders(sent.headers);
      const response = await options.fetch(sent);
      const out = options.lastSent?.();
      if (out) options.redactor.learnHeaders(out);
      options.redactor.learnHeaders(response.headers);
      wire = { status: response.status, headers: response.headers, text: await response.clone().text() };
      return response;
    },
  });
  const cookie = Object.entries(request.cookies).map(([name, value]) => `${name}=${value}`).join('; ');
  for (const [name, value] of Object.entries(request.cookies)) options.redactor.learnCookie(name, value);
  const form = request.contentType === 'application/x-www-form-urlencoded' && request.body !== null && typeof request.body === 'object';
  const call = (api as unknown as Record<string, (path: string, init: object) => Promise<{ status: number; data: unknown; error: unknown }>>)[request.operation.method.toUpperCase()]!;
  const started = performance.now();
  const client = await call(request.operation.path, {
    params: { path: request.pathParams, query: request.query },
    body: form ? new URLSearchParams(request.body as Record<string, string>).toString() : request.body,
    headers: { ...request.headers, ...(cookie ? { Cookie: cookie } : {}), ...(request.body !== undefined && request.contentType ? { 'Content-Type': request.contentType } : {}) },
    ...(form || (request.contentType && !isJsonMediaType(request.contentType)) ? { bodySerializer: (value: unknown) => value } : {}),
  });
  return { wire, client, url, sentHeaders: options.lastSent?.(), durationMs: performance.now() - started };
}

/** The step's request as a contract case, so that the matrix's checks judge its answer as they judge a pair's. */
export function asContractCase(request: StepRequest, status: number): ContractCase {
  return {
    id: `${request.operation.method.toUpperCase()} ${request.operation.path} → ${status}`,
    kind: 'documented',
    operation: request.operation,
    status,
    request: { method: request.operation.method, path: request.operation.path, pathParams: request.pathParams, query: request.query, headers: request.headers, cookies: request.cookies, body: request.body, mediaType: request.contentType },
  };
}

/** What `$request.*` and `$response.*` read of an exchange. */
export function messageViews(request: StepRequest, exchange: StepExchange): { request: MessageView; response: MessageView | undefined } {
  const response = exchange.wire
    ? { headers: headerRecord(exchange.wire.headers), body: parseBody(exchange.wire.text, exchange.wire.headers.get('content-type')) }
    : undefined;
  return {
    request: { headers: exchange.sentHeaders ? headerRecord(exchange.sentHeaders) : Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), value])), query: request.query, path: request.pathParams, body: request.body },
    response,
  };
}

/** Headers by lower-case name; several Set-Cookie lines as one value, joined by `, ` (Arazzo reads one value per header). */
export function headerRecord(headers: Headers): Record<string, string> {
  const record: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (name.toLowerCase() !== 'set-cookie') record[name.toLowerCase()] = value;
  });
  const cookies = headers.getSetCookie();
  if (cookies.length > 0) record['set-cookie'] = cookies.join(', ');
  return record;
}

function parseBody(text: string, contentType: string | null): unknown {
  if (text === '') return undefined;
  if (!isJsonMediaType(contentType)) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

