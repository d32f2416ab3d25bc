import { createServer, request as httpRequest, Agent, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OpenApiDocument } from '../openapi/document.js';
import { isJsonMediaType } from '../openapi/media-type.js';
import { createOperationRouter, type OperationRouter } from './operation-router.js';
import { PortInUseError } from './errors.js';
import { redactedUrl } from './redact-url.js';
import { DEFAULT_MAX_BODY_BYTES, readBodyWithin } from './request-body.js';


export interface RequestRecord {
  method: string;
  url: string;
  status: number;
  durationMs: number;
}

export interface FrontServerOptions {
  host: string;
  port: number;
  /** Where the engine (Prism) listens, on loopback. */
  upstream: { host: string; port: number };
  document: OpenApiDocument | undefined;
  maxBodyBytes?: number;
  onRequest?: (record: RequestRecord) => void;
}

export interface FrontServer {
  url: string;
  setDocument(document: OpenApiDocument | undefined): void;
  close(): Promise<void>;
}

/**
 * The mock's own HTTP front, in front of the engine: what Prism does not do well as a
 * server is done here. A body over the limit gets 413 as soon as that is known (from
 * Content-Length, or when the count passes it), without waiting for the rest; a JSON
 * body that does not parse gets the spec's own documented 400 where it has one (Prism
 * answers with a private shape); and every request is reported once, with its status
 * and time, instead of Prism's five log lines.
 */
export async function startFrontServer(options: FrontServerOptions): Promise<FrontServer> {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  let router: OperationRouter | undefined = options.document ? createOperationRouter(options.document) : undefined;
  // The Prism CLI behind it closes a connection idle for 5 s (node's keep-alive timeout): one
  // idle for 4 s is closed here first, so that a request is not sent on a connection the CLI
  // is closing. forward() sends again the one that meets such a close all the same.
  const agent = new Agent({ keepAlive: true, maxSockets: 256, timeout: UPSTREAM_IDLE_MS });

  const server = createServer(async (req, res) => {
    const started = performance.now();
    const done = (status: number) => options.onRequest?.({ method: req.method ?? 'GET', url: redactedUrl(req.url ?? '/'), status, durationMs: performance.now() - started });
    const body = await readBodyWithin(req, res, maxBodyBytes);
    if (!body) return done(413);
    const documented = invalidJsonAnswer(req, body, router);
    if (documented) {
      res.writeHead(400, { 'content-type': documented.mediaType, 'content-length': Buffer.byteLength(documented.body) });
      res.end(documented.body);
      return done(400);
    }
    forward(req, res, body, options.upstream, agent, done);
  });
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new PortInUseError(options.host, options.port) : error));
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`,
    setDocument: (document) => void (router = document ? createOperationRouter(document) : undefined),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        agent.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The spec's documented 400 for a JSON body that does not parse, when the operation has one. */
function invalidJsonAnswer(req: IncomingMessage, body: Buffer, router: OperationRouter | undefined): { mediaType: string; body: string } | undefined {
  if (!router || body.length === 0 || !isJsonMediaType(req.headers['content-type'])) return undefined;
  try {
    JSON.parse(body.toString('utf8'));
    return undefined;
  } catch {
    const operation = router.find(req.method ?? 'GET', req.url ?? '/');
    const response = operation?.responses.find((candidate) => candidate.key === '400');
    const [mediaType, media] = Object.entries(response?.content ?? {}).find(([type]) => isJsonMediaType(type)) ?? [];
    const example = media?.example ?? (Object.values(media?.examples ?? {})[0] as { value?: unknown } | undefined)?.value;
    return mediaType && example !== undefined ? { mediaType, body: JSON.stringify(example) } : undefined;
  }
}

/** How long a kept connection to the upstream may stay idle: under node's 5 s keep-alive timeout, which the Prism CLI keeps. */
const UPSTREAM_IDLE_MS = 4_000;

function forward(req: IncomingMessage, res: ServerResponse, body: Buffer, upstream: { host: string; port: number }, agent: Agent, done: (status: number) => void, retried = false): void {
  const headers = { ...req.headers, host: `${upstream.host}:${upstream.port}`, 'content-length': String(body.length) };
  if (body.length === 0 && req.headers['content-length'] === undefined) delete (headers as Record<string, unknown>)['content-length'];
  delete headers['transfer-encoding'];
  // The repeat goes on a connection of its own: from the pool it could get another kept
  // connection that the upstream is closing just then, as happens when many idled together.
  const outgoing = httpRequest({ host: upstream.host, port: upstream.port, method: req.method, path: req.url, headers, agent: retried ? false : agent }, (incoming) => {
    res.writeHead(incoming.statusCode ?? 502, incoming.rawHeaders);
    incoming.pipe(res);
    incoming.on('end', () => done(incoming.statusCode ?? 502));
  });
  outgoing.on('error', (error: NodeJS.ErrnoException) => {
    // A kept connection the upstream closed as idle just as this request went out on it,
    // before any answer: the upstream never read the request, so it is sent once more, as
    // node's documentation advises (`reusedSocket`). The body is already in hand.
    if (!retried && outgoing.reusedSocket && (error.code === 'ECONNRESET' || error.code === 'EPIPE') && !res.headersSent) {
      forward(req, res, body, upstream, agent, done, true);
      return;
    }
    // An engine that is gone leaves the client with no answer at all, as if it had
    // talked to it directly: what a test of a dead mock expects to see.
    res.destroy();
  });
  outgoing.end(body);
}
