// The one seam to openapi-fetch (frozen upstream): request types and the request
// building both come from here, so swapping it is a change to this file only.
import createClient, { createQuerySerializer, type MaybeOptionalInit } from 'openapi-fetch';
import type { HttpMethod, PathsWithMethod, RequiredKeysOf } from 'openapi-typescript-helpers';
import { readBoundedBody, type OversizedBody } from './bounded-body.js';
import { isJsonContentType } from './error-body.js';
import { createRedirectFollower, type Followed, type RedirectSettings, type Send } from './redirects.js';

export type { HttpMethod, PathsWithMethod };

/** The `init` a call takes (params, body, headers) for one path and method. */
export type RequestInitFor<PathItem, Method extends keyof PathItem> = MaybeOptionalInit<PathItem, Method>;

/** `init` is optional exactly when nothing in it is required. */
export type InitArgs<Init, Extra> = RequiredKeysOf<Init> extends never ? [(Init & Extra)?] : [Init & Extra];

type Fetch = (input: Request) => Promise<Response>;

export interface TransportOptions {
  baseUrl: string;
  fetch?: Fetch | undefined;
  headers?: Record<string, string> | undefined;
}

/** What one attempt needs besides the request: its signal, the body limit, the redirect policy. */
export interface WireSettings extends RedirectSettings {
  signal: AbortSignal | undefined;
  maxBodyBytes: number;
}

export type Exchange =
  | {
      kind: 'read';
      response: Response;
      /** Parsed JSON when the body is JSON, the text when it is not, undefined when empty. */
      body: unknown;
      /** False for a body that claims or needs to be JSON and does not parse. */
      readable: boolean;
    }
  /** The body passed maxBodyBytes; nothing of it is kept. */
  | { kind: 'too_large'; response: Response; size: OversizedBody }
  /** A 3xx not followed; `reason` completes the error's detail. */
  | { kind: 'redirect'; response: Response; type: 'redirect_blocked' | 'redirect'; reason: string; body: unknown };

export type Transport = (method: HttpMethod, path: string, init: Record<string, unknown>, wire: WireSettings) => Promise<Exchange>;

/**
 * What openapi-fetch builds in place of a `Request`. A real Request is built twice per
 * call (once by openapi-fetch, once more inside fetch()), which cost about 15 µs a call
 * in `npm run bench`; this record keeps the URL and init and hands them on as they are
 * (a Request is built only for an app's own fetch, which takes one).
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

let bodilessStandIn: Response | undefined;

export function createTransport(options: TransportOptions): Transport {
  const client = createClient<Record<string, Record<HttpMethod, object>>>({
    baseUrl: options.baseUrl,
    Request: RequestRecord as never,
    headers: options.headers,
    // A serializer function is used as is; options would be turned into one per call.
    querySerializer: createQuerySerializer(),
    credentials: 'include',
  });
  const follow = createRedirectFollower();

  return async (method, path, init, wire) => {
    // A per-call `fetch` is an openapi-fetch option: it still decides who sends each hop.
    const { fetch: callFetch, ...callInit } = init as { fetch?: Fetch };
    const send = sender(callFetch ?? options.fetch);
    let exchange = undefined as Exchange | undefined;
    // openapi-fetch builds the request; it must not send it nor read the answer, since it
    // follows redirects as fetch does and reads bodies whole with response.text(), with no
    // bound. So the fetch it is handed does the whole exchange (redirects by our policy,
    // then the bounded read) and returns a bodiless 204, which openapi-fetch hands straight back.
    const exchangeThenStandIn = async (request: RequestRecord) => {
      exchange = await readExchange(await follow({ url: request.url, init: request.init }, wire, send), wire.maxBodyBytes);
      // It has no body to use up, so one serves every call (a Response costs µs to build).
      return (bodilessStandIn ??= new Response(null, { status: 204 }));
    };
    await client.request(method, path as never, { ...callInit, signal: wire.signal, fetch: exchangeThenStandIn } as never);
    if (!exchange) throw new Error('openapi-fetch returned without sending the request');
    return exchange;
  };
}

function sender(customFetch: Fetch | undefined): Send {
  return customFetch ? (hop) => customFetch(new Request(hop.url, hop.init)) : (hop) => globalThis.fetch(hop.url, hop.init);
}

async function readExchange(followed: Followed, maxBodyBytes: number): Promise<Exchange> {
  const { response } = followed;
  const read = await readBoundedBody(response, maxBodyBytes);
  if (read.kind === 'too_large') return { kind: 'too_large', response, size: read.size };
  if (followed.kind === 'stopped') return { kind: 'redirect', response, type: followed.type, reason: followed.reason, body: parsedOrText(read.text) };
  if (!response.ok) return { kind: 'read', response, body: parsedOrText(read.text), readable: true };
  return readSuccessBody(response, read.text);
}

/** An error body as openapi-fetch gave it: parsed JSON, else the text, undefined when empty. */
function parsedOrText(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function readSuccessBody(response: Response, text: string): Exchange {
  if (text === '') return { kind: 'read', response, body: undefined, readable: true };
  const contentType = response.headers.get('content-type');
  if (isJsonContentType(contentType) || contentType === null) {
    try {
      return { kind: 'read', response, body: JSON.parse(text), readable: true };
    } catch {
      return { kind: 'read', response, body: text, readable: contentType === null };
    }
  }
  return { kind: 'read', response, body: text, readable: !/text\/html/i.test(contentType) };
}
