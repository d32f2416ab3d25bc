import { Agent, request as httpRequest } from 'node:http';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';

const NULL_BODY = new Set([101, 204, 205, 304]);

/**
 * fetch over node:http, on connections kept open between calls: the same request on the
 * wire as Node's fetch sends (its default headers included), the answer as a Response.
 * Node's fetch spends about three times the CPU of node:http per call (Request and
 * Response objects, web streams, its own HTTP parser); a test that sends thousands of
 * calls sends them through this.
 */
export function createKeptConnectionFetch(): { fetch: (request: Request) => Promise<Response>; close(): void } {
  // A connection idle for 4 s is closed here, before a server's 5 s keep-alive timeout
  // closes it under a request being written (ECONNRESET). Node's agent only shortens a
  // timeout it has to the server's `Keep-Alive: timeout=` hint; fetch keeps to the hint.
  const agent = new Agent({ keepAlive: true, timeout: 4_000 });
  const fetch = async (request: Request): Promise<Response> => {
    const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
    const url = new URL(request.url);
    const headers: Record<string, string> = Object.fromEntries(request.headers);
    // What fetch adds to a request that lacks them (Node 20's undici).
    headers['accept'] ??= '*/*';
    headers['accept-language'] ??= '*';
    headers['sec-fetch-mode'] ??= 'cors';
    headers['user-agent'] ??= 'node';
    headers['accept-encoding'] ??= 'gzip, deflate';
    // fetch sends a length with every body, and a zero one with a POST or PUT that has none.
    if (body) headers['content-length'] = String(body.length);
    else if (request.method === 'POST' || request.method === 'PUT') headers['content-length'] = '0';
    const send = (retried: boolean): Promise<Response> => new Promise((resolve, reject) => {
      // The repeat goes on a connection of its own: from the pool it could get another kept
      // connection the server is closing just then, as happens when many idled together.
      const outgoing = httpRequest({ host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method: request.method, headers, agent: retried ? false : agent }, (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () => {
          const answer = new Headers();
          for (const [name, value] of Object.entries(incoming.headers)) {
            for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) answer.append(name, one);
          }
          const status = incoming.statusCode ?? 502;
          try {
            resolve(new Response(NULL_BODY.has(status) ? null : decoded(Buffer.concat(chunks), incoming.headers['content-encoding']), { status, statusText: incoming.statusMessage, headers: answer }));
          } catch (error) {
            reject(error);
          }
        });
        incoming.on('error', reject);
      });
      // With no body, fetch sends neither a length (but for POST and PUT, above) nor chunks;
      // node:http would send `Content-Length: 0` for a PATCH unless told it has no body.
      if (!body && headers['content-length'] === undefined) outgoing.useChunkedEncodingByDefault = false;
      // A kept connection the server closed as idle just as this request went out on it, with
      // no answer: sent again once, as Node's documentation advises (`reusedSocket`). The
      // agent closes idle connections a second before a 5 s keep-alive does, but a test that
      // keeps its event loop busy can miss that by more.
      outgoing.on('error', (error: NodeJS.ErrnoException) => (!retried && outgoing.reusedSocket && error.code === 'ECONNRESET' ? send(true).then(resolve, reject) : reject(error)));
      outgoing.end(body);
    });
    return send(false);
  };
  return { fetch, close: () => agent.destroy() };
}

/** fetch undoes the content codings it asked for. */
// zlib's Buffers are typed over any ArrayBuffer; theirs are plain ones, as Response needs.
function decoded(body: Buffer<ArrayBuffer>, coding: string | undefined): Buffer<ArrayBuffer> {
  switch (coding?.trim().toLowerCase()) {
    case undefined:
    case '':
    case 'identity':
      return body;
    case 'gzip':
    case 'x-gzip':
      return gunzipSync(body) as Buffer<ArrayBuffer>;
    case 'deflate':
      return inflateSync(body) as Buffer<ArrayBuffer>;
    case 'br':
      return brotliDecompressSync(body) as Buffer<ArrayBuffer>;
    default:
      throw new Error(`an answer in a content coding fetch would not undo: ${coding}`);
  }
}
