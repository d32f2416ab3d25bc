import { http, type HttpHandler } from 'msw';
import type { operations as AuthApiOperations } from '../../generated/api-types.js';
import { snapshot, type MockStateSnapshot } from '../mock-state/control.js';
import type { DocumentedStatusOf } from '../mock-state/operation-types.js';
import { readStatePlan } from '../mock-state/read-plan.js';
import { MockState, type StateLimits } from '../mock-state/state-store.js';
import type { OpenApiDocument } from '../openapi/document.js';
import { listOperations, responseForStatus, type OperationSpec } from '../openapi/operations.js';
import { createSchemaValidator } from '../schema/schema-validator.js';
import { mockAnswer, unmatchedAnswer, type AnswerOptions } from './mock-answer.js';
import { createOperationMatcher } from './operation-matcher.js';
import { checkForcedHeaders } from '../mock-state/forced-headers.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { createSchemaProblem, STANDALONE_AJV_OPTIONS } from '../schema/standalone-schema.js';

export type { DocumentedStatusOf } from '../mock-state/operation-types.js';

// The handlers run in a browser too, where ajv comes bundled, as it does for the schema validator.
const headerSchemaProblem = createSchemaProblem(() => {
  const ajv = new Ajv2020(STANDALONE_AJV_OPTIONS);
  (addFormats as unknown as (instance: Ajv2020) => void)(ajv);
  return ajv;
});

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
  /** Prism's rules alone: nothing is remembered (the mock's `--stateless`). */
  stateless?: boolean;
  /** Minted ids and tokens repeat from run to run (the mock's `--seed`). */
  seed?: number;
  /** Every path that fits the convention is a collection (`x-authkit: { collections: true }`). */
  collections?: boolean;
  /** How much is remembered before the oldest is forgotten. */
  limits?: Partial<StateLimits>;
  /**
   * Answer a documented example that breaks its own schema as the mock's `--strict-examples`
   * does (a 500 problem). Default false: a schema-valid sample with an `authkit-spec-finding` header.
   */
  strictExamples?: boolean;
}

export interface RespondOptions {
  /** Answer only the next matching request, then step aside (msw's `once`): `times: 1`. */
  once?: boolean;
  /** Answer the next `times` matching requests, then step aside. Default: until reset. */
  times?: number;
  /** A named example of the response's media type, instead of its first. */
  example?: string;
  /** Documented headers of that response with values of your own: `{ 'Retry-After': '1' }`. */
  headers?: Record<string, string | number>;
}

export interface MockHandlers<Operations extends {} = AuthApiOperations> {
  /** The handlers that answer every operation, for `setupServer(...handlers)` or `setupWorker(...handlers)`. */
  handlers: HttpHandler[];
  /**
   * A handler that answers one operation with one of its documented statuses, for
   * `server.use(...)` in one test. The status is checked at compile time against the
   * statuses the operation documents.
   */
  respondWith<Id extends keyof Operations & string>(operationId: Id, status: DocumentedStatusOf<Operations[Id]>, options?: RespondOptions): HttpHandler;
  /** Forget every session, account and entity made since the start (the spec's own examples stay), as the mock's `/__authkit/reset`. */
  reset(): void;
  /** What is remembered, tokens redacted, as the mock's `/__authkit/state`. */
  state(): MockStateSnapshot;
  /** Move the handlers' clock on, so that tokens expire, as the mock's `/__authkit/advance-time`. */
  advanceTime(seconds: number): void;
}

/**
 * MSW request handlers from an OpenAPI document, answering as the mock server does:
 * the documented example or a schema-valid sample, the documented headers, 401 without
 * credentials, 422/400 for a request that breaks its schema, and any documented status
 * on `Prefer: code=N`. Built from the bundled document at run time, so they work for
 * any spec; the `Operations` type (openapi-typescript's `operations`) types `respondWith`.
 */
export function createMockHandlers<Operations extends {} = AuthApiOperations>(document: OpenApiDocument, options: MockHandlersOptions = {}): MockHandlers<Operations> {
  // No HTTP control here (the handlers' is `respondWith`, `reset`, `state`): `/__authkit/` is the spec's to use.
  const reading = readStatePlan(document, { collections: options.collections, stateless: options.stateless, reservePrefix: false });
  if (!reading.ok) throw new Error(`createMockHandlers: the spec's state marks cannot be used:\n${reading.problems.map((problem) => `  ${problem.pointer}: ${problem.message}`).join('\n')}`);
  const state = options.stateless ? undefined : new MockState(reading.plan, { seed: options.seed, limits: options.limits });
  const validator = createSchemaValidator(document);
  const operations = listOperations(document);
  const byId = new Map(operations.map((operation) => [operation.operationId, operation]));
  const base = options.baseUrl?.replace(/\/+$/, '');
  const prefix = base ? new URL(base, 'http://base.invalid').pathname.replace(/\/+$/, '') : '';
  const router = createOperationMatcher(operations);

  const answer = async (operation: OperationSpec, request: Request, pathParams: Record<string, string>, answerOptions: AnswerOptions) => {
    const body = request.body ? await request.text() : undefined;
    const result = mockAnswer(document, validator, operation, { method: request.method, url: new URL(request.url), headers: request.headers, body, pathParams }, { checkSecurity: options.checkSecurity, state, sessionsRequired: options.checkSecurity !== false, strictExamples: options.strictExamples, ...answerOptions });
    // A plain Response, not msw's HttpResponse: that one feeds Set-Cookie to msw's own
    // cookie store joined into one line, which stores the first cookie (or none, with
    // Secure) and then sends it with every later request of the process.
    return new Response(result.body ?? null, { status: result.status, headers: new Headers(result.headers) });
  };
  const pathOf = (request: Request) => {
    const path = new URL(request.url).pathname;
    return prefix && path.startsWith(prefix) ? path.slice(prefix.length) || '/' : path;
  };

  // One handler routes every operation. MSW would try one handler per operation in turn,
  // compiling each one's path pattern again on every request: on 1,193 operations
  // (authentik) that was most of a 40 s contract run.
  const routing = http.all(base ? `${base}/*` : '*', ({ request }) => {
    const path = pathOf(request);
    const found = router.match(request.method, path);
    if (found) return answer(found.operation, request, found.params, {});
    // Under the API's own base, a path the spec lacks gets Prism's 404 (405 for a known
    // path), as the mock server answers. With no base, everything the page fetches goes
    // through this handler, its own files too: those pass on to the network.
    if (!base) return undefined;
    const unmatched = unmatchedAnswer(path, request.method, router.knowsPath(path));
    return new Response(unmatched.body ?? null, { status: unmatched.status, headers: new Headers(unmatched.headers) });
  });

  return {
    handlers: [routing],
    respondWith(operationId, status, respond = {}) {
      const operation = byId.get(operationId);
      if (!operation) throw new Error(`respondWith: the document has no operation ${operationId}`);
      const forced = checkForcedHeaders(responseForStatus(operation, status as number)?.headers ?? {}, respond.headers, `${operationId}'s ${status}`, headerSchemaProblem);
      if (!forced.ok) throw new Error(`respondWith: ${forced.field}: ${forced.message}${forced.allowed ? ` (documented: ${forced.allowed.join(', ') || 'none'})` : ''}`);
      const single = createOperationMatcher([operation]);
      let remaining = respond.times ?? (respond.once ? 1 : Infinity);
      return http.all(base ? `${base}/*` : '*', ({ request }) => {
        const found = remaining > 0 ? single.match(request.method, pathOf(request)) : undefined;
        if (!found) return undefined;
        remaining -= 1;
        return answer(operation, request, found.params, { status: status as number, exampleKey: respond.example, forcedHeaders: forced.headers });
      });
    },
    reset: () => state?.reset(),
    state: () => (state ? snapshot(state) : snapshot(new MockState({ operations: {}, sessions: undefined, collections: [] }))),
    advanceTime: (seconds) => state?.advance(seconds),
  };
}
