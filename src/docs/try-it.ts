import { readFileSync } from 'node:fs';
import type { OpenApiDocument } from '../openapi/document.js';
import { documentedStatuses, listOperations, type OperationSpec } from '../openapi/operations.js';
import { isJsonBody, sampleRequest } from './sample-request.js';

/**
 * What the page's "Try it" panel needs of one operation, worked out here once so that the
 * script in the page only draws and sends: where Redoc put the operation, the documented
 * statuses a reader can force, every path, query and header parameter with the sample's
 * value, the credentials the reader types (cookies go by themselves, same origin), and
 * the example body as editable text.
 */
export interface TryItOperation {
  method: string;
  path: string;
  /** Redoc's element for the operation: `operation/<operationId>`, or the section whose id ends with this pointer when the spec gives no operationId. */
  anchor: { id: string } | { pointerSuffix: string };
  statuses: Array<{ code: number; description: string }>;
  params: Array<{ in: 'path' | 'query' | 'header'; name: string; value: string; required: boolean }>;
  /** Credentials a page cannot send by itself: a header, a query key, a bearer token or basic user:password. */
  credentials: Array<{ kind: 'header' | 'query' | 'bearer' | 'basic'; name: string }>;
  /** Cookie credentials and parameters: the browser sends what the mock set, the reader types none. */
  cookies: string[];
  body: { mediaType: string; text: string } | undefined;
}

export function tryItOperations(document: OpenApiDocument): TryItOperation[] {
  return listOperations(document).map((operation) => tryItOperation(document, operation));
}

function tryItOperation(document: OpenApiDocument, operation: OperationSpec): TryItOperation {
  const request = sampleRequest(document, operation);
  const ownOperationId = (document.paths as Record<string, Record<string, { operationId?: string }>> | undefined)?.[operation.path]?.[operation.method]?.operationId;
  const params: TryItOperation['params'] = [];
  for (const parameter of operation.parameters) {
    if (parameter.in === 'cookie') continue;
    const sampled = request.params[parameter.in][parameter.name];
    params.push({ in: parameter.in, name: parameter.name, value: sampled === undefined ? '' : String(sampled), required: parameter.in === 'path' || parameter.required === true });
  }
  const credentials: TryItOperation['credentials'] = [];
  const cookies = new Set(Object.keys(request.params.cookie).concat(operation.parameters.filter((parameter) => parameter.in === 'cookie').map((parameter) => parameter.name)));
  for (const credential of request.credentials) {
    if (credential.kind === 'cookie') cookies.add(credential.name);
    else credentials.push({ kind: credential.kind, name: credential.kind === 'bearer' || credential.kind === 'basic' ? 'Authorization' : credential.name });
  }
  return {
    method: request.method,
    path: operation.path,
    anchor: ownOperationId !== undefined ? { id: `operation/${ownOperationId}` } : { pointerSuffix: `/paths/${escapePointer(operation.path)}/${operation.method}` },
    statuses: documentedStatuses(operation).map((code) => ({ code, description: firstLine(operation.responses.find((response) => response.key === String(code))?.description ?? '') })),
    params,
    credentials,
    cookies: [...cookies],
    body: request.body && { mediaType: request.body.mediaType, text: bodyText(request) },
  };
}

/** JSON bodies, and form bodies (the panel encodes them from JSON), pretty-printed; text as it is. */
function bodyText(request: ReturnType<typeof sampleRequest>): string {
  const value = request.body!.value;
  if (isJsonBody(request) || typeof value === 'object') return JSON.stringify(value, null, 2) ?? '';
  return value === undefined ? '' : String(value);
}

const escapePointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');
const firstLine = (text: string) => text.split('\n')[0]!.trim().slice(0, 80);

let panelSource: string | undefined;

/**
 * The panel's own script, a plain browser script type-checked with the project (it is
 * read as a file, not built from a function's source, because tsx and vite rename
 * functions with helpers a page does not have). `npm run build` copies it beside this
 * module in dist.
 */
export function tryItPanelSource(): string {
  panelSource ??= readFileSync(new URL('./try-it-panel.js', import.meta.url), 'utf8');
  return panelSource;
}
