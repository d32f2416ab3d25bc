import type { IncomingHttpHeaders } from 'node:http';
import type { IHttpOperation } from '@stoplight/types';
import { createPathRouter, type PathRouter } from '../operation-router.js';
import { prism, prismCore, prismHttp } from './prism-modules.js';
import { withForcedHeaders } from '../../mock-state/forced-headers.js';
import { createFieldErrorFiller } from './prism-field-errors.js';
import { createExampleMender } from './prism-broken-examples.js';
import type { Reusable } from './wire-answers.js';
import { answerSources, memoizedPreferences, memoizedRoute, memoizedValidateInput, memoizedValidateOutput } from './prism-memo.js';

// Prism's own engine, the one its CLI runs, loaded as CommonJS. Its server
// (prism-http-server) cannot be reused as it is: it hands every request to Prism's
// router with all operations, which scores each of them. Its request handler is
// ported below with one change, the operation list: one, found in constant time.
const { createLogger } = prismCore;
const defaultMock = (prism.mocker as { default: MockComponent }).default;
const { validateOutput: prismValidateOutput, validateInput: defaultValidateInput } = prism.validator as { validateOutput: ValidateOutput; validateInput: unknown };
const { findOperationResponse } = prism.validatorSpec as { findOperationResponse: Parameters<typeof memoizedValidateOutput>[1] };
const defaultRoute = (prism.router as { default: unknown }).default;
const { getHttpConfigFromRequest } = prism.httpConfig as { getHttpConfigFromRequest: (input: PrismInput) => Either<Error, Partial<MockConfig>> };
const { serialize } = prism.serialize as { serialize: (payload: unknown, contentType: string | undefined) => string | undefined };

type Either<L, R> = { _tag: 'Left'; left: L } | { _tag: 'Right'; right: R };
interface PrismInput {
  method: string;
  url: { path: string; baseUrl?: string; query: Record<string, string | string[]> };
  headers: Record<string, string>;
  body: unknown;
}
interface PrismOutput {
  statusCode: number;
  headers?: Record<string, string>;
  body?: unknown;
}
interface Diagnostic {
  path?: string[];
  code?: string | number;
  message: string;
  severity: number;
}
interface MockConfig {
  code?: number;
  exampleKey?: string;
  dynamic: boolean;
  ignoreExamples?: boolean;
  seed?: string;
  mediaTypes?: string[];
}
type MockComponent = (opts: { resource: IHttpOperation; input: { data: PrismInput; validations: Diagnostic[] }; config: MockConfig }) => (logger: unknown) => Either<Error, PrismOutput>;
type ValidateOutput = (opts: { resource: IHttpOperation; element: PrismOutput }) => Either<Diagnostic[], PrismOutput>;

export interface EngineRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  /** The raw body; undefined when the request has none. */
  body: Buffer | undefined;
  /** The caller's address, as the socket says. */
  remoteAddress?: string;
}

export interface EngineResponse {
  status: number;
  /** A list only for Set-Cookie: one line per cookie. */
  headers: Record<string, string | string[]>;
  body: string | undefined;
  /** What Prism found wrong with the request or its own answer, as `sl-violations` lists it. */
  violations: Violation[];
  /**
   * Set when the same request would get the same answer (see wire-answers): the state took
   * no part, nothing was forced, nothing generated. Its absence says nothing.
   */
  reusable?: Reusable;
}

export interface Violation {
  location: string[];
  severity: string;
  code: string | number | undefined;
  message: string;
}

export interface PrismEngineOptions {
  operations: IHttpOperation[];
  /** Prism's --errors: an answer that breaks its own schema becomes a 500. */
  errors: boolean;
  /**
   * The spec's file, to serve a schema-valid sample with a finding header where the spec's
   * own example breaks its schema (prism-broken-examples.ts). Without it, or with
   * `strictExamples`, such an example is answered as Prism answers it (a 500 with --errors).
   */
  specFile?: string;
  strictExamples?: boolean;
}

export interface PrismEngine {
  handle(request: EngineRequest, hooks?: EngineHooks): Promise<EngineResponse>;
  /** The operation a request is for, if any. */
  route(method: string, url: string): IHttpOperation | undefined;
}

/** A documented answer a test asked for (`respond-with`): given before any check. */
export interface ForcedAnswer {
  status: number;
  example: string | undefined;
  /** Documented headers with the values the test chose. */
  headers?: Record<string, string>;
}

/**
 * What the remembered state makes of a request: the documented status to answer with,
 * and how its body and `Set-Cookie` lines change; or a problem of its own where the
 * spec documents no fitting status.
 */
export interface StateAnswer {
  status: number;
  problem?: { body: string };
  body?: (documented: unknown) => unknown;
  setCookie?: (lines: string[]) => string[];
}

/**
 * How the mock's state takes part in an answer. Prism's checks (credentials present,
 * parameters and body valid) run first, and a status forced with `Prefer` wins; only
 * then is the state asked. A forced answer from `respond-with` comes before all of it.
 */
export interface EngineHooks {
  forced?: (operation: IHttpOperation) => Promise<ForcedAnswer | undefined> | undefined;
  /** Whether `forced` would have an answer to give for the operation, without taking it. */
  isForced?: (operation: IHttpOperation) => boolean;
  /** Whether `decide` may have anything to say about the operation; false: it answers undefined, whatever the request. */
  consults?: (operation: IHttpOperation) => boolean;
  /** A promise when the state's holder must be asked; the answer itself when the worker knows it (a copy of the session). */
  decide?: (operation: IHttpOperation, request: EngineRequest) => Promise<StateAnswer | undefined> | StateAnswer | undefined;
}

const SEVERITY = ['Error', 'Warning', 'Information', 'Hint'] as const;
const MAX_SAFE_HEADER_LENGTH = 8 * 1024 - 100;
const MAX_CACHED_ANSWERS = 20_000;

/**
 * Prism's engine with its own request handling, behind an O(1) router, and with the
 * answers that cannot change cached: without `dynamic`, Prism's mocker gives the same
 * response for the same operation, status, example, media type and request verdict, so
 * it is built (negotiated, generated and validated against the spec) once. Request
 * validation and security still run on every request.
 */
export function createPrismEngine(options: PrismEngineOptions): PrismEngine {
  const router: PathRouter<IHttpOperation> = createPathRouter(options.operations.map((operation) => ({ method: operation.method, path: operation.path, value: operation })));
  const logger = createLogger('ENGINE', { level: 'silent' });
  // Prism makes child loggers on every request (NEGOTIATOR, VALIDATOR, …); a silent one
  // has nothing to tell them apart for, so each is the logger itself.
  logger.child = (() => logger) as typeof logger.child;
  const answers = new Map<string, Either<Error, PrismOutput>>();
  const outputVerdicts = new WeakMap<PrismOutput, Either<Diagnostic[], PrismOutput>>();
  const serialized = new WeakMap<PrismOutput, string | undefined>();
  const shapedVerdicts = new Map<string, Diagnostic[]>();
  const shapedOutputs = new WeakMap<StateAnswer, { operation: IHttpOperation; from: PrismOutput; outcome: Either<never, { output: PrismOutput; validations: { input: Diagnostic[]; output: Diagnostic[] } }> }>();

  // Output validation kept by what it reads (prism-memo): the same answer to a copy of the
  // same response, in another operation or to another request, is not validated again.
  const answerSource = answerSources();
  // A request's preferences by the `prefer` header or the `__` query parameters it holds (prism-memo).
  const preferencesOf = memoizedPreferences(getHttpConfigFromRequest as never) as typeof getHttpConfigFromRequest;
  const keptValidateOutput = memoizedValidateOutput(prismValidateOutput as never, findOperationResponse) as unknown as ValidateOutput;
  const mock: MockComponent = (opts) => (componentLogger) => {
    // Prefer: dynamic=true asks for new values each time; callbacks are side effects.
    if (opts.config.dynamic || (opts.resource.callbacks?.length ?? 0) > 0) return defaultMock(opts)(componentLogger);
    // Keyed by what the mocker reads of the operation, not by the operation: copies of one
    // operation (the same responses) share the answer object. What is made from it per
    // operation (mended, field errors, the state's body) is kept per operation below.
    const key = answerKey(answerSource(opts.resource), opts.config, opts.input);
    let answer = answers.get(key);
    if (!answer) {
      answer = defaultMock(opts)(componentLogger);
      if (answer._tag === 'Right') {
        // Keys carry the request's verdict, which can quote what the request sent: bounded.
        if (answers.size >= MAX_CACHED_ANSWERS) answers.clear();
        answers.set(key, answer);
      }
    }
    return answer;
  };
  const validateOutput: ValidateOutput = (opts) => {
    let verdict = outputVerdicts.get(opts.element);
    if (!verdict) {
      verdict = keptValidateOutput(opts);
      outputVerdicts.set(opts.element, verdict);
    }
    return verdict;
  };

  const config = { checkSecurity: true, validateRequest: true, validateResponse: true, errors: options.errors, upstreamProxy: undefined, isProxy: false as const, mock: { dynamic: false } };
  // Routed and validated once per shape of request (prism-memo): the list of every operation is this one, always.
  const prismRoute = memoizedRoute(defaultRoute as never, options.operations);
  const validateInput = memoizedValidateInput(defaultValidateInput as never);
  const prism = prismHttp.createInstance(config as never, { logger, mock, validateOutput, route: prismRoute, validateInput } as never) as unknown as {
    request(input: PrismInput, operations: IHttpOperation[], config: object): () => Promise<Either<Error & { status?: number; additional?: { headers?: Record<string, string> } }, { output: PrismOutput; validations: { input: Diagnostic[]; output: Diagnostic[] } }>>;
  };

  const route = (method: string, url: string) => router.find(method, url);

  const mend = options.specFile && !options.strictExamples ? createExampleMender(options.specFile) : undefined;
  // The finding header names the operation's own example: kept per operation and output.
  const mendedOutputs = perOperation<Outcome>();
  /** Prism's answer with the spec's broken example replaced (see prism-broken-examples), where it was one. */
  const mended = (result: Outcome, operation: IHttpOperation | undefined, exampleKey: string | undefined): Outcome => {
    if (!mend || !operation || result._tag === 'Left') return result;
    const { output, validations } = result.right;
    if (!validations.output.some((item) => item.severity === 0)) return result;
    // The same output is the same answer (the mocker's cache): mended once.
    const cached = mendedOutputs.get(operation, output);
    if (cached) return cached;
    let outcome = result;
    const fix = mend(operation, output.statusCode, contentTypeOf(output.headers ?? {}), exampleKey);
    if (fix) {
      const candidate: PrismOutput = { ...output, headers: { ...(output.headers ?? {}), ...fix.headers }, body: fix.value };
      const verdict = keptValidateOutput({ resource: operation, element: candidate });
      const errors = verdict._tag === 'Left' ? verdict.left : [];
      // Prism must agree that the sample fits, or its 500 stands.
      if (!errors.some((item) => item.severity === 0)) outcome = { _tag: 'Right', right: { output: candidate, validations: { input: validations.input, output: errors } } };
    }
    mendedOutputs.set(operation, output, outcome);
    return outcome;
  };

  const fillFieldErrors = createFieldErrorFiller();
  // The list names the operation's own parameters: kept per operation and output.
  const withFieldErrors = perOperation<Outcome>();
  /** A rejected request's documented 422 (400) with the fields it broke in its list, where the schema has one (see prism-field-errors). */
  const namingFields = (result: Outcome, operation: IHttpOperation): Outcome => {
    if (result._tag === 'Left') return result;
    const { output, validations } = result.right;
    // The same output is the same request verdict (the mocker's cache is keyed by it): filled once.
    const made = withFieldErrors.get(operation, output);
    if (made) return made;
    const headers = output.headers ?? {};
    const accepts = (body: unknown) => {
      const verdict = keptValidateOutput({ resource: operation, element: { ...output, body } });
      return verdict._tag === 'Right' || verdict.left.every((item) => item.severity !== 0);
    };
    const body = fillFieldErrors(operation, output.statusCode, contentTypeOf(headers), output.body, validations.input, accepts);
    const outcome: Outcome = body === undefined ? result : { _tag: 'Right', right: { output: { ...output, body }, validations: { input: validations.input, output: [] } } };
    withFieldErrors.set(operation, output, outcome);
    return outcome;
  };

  type Outcome = Either<Error & { status?: number; additional?: { headers?: Record<string, string> } }, { output: PrismOutput; validations: { input: Diagnostic[]; output: Diagnostic[] } }>;

  /** Prism's verdict as the answer on the wire: its problem, the --errors 500, or the output, with `Set-Cookie` lines changed by the state. */
  const finish = (result: Outcome, operation: IHttpOperation | undefined, dynamic: boolean, setCookie?: (lines: string[]) => string[]): EngineResponse => {
    if (result._tag === 'Left') return problem(result.left);
    const { output, validations } = result.right;
    const violations = [...validations.input.map(violation('request')), ...validations.output.map(violation('response'))];
    const outputErrors = violations.filter((item) => item.location[0] === 'response' && item.severity === 'Error');
    if (options.errors && outputErrors.length > 0) {
      const error = prismHttp.ProblemJsonError.fromTemplate(prismHttp.VIOLATIONS, 'Your request/response is not valid and the --errors flag is set, so Prism is generating this error for you.', { validation: outputErrors });
      const answer = problem(error);
      // Prism's server has set the header before it turns to the problem; it stays.
      return { ...answer, headers: { ...answer.headers, 'sl-violations': violationHeader(violations) }, violations };
    }
    const headers: Record<string, string | string[]> = { ...(output.headers ?? {}) };
    if (violations.length > 0) headers['sl-violations'] = violationHeader(violations);
    if (operation && !dynamic) everyDocumentedCookie(headers, operation, output.statusCode);
    if (setCookie) changeCookies(headers, setCookie);
    try {
      let body = serialized.get(output);
      if (body === undefined && !serialized.has(output)) {
        body = serialize(output.body, contentTypeOf(headers));
        serialized.set(output, body);
      }
      return { status: output.statusCode, headers, body, violations };
    } catch (error) {
      return { ...problem(error as Error), violations };
    }
  };

  return {
    route,
    async handle(request, hooks = {}) {
      const { searchParams, pathname } = new URL(request.url, 'http://engine.invalid');
      const input: PrismInput = {
        method: request.method.toLowerCase(),
        url: { path: pathname, baseUrl: searchParams.get('__server') || undefined, query: nameValues(searchParams) },
        headers: request.headers as Record<string, string>,
        body: parseBody(request),
      };
      const preferences = preferencesOf(input);
      if (preferences._tag === 'Left') return problem(preferences.left);
      const requestConfig = { ...config, mock: { ...config.mock, ...defined(preferences.right) } };
      // A request no route knows goes to Prism with every operation: its 404 and 405 answers stay its own.
      const operation = route(request.method, request.url);
      // A hook with nothing to say answers at once: no await, no turn of the event loop.
      const asking = operation ? hooks.forced?.(operation) : undefined;
      const forced = asking ? await asking : undefined;
      if (operation && forced) {
        // As the test asked: the documented answer, whatever the request holds.
        const trusted = { ...requestConfig, checkSecurity: false, validateRequest: false, mock: { ...requestConfig.mock, code: forced.status, exampleKey: forced.example } };
        const answer = finish(mended(await prism.request(input, [operation], trusted)(), operation, forced.example), operation, false);
        return { ...answer, headers: Object.fromEntries(withForcedHeaders(Object.entries(answer.headers), forced.headers)) };
      }
      const result: Outcome = mended(await prism.request(input, operation ? [operation] : options.operations, requestConfig)(), operation, requestConfig.mock.exampleKey);
      // Made of the request alone (the state left out, nothing generated, no callbacks run): the same request gets the same answer.
      const again = (answer: EngineResponse, whileStateless = false, decision?: StateAnswer): EngineResponse =>
        requestConfig.mock.dynamic || (operation?.callbacks?.length ?? 0) > 0 ? answer : { ...answer, reusable: { operation, whileStateless, ...(decision ? { decision } : {}) } };
      // The state's answer, where the same one (the same object: a worker's copy of a session) on the same request makes the same bytes: it mints nothing.
      const decided = (answer: EngineResponse, decision: StateAnswer) => (decision.setCookie ? answer : again(answer, false, decision));
      // Only a forced status skips the state; a chosen example or generated values are
      // still answered as the state decides (a dead token is still a 401).
      const asked = requestConfig.mock.code !== undefined;
      const rejected = result._tag === 'Left' || result.right.validations.input.some((item) => item.severity === 0);
      // Prism answers a rejected request with its 422 (400) even under `Prefer: code=N`, as the MSW handlers do: filled either way.
      if (operation && rejected) return again(finish(namingFields(result, operation), operation, requestConfig.mock.dynamic));
      if (!operation || asked || rejected || !hooks.decide) return again(finish(result, operation, requestConfig.mock.dynamic));
      // An operation the state's plan leaves to Prism: the state says nothing, whatever the request.
      if (hooks.consults?.(operation) === false) return again(finish(result, operation, requestConfig.mock.dynamic), true);
      const deciding = hooks.decide(operation, request);
      const decision = deciding instanceof Promise ? await deciding : deciding;
      if (!decision) return finish(result, operation, requestConfig.mock.dynamic);
      if (decision.problem) return { status: decision.status, headers: { 'content-type': 'application/problem+json' }, body: decision.problem.body, violations: [] };
      const documented: Outcome = decision.status === (result as { right: { output: PrismOutput } }).right.output.statusCode ? result : mended(await prism.request(input, [operation], { ...requestConfig, mock: { ...requestConfig.mock, code: decision.status } })(), operation, requestConfig.mock.exampleKey);
      if (documented._tag === 'Left' || !decision.body) return decided(finish(documented, operation, requestConfig.mock.dynamic, decision.setCookie), decision);
      // The same state answer on the same documented one (a worker's copy of a session, its
      // `me` again) is the same output: made, checked and serialized once.
      const made = shapedOutputs.get(decision);
      if (made && made.operation === operation && made.from === documented.right.output) return decided(finish(made.outcome, operation, requestConfig.mock.dynamic, decision.setCookie), decision);
      // The state's body is checked against the schema as Prism's own is. The same body
      // (the same user's `me`, say) gets the same verdict, so verdicts are kept by its text.
      const output = { ...documented.right.output, body: decision.body(documented.right.output.body) };
      const text = contentTypeOf(output.headers ?? {})?.match(/[/+]json\b/i) ? JSON.stringify(output.body) : undefined;
      if (text !== undefined) serialized.set(output, text);
      const key = text === undefined ? undefined : `${operation.id}\u0000${output.statusCode}\u0000${text}`;
      let outputValidations = key === undefined ? undefined : shapedVerdicts.get(key);
      if (!outputValidations) {
        // Prism's own check: these bodies carry the state's tokens, kept here by their text already.
        const verdict = prismValidateOutput({ resource: operation, element: output });
        outputValidations = verdict._tag === 'Left' ? verdict.left : [];
        if (key !== undefined) {
          if (shapedVerdicts.size >= MAX_CACHED_ANSWERS) shapedVerdicts.clear();
          shapedVerdicts.set(key, outputValidations);
        }
      }
      const outcome: Outcome = { _tag: 'Right', right: { output, validations: { input: documented.right.validations.input, output: outputValidations } } };
      shapedOutputs.set(decision, { operation, from: documented.right.output, outcome });
      return decided(finish(outcome, operation, requestConfig.mock.dynamic, decision.setCookie), decision);
    },
  };
}

/** The answer's `Set-Cookie` lines, as the state changes them (fresh tokens in place of the example's). */
function changeCookies(headers: Record<string, string | string[]>, change: (lines: string[]) => string[]): void {
  const name = Object.keys(headers).find((key) => key.toLowerCase() === 'set-cookie');
  if (!name) return;
  const value = headers[name]!;
  headers[name] = change(Array.isArray(value) ? value : [value]);
}

/**
 * Set-Cookie is the one header that cannot be folded into one line, so a spec that sets
 * two cookies documents the header with one example per cookie (`examples`). Prism
 * sends one of them; every one is sent here, each on its own line, as the server does.
 */
function everyDocumentedCookie(headers: Record<string, string | string[]>, operation: IHttpOperation, status: number): void {
  const name = Object.keys(headers).find((key) => key.toLowerCase() === 'set-cookie');
  if (!name) return;
  const response = operation.responses.find((candidate) => candidate.code === String(status)) ?? operation.responses.find((candidate) => candidate.code.toUpperCase() === `${String(status)[0]}XX`) ?? operation.responses.find((candidate) => candidate.code === 'default');
  const documented = response?.headers?.find((header) => header.name.toLowerCase() === 'set-cookie');
  const values = (documented?.examples ?? []).map((example) => (example as { value?: unknown }).value).filter((value): value is string => typeof value === 'string');
  if (values.length > 1) headers[name] = values;
}

/** Outputs of the mocker (shared by copies of an operation), with what is made of each for one operation. */
function perOperation<T>() {
  const kept = new WeakMap<IHttpOperation, WeakMap<PrismOutput, T>>();
  return {
    get: (operation: IHttpOperation, output: PrismOutput) => kept.get(operation)?.get(output),
    set(operation: IHttpOperation, output: PrismOutput, value: T) {
      let outputs = kept.get(operation);
      if (!outputs) kept.set(operation, (outputs = new WeakMap()));
      outputs.set(output, value);
    },
  };
}

function answerKey(source: string, config: MockConfig, input: { data: PrismInput; validations: Diagnostic[] }): string {
  const verdict = input.validations.map((item) => `${item.severity}:${item.code}:${(item.path ?? []).join('.')}:${item.message}`).join('|');
  return [source, input.data.method, config.code ?? '', config.exampleKey ?? '', config.ignoreExamples ? 1 : 0, (config.mediaTypes ?? []).join(','), input.data.headers.accept ?? '', verdict].join('\u0000');
}

function problem(error: Error & { status?: number; additional?: { headers?: Record<string, string> } }): EngineResponse {
  return {
    status: error.status || 500,
    headers: { 'content-type': 'application/problem+json', ...(error.additional?.headers ?? {}) },
    body: JSON.stringify(prismHttp.ProblemJsonError.toProblemJson(error)),
    violations: [],
  };
}

const violation = (prefix: string) => (detail: Diagnostic): Violation => ({
  location: [prefix, ...(detail.path ?? [])],
  severity: SEVERITY[detail.severity] ?? String(detail.severity),
  code: detail.code,
  message: detail.message,
});

function violationHeader(violations: Violation[]): string {
  const value = JSON.stringify(violations);
  return value.length > MAX_SAFE_HEADER_LENGTH ? `Too many violations! ${value.substring(0, MAX_SAFE_HEADER_LENGTH)}` : value;
}

function contentTypeOf(headers: Record<string, string | string[]>): string | undefined {
  const name = Object.keys(headers).find((key) => key.toLowerCase() === 'content-type');
  const value = name ? headers[name] : undefined;
  return Array.isArray(value) ? value[0] : value;
}

function nameValues(searchParams: URLSearchParams): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {};
  for (const key of new Set(searchParams.keys())) {
    const values = searchParams.getAll(key);
    params[key] = values.length === 1 ? values[0]! : values;
  }
  return params;
}

/** As Prism's server reads a body: none, JSON for JSON types, text for the rest. Invalid JSON is the caller's to answer. */
function parseBody(request: EngineRequest): unknown {
  const headers = request.headers;
  if (headers['content-length'] === '0' || (headers['transfer-encoding'] === undefined && headers['content-length'] === undefined)) return null;
  const text = (request.body ?? Buffer.alloc(0)).toString('utf8');
  return isJsonRequest(headers) ? JSON.parse(text) : text;
}

export function isJsonRequest(headers: IncomingHttpHeaders): boolean {
  const type = headers['content-type']?.split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || /^application\/[^/]+\+json$/.test(type);
}

function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as Partial<T>;
}
