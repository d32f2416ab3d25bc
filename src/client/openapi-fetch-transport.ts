// The one seam to openapi-fetch (frozen upstream): request types and the request
// building both come from here, so swapping it is a change to this file only.
import createClient, { createQuerySerializer, type MaybeOptionalInit } from 'openapi-fetch';
import type { HttpMethod, PathsWithMethod, RequiredKeysOf } from 'openapi-typescript-helpers';
import { isJsonContentType } from './error-body.js';

export type { HttpMethod, PathsWithMethod };

/** The `init` a call takes (params, body, headers) for one path and method. */
export type RequestInitFor<PathItem, Method extends keyof PathItem> = MaybeOptionalInit<PathItem, Method>;

/** `init` is optional exactly when nothing in it is required. */
export type InitArgs<Init, Extra> = RequiredKeysOf<Init> extends never ? [(Init & Extra)?] : [Init & Extra];

export interface TransportOptions {
  baseUrl: string;
  fetch?: ((input: Request) => Promise<Response>) | undefined;
  headers?: Record<string, string> | undefined;
}

export interface Exchange {
  response: Response;
  /** Parsed JSON when the body is JSON, the text when it is not, undefined when empty. */
  body: unknown;
  /** False for a body that claims or needs to be JSON and does not parse. */
  readable: boolean;
}

export type Transport = (method: HttpMethod, path: string, init: Record<string, unknown>, signal: AbortSignal | undefined) => Promise<Exchange>;

/**
 * What openapi-fetch builds in place of a `Request` when the app supplies no fetch of
 * its own. A real Request is built twice per call (once by openapi-fetch, once more
 * inside fetch()), which cost about 15 µs a call in `npm run bench`; this record keeps
 * the URL and init and hands them to fetch() as they are.
 */
class RequestRecord {
  readonly method: string;
  constructor(
    readonly url: string,
    readonly init: RequestInit,
  ) {
    this.method = init.method ?? 'GET';
  }
}

const fetchRecord = (record: RequestRecord): Promise<Response> => globalThis.fetch(record.url, record.init);

export function createTransport(options: TransportOptions): Transport {
  const client = createClient<Record<string, Record<HttpMethod, object>>>({
    baseUrl: options.baseUrl,
    ...(options.fetch ? { fetch: options.fetch } : { fetch: fetchRecord as never, Request: RequestRecord as never }),
    headers: options.headers,
    // A serializer function is used as is; options would be turned into one per call.
    querySerializer: createQuerySerializer(),
    credentials: 'include',
  });
  return async (method, path, init, signal) => {
    // parseAs 'text' keeps openapi-fetch from throwing on a 2xx body that is not JSON;
    // error bodies it parses itself and hands back as text when they do not parse.
    const { data, error, response } = await client.request(method, path as never, { ...init, signal, parseAs: 'text' } as never);
    if (!response.ok) return { response, body: error, readable: true };
    return readSuccessBody(response, data as string | undefined);
  };
}

function readSuccessBody(response: Response, text: string | undefined): Exchange {
  if (text === undefined || text === '') return { response, body: undefined, readable: true };
  const contentType = response.headers.get('content-type');
  if (isJsonContentType(contentType) || contentType === null) {
    try {
      return { response, body: JSON.parse(text), readable: true };
    } catch {
      return { response, body: text, readable: contentType === null };
    }
  }
  return { response, body: text, readable: !/text\/html/i.test(contentType) };
}
