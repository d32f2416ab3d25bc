import type { OpenApiDocument } from '../openapi/document.js';
import type { OperationSpec } from '../openapi/operations.js';
import { isJsonBody, sampleRequest, usesCookies, type SampleRequest } from './sample-request.js';

/** One entry of Redoc's `x-codeSamples`. */
export interface CodeSample {
  lang: string;
  label: string;
  source: string;
}

export interface CodeSampleOptions {
  /** Where the samples send their requests: the first server's URL, or the mock's. */
  baseUrl: string;
  /** The Auth API's own client (`@authkit/contract`), or a client typed by the spec's generated `paths`. */
  client: 'authkit-contract' | 'generated-paths';
}

/** The three ready-to-run samples of an operation, in this order: the typed client, `fetch`, `curl`. */
export function codeSamples(document: OpenApiDocument, operation: OperationSpec, options: CodeSampleOptions): CodeSample[] {
  const request = sampleRequest(document, operation);
  return [
    { lang: 'TypeScript', label: 'Typed client', source: typedClientSample(request, options) },
    { lang: 'JavaScript', label: 'fetch', source: fetchSample(request, options.baseUrl) },
    { lang: 'Shell', label: 'curl', source: curlSample(request, options.baseUrl) },
  ];
}

export function typedClientSample(request: SampleRequest, options: CodeSampleOptions): string {
  const lines: string[] = [];
  const clientOptions: Record<string, unknown> = { baseUrl: options.baseUrl };
  const headers: Record<string, unknown> = {};
  const notes: string[] = [];
  for (const credential of request.credentials) {
    if (credential.kind === 'bearer') headers.Authorization = `Bearer ${credential.placeholder}`;
    else if (credential.kind === 'basic') headers.Authorization = new Code(`\`Basic \${btoa(${jsString(credential.placeholder)})}\``);
    else if (credential.kind === 'header') headers[credential.name] = credential.placeholder;
    else if (credential.kind === 'query') notes.push(`// The ${credential.name} credential goes in the query: add ?${credential.name}=${credential.placeholder} to the URL.`);
  }
  if (Object.keys(headers).length > 0) clientOptions.headers = headers;
  if (usesCookies(request)) {
    const names = [...request.credentials.flatMap((credential) => (credential.kind === 'cookie' ? [credential.name] : [])), ...Object.keys(request.params.cookie)];
    notes.push(`// In a browser the ${[...new Set(names)].join(' and ')} cookie goes by itself: the client sends credentials: 'include'.`);
  }
  if (options.client === 'authkit-contract') {
    lines.push(`import { createApiClient } from '@authkit/contract';`, '', `const api = createApiClient(${jsLiteral(clientOptions)});`);
  } else {
    lines.push(`import { createApiClient } from '@authkit/contract';`, `import type { paths } from './generated/api-types.js';`, '', `const api = createApiClient<paths>(${jsLiteral(clientOptions)});`);
  }
  lines.push('', ...notes);
  const init: Record<string, unknown> = {};
  const params: Record<string, unknown> = {};
  for (const where of ['path', 'query', 'header'] as const) if (Object.keys(request.params[where]).length > 0) params[where] = request.params[where];
  if (Object.keys(params).length > 0) init.params = params;
  if (request.body) init.body = request.body.value;
  const args = [jsString(request.path), ...(Object.keys(init).length > 0 ? [jsLiteral(init)] : [])].join(', ');
  lines.push(`const result = await api.${request.method}(${args});`);
  if (request.success === undefined) lines.push(`if (result.error) console.error(result.error);`, `else console.log(result.data);`);
  else if (request.success === 204 || request.success === 205) lines.push(`if (result.status === ${request.success}) console.log('done');`, `else console.error(result.error);`);
  else lines.push(`if (result.status === ${request.success}) console.log(result.data);`, `else console.error(result.error);`);
  return lines.join('\n');
}

/** As the seed reference writes it: `url`, `options`, then fetch in a try. */
export function fetchSample(request: SampleRequest, baseUrl: string): string {
  const query = new URLSearchParams();
  for (const credential of request.credentials) if (credential.kind === 'query') query.set(credential.name, credential.placeholder);
  const headers: Record<string, string> = {};
  const multipart = isMultipart(request);
  // FormData sets its own Content-Type, with the boundary.
  if (request.body && !multipart) headers['Content-Type'] = request.body.mediaType;
  for (const credential of request.credentials) {
    if (credential.kind === 'bearer') headers.Authorization = `Bearer ${credential.placeholder}`;
    else if (credential.kind === 'header') headers[credential.name] = credential.placeholder;
  }
  Object.assign(headers, request.params.header);
  const options: string[] = [`method: ${jsString(request.method)}`];
  if (Object.keys(headers).length > 0 || request.credentials.some((credential) => credential.kind === 'basic')) {
    const entries = Object.entries(headers).map(([name, value]) => `${jsKey(name)}: ${jsString(value)}`);
    const basic = request.credentials.find((credential) => credential.kind === 'basic');
    if (basic) entries.push(`Authorization: \`Basic \${btoa(${jsString(basic.placeholder)})}\``);
    options.push(`headers: {${entries.join(', ')}}`);
  }
  if (usesCookies(request)) options.push(`credentials: 'include'`);
  if (request.body) options.push(multipart ? 'body: form' : `body: ${isJsonBody(request) ? `JSON.stringify(${JSON.stringify(request.body.value)})` : jsString(textBody(request))}`);
  const noContent = request.success === 204 || request.success === 205;
  const form = multipart ? ['const form = new FormData();', ...formFields(request).map(([name, value]) => `form.append(${jsString(name)}, ${jsString(value)});`)] : [];
  return [
    ...form,
    `const url = ${jsString(requestUrl(request, baseUrl, query))};`,
    `const options = {${options.join(', ')}};`,
    '',
    'try {',
    '  const response = await fetch(url, options);',
    ...(noContent ? ['  console.log(response.status);'] : ['  const data = await response.json();', '  console.log(data);']),
    '} catch (error) {',
    '  console.error(error);',
    '}',
  ].join('\n');
}

/** `curl --request … --url …`, one option a line, every value single-quoted for a POSIX shell. */
export function curlSample(request: SampleRequest, baseUrl: string): string {
  const query = new URLSearchParams();
  for (const credential of request.credentials) if (credential.kind === 'query') query.set(credential.name, credential.placeholder);
  const url = requestUrl(request, baseUrl, query);
  const lines = [`curl --request ${request.method}`, `--url ${/^[\w:/.\-]+$/.test(url) ? url : shellQuote(url)}`];
  const cookies = new Map<string, string>();
  for (const credential of request.credentials) {
    if (credential.kind === 'cookie') cookies.set(credential.name, credential.placeholder);
    else if (credential.kind === 'header') lines.push(`--header ${shellQuote(`${credential.name}: ${credential.placeholder}`)}`);
    else if (credential.kind === 'bearer') lines.push(`--header ${shellQuote(`Authorization: Bearer ${credential.placeholder}`)}`);
    else if (credential.kind === 'basic') lines.push(`--user ${shellQuote(credential.placeholder)}`);
  }
  for (const [name, value] of Object.entries(request.params.header)) lines.push(`--header ${shellQuote(`${name}: ${value}`)}`);
  for (const [name, value] of Object.entries(request.params.cookie)) if (!cookies.has(name)) cookies.set(name, value);
  if (cookies.size > 0) lines.push(`--cookie ${shellQuote([...cookies].map(([name, value]) => `${name}=${value}`).join('; '))}`);
  if (request.body && isMultipart(request)) {
    for (const [name, value] of formFields(request)) lines.push(`--form ${shellQuote(`${name}=${value}`)}`);
  } else if (request.body) {
    lines.push(`--header ${shellQuote(`Content-Type: ${request.body.mediaType}`)}`);
    lines.push(`--data ${shellQuote(isJsonBody(request) ? JSON.stringify(request.body.value) : textBody(request))}`);
  }
  return lines.join(' \\\n  ');
}

function requestUrl(request: SampleRequest, baseUrl: string, credentialQuery: URLSearchParams): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(request.params.query)) {
    for (const item of Array.isArray(value) ? value : [value]) query.append(name, typeof item === 'object' ? JSON.stringify(item) : String(item));
  }
  for (const [name, value] of credentialQuery) query.append(name, value);
  const search = [...query].map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value).replace(/%3C/g, '<').replace(/%3E/g, '>')}`).join('&');
  return `${baseUrl}${request.filledPath}${search ? `?${search}` : ''}`;
}

/** A body that is not JSON as text: a form's fields URL-encoded, a string as it is. */
function textBody(request: SampleRequest): string {
  const value = request.body!.value;
  if (/^application\/x-www-form-urlencoded/i.test(request.body!.mediaType)) return new URLSearchParams(formFields(request)).toString();
  return typeof value === 'string' ? value : JSON.stringify(value);
}

const isMultipart = (request: SampleRequest) => request.body !== undefined && /^multipart\//i.test(request.body.mediaType);

/** A form's fields as text, objects as JSON, arrays as repeated fields. */
function formFields(request: SampleRequest): Array<[string, string]> {
  const value = request.body!.value;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([name, field]) => (Array.isArray(field) ? field : [field]).map((item): [string, string] => [name, typeof item === 'object' ? JSON.stringify(item) : String(item)]));
}

/** A POSIX shell word: single quotes, and each embedded `'` as `'\''`. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A JavaScript string literal in single quotes. */
function jsString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')}'`;
}

function jsKey(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : jsString(name);
}

/** Source text placed as is inside a literal. */
class Code {
  constructor(readonly text: string) {}
}

/** A value as a person writes it in TypeScript: bare keys where they can be, single-quoted strings. */
function jsLiteral(value: unknown): string {
  if (value instanceof Code) return value.text;
  if (typeof value === 'string') return jsString(value);
  if (value === undefined) return 'undefined';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(jsLiteral).join(', ')}]`;
  const entries = Object.entries(value).map(([key, item]) => `${jsKey(key)}: ${jsLiteral(item)}`);
  return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
}
