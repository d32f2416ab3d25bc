import { http, type HttpHandler } from 'msw';
import type { operations as AuthApiOperations } from '../../generated/api-types.js';
import { createSchemaValidator } from '../contract/schema-validator.js';
import type { OpenApiDocument } from '../openapi/document.js';
import { listOperations, type OperationSpec } from '../openapi/operations.js';
import { mockAnswer, type AnswerOptions } from './mock-answer.js';

export interface MockHandlersOptions {
  /**
   * The origin (and any prefix) the spec's paths are served under, as the client's
   * `baseUrl`. Default: any origin, so the handlers answer whatever base the app uses.
   */
  baseUrl?: string;
  /**
   * Answer 401, as the mock does, to a request without the operation's credentials.
   * Default true. In a browser, turn it off for cookie auth: a service worker's answer
   * cannot set an HttpOnly cookie, so the page would never hold the credentials.
   */
  checkSecurity?: boolean;
}

/** The statuses an operation documents, as numbers (openapi-typescript's `responses` keys). */
export type DocumentedStatusOf<Operation> = Operation extends { responses: infer Responses } ? Extract<keyof Responses, number> : never;

export interface RespondOptions {
  /** Answer only the next matching request, then step aside (msw's `once`). */
  once?: boolean;
  /** A named example of the response's media type, instead of its first. */
  example?: string;
}

export interface MockHandlers<Operations extends {} = AuthApiOperations> {
  /** One handler per operation, for `setupServer(...handlers)` or `setupWorker(...handlers)`. */
  handlers: HttpHandler[];
  /**
   * A handler that answers one operation with one of its documented statuses, for
   * `server.use(...)` in one test. The status is checked at compile time against the
   * statuses the operation documents.
   */
  respondWith<Id extends keyof Operations & string>(operationId: Id, status: DocumentedStatusOf<Operations[Id]>, options?: RespondOptions): HttpHandler;
}

/**
 * MSW request handlers from an OpenAPI document, answering as the mock server does:
 * the documented example or a schema-valid sample, the documented headers, 401 without
 * credentials, 422/400 for a request that breaks its schema, and any documented status
 * on `Prefer: code=N`. Built from the bundled document at run time, so they work for
 * any spec; the `Operations` type (openapi-typescript's `operations`) types `respondWith`.
 */
export function createMockHandlers<Operations extends {} = AuthApiOperations>(document: OpenApiDocument, options: MockHandlersOptions = {}): MockHandlers<Operations> {
  const validator = createSchemaValidator(document);
  const operations = listOperations(document);
  const byId = new Map(operations.map((operation) => [operation.operationId, operation]));
  const handlerFor = (operation: OperationSpec, answerOptions: AnswerOptions = {}, once = false): HttpHandler => {
    const { pattern, names } = mswPath(operation.path);
    const method = operation.method === 'trace' ? 'all' : operation.method;
    return http[method](
      `${options.baseUrl?.replace(/\/+$/, '') ?? '*'}${pattern}`,
      async ({ request, params }) => {
        const url = new URL(request.url);
        const pathParams = Object.fromEntries(names.map((name, index) => [name, String(params[`p${index}`] ?? '')]));
        const body = request.body ? await request.text() : undefined;
        const answer = mockAnswer(document, validator, operation, { method: request.method, url, headers: request.headers, body, pathParams }, { checkSecurity: options.checkSecurity, ...answerOptions });
        // A plain Response, not msw's HttpResponse: that one feeds Set-Cookie to msw's own
        // cookie store joined into one line, which stores the first cookie (or none, with
        // Secure) and then sends it with every later request of the process.
        return new Response(answer.body ?? null, { status: answer.status, headers: new Headers(answer.headers) });
      },
      { once },
    );
  };
  return {
    handlers: mostSpecificFirst(operations).map((operation) => handlerFor(operation)),
    respondWith(operationId, status, respond = {}) {
      const operation = byId.get(operationId);
      if (!operation) throw new Error(`respondWith: the document has no operation ${operationId}`);
      return handlerFor(operation, { status: status as number, exampleKey: respond.example }, respond.once ?? false);
    },
  };
}

/**
 * `/sessions/{sessionId}` as MSW's `/sessions/:p0`: parameters get plain names (a spec's
 * may hold characters MSW's matcher reads as syntax), mapped back to the spec's.
 */
function mswPath(path: string): { pattern: string; names: string[] } {
  const names: string[] = [];
  const pattern = path.replace(/\{([^}]+)\}/g, (_match, name: string) => `:p${names.push(name) - 1}`);
  return { pattern, names };
}

/**
 * MSW takes the first handler that matches, so a literal segment (`/sessions/current`)
 * must come before a parameter in the same place (`/sessions/{id}`), as a router ranks
 * them; otherwise the document's order stands.
 */
function mostSpecificFirst(operations: OperationSpec[]): OperationSpec[] {
  const rank = (path: string) => path.split('/').map((segment) => (segment.includes('{') ? '1' : '0')).join('');
  return operations
    .map((operation, index) => ({ operation, index, rank: rank(operation.path) }))
    .sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : a.index - b.index))
    .map((entry) => entry.operation);
}
