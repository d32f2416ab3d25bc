import type { IHttpOperation } from '@stoplight/types';

// Prism's router and request validator are functions of a few parts of the request:
// kept here by exactly those parts, so that a request that differs elsewhere (a header
// no operation reads, a request id) is routed and validated once per shape, not each time.

interface RoutedInput {
  method: string;
  url: { path: string; baseUrl?: string; query: Record<string, string | string[]> };
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}
type Route = (opts: { resources: IHttpOperation[]; input: RoutedInput }) => unknown;
type ValidateInput = (opts: { resource: IHttpOperation; element: RoutedInput }) => unknown;

const MAX_KEPT = 10_000;

// Each operation (and the list of all of them) by a number of its own: by identity, whatever ids the spec gives.
const numbers = new WeakMap<object, number>();
let lastNumber = 0;
const numberOf = (value: object) => {
  let number = numbers.get(value);
  if (number === undefined) numbers.set(value, (number = lastNumber += 1));
  return number;
};
/** A body whose text is longer is validated every time: its key would cost as much. */
const MAX_BODY_KEY = 64 * 1024;

/** What the keys of one map may hold, in characters: 10,000 keys of 64 KB bodies would be 640 MB. */
const MAX_KEY_CHARS = 16 * 1024 * 1024;

/** A map that forgets everything once it holds MAX_KEPT keys or MAX_KEY_CHARS of them: keys carry what requests sent (and generated answers, which `dynamic` makes new each time). */
function bounded<T>(): { get(key: string): T | undefined; set(key: string, value: T): void } {
  const map = new Map<string, T>();
  let chars = 0;
  return {
    get: (key) => map.get(key),
    set(key, value) {
      if (map.size >= MAX_KEPT || chars + key.length > MAX_KEY_CHARS) {
        map.clear();
        chars = 0;
      }
      map.set(key, value);
      chars += key.length;
    },
  };
}

/**
 * Prism's router, as it answers for one list of operations: it reads the method, the
 * path and the `__server` base URL, nothing else. `all` is the list of every operation
 * (the engine's list for a request its own router does not know); any other list of one
 * operation is told apart by that operation.
 */
export function memoizedRoute(route: Route, all: IHttpOperation[]): Route {
  const kept = bounded<unknown>();
  return (opts) => {
    const list = opts.resources;
    const id = list === all ? `*${numberOf(all)}` : list.length === 1 ? numberOf(list[0]!) : undefined;
    if (id === undefined) return route(opts);
    const { method, url } = opts.input;
    const key = `${id}\u0000${method}\u0000${url.path}\u0000${url.baseUrl ?? ''}`;
    let routed = kept.get(key);
    if (routed === undefined) kept.set(key, (routed = route(opts)));
    return routed;
  };
}

/**
 * Prism's request validation (body, header, query and path parameters; not security),
 * which reads the body, the query, the path and, of the headers, `content-type`,
 * `content-length` and those the operation declares: the key is made of those, the
 * header names worked out once per operation. Its Right holds the request it was given,
 * which Prism does not use (only the diagnostics of a Left).
 */
export function memoizedValidateInput(validateInput: ValidateInput): ValidateInput {
  const headerNames = new WeakMap<IHttpOperation, string[] | null>();
  const namesOf = (operation: IHttpOperation) => {
    let names = headerNames.get(operation);
    if (names === undefined) {
      const declared = (operation.request?.headers ?? []).map((header) => (header as { name?: unknown }).name);
      // A declared header without a name (a reference Prism left): no key can be sure of it.
      names = declared.every((name): name is string => typeof name === 'string') ? ['content-type', 'content-length', ...new Set(declared.map((name) => name.toLowerCase()))] : null;
      headerNames.set(operation, names);
    }
    return names;
  };
  const kept = bounded<unknown>();
  return (opts) => {
    const names = namesOf(opts.resource);
    if (!names) return validateInput(opts);
    const { element } = opts;
    const body = element.body === undefined ? 'u' : JSON.stringify(element.body);
    if (body.length > MAX_BODY_KEY) return validateInput(opts);
    const headers = element.headers ?? {};
    // Prism reads headers without regard to case: node's are lower case already, others are folded here.
    const lower: Record<string, string | string[] | undefined> = {};
    for (const name of Object.keys(headers)) lower[name.toLowerCase()] = headers[name];
    const key = JSON.stringify([numberOf(opts.resource), element.url.path, element.url.query, names.map((name) => lower[name] ?? null), body]);
    let verdict = kept.get(key);
    if (verdict === undefined) kept.set(key, (verdict = validateInput(opts)));
    return verdict;
  };
}

interface ResponseSpec {
  code: string;
  contents?: Array<{ mediaType?: string; schema?: unknown; encodings?: unknown }>;
  headers?: Array<Record<string, unknown>>;
}
interface OutputElement {
  statusCode: number;
  headers?: Record<string, unknown>;
  body?: unknown;
}
type Verdict = { _tag: 'Left'; left: unknown } | { _tag: 'Right'; right: unknown };
type ValidateOutput = (opts: { resource: IHttpOperation; element: OutputElement }) => Verdict;
type FindResponse = (responses: ResponseSpec[], statusCode: number) => { _tag: 'None' } | { _tag: 'Some'; value: ResponseSpec };

/**
 * Prism's output validation (status, media type, body and headers against the response
 * the status finds), kept by what it reads: the response found, by its content, and the
 * answer's status, headers and body, by their JSON text. The copies of one response in
 * many operations (the same envelope on every 4xx) then get one verdict, and a generated
 * answer validated once is not validated again for each request that yields an equal one.
 * A status no response documents (Prism's message lists every code), a body whose text
 * is too long or any part JSON cannot write is validated every time. Its Right holds the
 * answer it was given, which Prism does not use; the Right given back holds this call's.
 */
export function memoizedValidateOutput(validateOutput: ValidateOutput, findResponse: FindResponse): ValidateOutput {
  // Each response object, by its content: what the validators read of it (media types,
  // schemas, encodings; headers without Prism's per-node ids and examples, which only the
  // mocker reads). Equal content, equal number; null where JSON cannot write it (a cycle).
  // A schema counts by identity: the parse makes equal schemas one object (share-identical),
  // and writing a large one out for each of a thousand copies would cost what it saves.
  const responseNumbers = new WeakMap<ResponseSpec, number | null>();
  const byContent = new Map<string, number>();
  const responseNumber = (response: ResponseSpec) => {
    let number = responseNumbers.get(response);
    if (number === undefined) {
      try {
        const text = JSON.stringify([
          response.code,
          (response.contents ?? []).map((content) => [content.mediaType ?? null, typeof content.schema === 'object' && content.schema !== null ? numberOf(content.schema) : (content.schema ?? null), content.encodings ?? null]),
          (response.headers ?? []).map(({ id: _id, examples: _examples, ...rest }) => rest),
        ]);
        number = byContent.get(text);
        if (number === undefined) byContent.set(text, (number = byContent.size + 1));
      } catch {
        number = null;
      }
      responseNumbers.set(response, number);
    }
    return number;
  };
  const kept = bounded<Verdict>();
  return (opts) => {
    const { resource, element } = opts;
    const found = findResponse(resource.responses as ResponseSpec[], element.statusCode);
    const number = found._tag === 'Some' ? responseNumber(found.value) : null;
    if (number === null) return validateOutput(opts);
    let key: string;
    try {
      const body = element.body === undefined ? 'u' : JSON.stringify(element.body);
      if (body.length > MAX_BODY_KEY) return validateOutput(opts);
      const bundle = (resource as { __bundled__?: unknown }).__bundled__;
      const bundleId = typeof bundle === 'object' && bundle !== null ? numberOf(bundle) : '';
      key = `${number}\u0000${bundleId}\u0000${element.statusCode}\u0000${JSON.stringify(element.headers ?? {})}\u0000${body}`;
    } catch {
      return validateOutput(opts);
    }
    let verdict = kept.get(key);
    if (verdict === undefined) kept.set(key, (verdict = validateOutput(opts)));
    return verdict._tag === 'Right' ? { _tag: 'Right', right: element } : verdict;
  };
}

/**
 * A number for what Prism's mocker reads of an operation, without `dynamic` and callbacks:
 * its method, whether it is deprecated, and its responses (codes, media types, schemas,
 * examples, headers), without the ids Prism's parser gives each node. Operations with the
 * same number get the same answer for the same request verdict and preferences, so the
 * engine builds it once for all of them (the Auth API copied a thousand times: once, not
 * a thousand times). Example values are kept whole, their own `id` properties included;
 * schemas count by identity (equal ones are one object after the parse). An operation with
 * a bundle of its own, or responses JSON cannot write, is numbered by itself alone.
 */
export function answerSources(): (operation: IHttpOperation) => string {
  const numbers = new WeakMap<IHttpOperation, string>();
  const byContent = new Map<string, string>();
  const schemaRef = (schema: unknown) => (typeof schema === 'object' && schema !== null ? { schema: numberOf(schema) } : schema);
  const withoutId = (node: unknown) => (node && typeof node === 'object' && !Array.isArray(node) ? { ...(node as object), id: undefined } : node);
  const parameter = (header: Record<string, unknown>) => ({ ...header, id: undefined, schema: schemaRef(header.schema), examples: Array.isArray(header.examples) ? header.examples.map(withoutId) : header.examples });
  return (operation) => {
    let number = numbers.get(operation);
    if (number === undefined) {
      try {
        // The sampler resolves `$ref`s against the operation's own bundle: no sharing across operations then.
        if ((operation as { __bundled__?: unknown }).__bundled__ !== undefined) throw new Error('bundled');
        const text = JSON.stringify([
          operation.method,
          operation.deprecated ?? null,
          operation.responses.map((response) => ({
            ...response,
            id: undefined,
            headers: response.headers?.map((header) => parameter(header as unknown as Record<string, unknown>)),
            contents: response.contents?.map((content) => ({ ...content, id: undefined, schema: schemaRef(content.schema), examples: content.examples?.map(withoutId) })),
          })),
        ]);
        number = byContent.get(text);
        if (number === undefined) byContent.set(text, (number = `c${byContent.size + 1}`));
      } catch {
        number = `o${numberOf(operation)}`;
      }
      numbers.set(operation, number);
    }
    return number;
  };
}

interface PreferenceInput {
  url: { query: Record<string, string | string[]> };
  headers: Record<string, string | string[] | undefined>;
}

/**
 * Prism's server reads a request's preferences (`Prefer: code=…, example=…, dynamic=…,
 * seed=…`) from the `prefer` header when it is there and not empty, else from the
 * `__code`, `__dynamic`, `__seed` and `__example` query parameters: kept by exactly that.
 * Its answer is a new object each time, which the engine only copies from.
 */
export function memoizedPreferences<R>(read: (input: PreferenceInput) => R): (input: PreferenceInput) => R {
  const kept = bounded<R>();
  return (input) => {
    const prefer = input.headers?.prefer;
    const query = input.url.query ?? {};
    const key = prefer ? `h${JSON.stringify(prefer)}` : `q${JSON.stringify([query.__code, query.__dynamic, query.__seed, query.__example])}`;
    let preferences = kept.get(key);
    if (preferences === undefined) kept.set(key, (preferences = read(input)));
    return preferences;
  };
}
