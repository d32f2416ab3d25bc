import { Agent, request as httpRequest, type IncomingMessage } from 'node:http';
import type { OpenApiDocument } from '../openapi/document.js';
import type { WireResponse } from './checks.js';

/** A response as the typed client gets it, and the same bytes as the checks read them. */
export interface WireExchange {
  response: Response;
  wire: WireResponse;
}

export interface WireFetch {
  /** Sends what `fetch(url, init)` would send, with no Request built for a string body or none. */
  send(url: string, init: RequestInit): Promise<WireExchange>;
  close(): void;
}

// Statuses whose Response has no body, whatever came (fetch's null body statuses).
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
// Decoding without `stream` keeps no state between calls: one decoder serves every answer.
const utf8 = new TextDecoder();

/**
 * The contract run's own HTTP/1.1 exchange with the mock it started: node:http over kept-alive
 * sockets, the body read once into bytes, and one Response built from them for the client.
 * fetch() (undici) costs about a millisecond of this process's CPU per request on top, with
 * its streams, a tee of every body for the checks (`response.clone()`), and an AbortSignal
 * and timer per request for the timeout; on 13,013 cases that was most of the matrix.
 * What reaches the mock is what fetch sends: the request's own headers, fetch's defaults
 * for those it lacks, the same Content-Length. A timeout ends the request with the socket's
 * own timer.
 *
 * Only for the mock this process started, whose answers fetch would not transform: no
 * Content-Encoding to decode (see canUseWireFetch), no redirect followed by the wire.
 */
export function createWireFetch(options: { timeoutMs: number; sockets: number }): WireFetch {
  const agent = new Agent({ keepAlive: true, maxSockets: options.sockets });
  const send = async (url: string, init: RequestInit): Promise<WireExchange> => {
    // Any other body (a form) is encoded as fetch encodes it, with its Content-Type and boundary: through a Request.
    if (init.body != null && typeof init.body !== 'string') {
      const request = new Request(url, init);
      return exchange(new URL(request.url), request.method, request.headers, Buffer.from(await request.arrayBuffer()));
    }
    const body = typeof init.body === 'string' ? Buffer.from(init.body, 'utf8') : undefined;
    return exchange(new URL(url), fetchMethod(init.method ?? 'GET'), init.headers instanceof Headers ? init.headers : new Headers(init.headers), body);
  };
  const exchange = async (url: URL, method: string, given: Headers, body: Buffer | undefined): Promise<WireExchange> => {
    const headers: Record<string, string> = {};
    given.forEach((value, name) => (headers[name] = value));
    // fetch's type for a string body sent with none of its own (a Request's body had it set already).
    if (body !== undefined) headers['content-type'] ??= 'text/plain;charset=UTF-8';
    // fetch's own request headers, where the request has none of its own.
    headers.accept ??= '*/*';
    headers['accept-language'] ??= '*';
    headers['sec-fetch-mode'] = 'cors';
    headers['user-agent'] ??= 'node';
    headers['accept-encoding'] ??= 'gzip, deflate';
    const sized = body !== undefined || method === 'POST' || method === 'PUT' || method === 'PATCH';
    if (sized) headers['content-length'] = String(body?.byteLength ?? 0);
    const send = () =>
      new Promise<IncomingMessage>((resolve, reject) => {
        const outgoing = httpRequest({ agent, host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method, headers });
        // Neither a Content-Length nor a chunked body where fetch sends neither (a DELETE without a body).
        if (!sized) outgoing.useChunkedEncodingByDefault = false;
        if (options.timeoutMs > 0) outgoing.setTimeout(options.timeoutMs, () => outgoing.destroy(new Error(`No response within ${options.timeoutMs} ms`)));
        outgoing.once('error', (error: NodeJS.ErrnoException) => reject(Object.assign(error, { onReusedSocket: outgoing.reusedSocket })));
        outgoing.once('response', resolve);
        outgoing.end(body);
      });
    // A kept-alive connection the mock closed as idle (its keepAliveTimeout) just as this
    // request went out on it resets with no answer: sent once more, on a new connection,
    // as Node's documentation advises. A busy machine leaves connections idle long enough.
    const response = await send().catch((error: NodeJS.ErrnoException & { onReusedSocket?: boolean }) => {
      if (error.onReusedSocket && error.code === 'ECONNRESET') return send();
      throw error;
    });
    const bytes = await new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
      response.once('error', reject);
      response.once('aborted', () => reject(new Error('the mock closed the connection mid-answer')));
    });
    const responseHeaders = new Headers();
    const raw = response.rawHeaders;
    for (let index = 0; index + 1 < raw.length; index += 2) responseHeaders.append(raw[index]!, raw[index + 1]!);
    const status = response.statusCode ?? 0;
    const bodiless = NULL_BODY_STATUSES.has(status) || method === 'HEAD';
    const text = bodiless ? '' : utf8.decode(bytes);
    return {
      response: new Response(bodiless ? null : (bytes as unknown as Uint8Array<ArrayBuffer>), { status, statusText: response.statusMessage ?? '', headers: responseHeaders }),
      wire: { status, headers: responseHeaders, text },
    };
  };
  return { send, close: () => agent.destroy() };
}

// fetch upper-cases these methods whatever their case, and leaves any other as it is given.
const NORMALIZED_METHODS = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);
const fetchMethod = (method: string) => (NORMALIZED_METHODS.has(method.toUpperCase()) ? method.toUpperCase() : method);

/**
 * Whether the run's own exchange answers as fetch would: a spec that documents a
 * Content-Encoding anywhere could have the mock send one, which fetch decodes; that spec's
 * run goes through fetch, as every live run does.
 */
export function canUseWireFetch(document: OpenApiDocument): boolean {
  return !/content-encoding/i.test(JSON.stringify(document));
}
