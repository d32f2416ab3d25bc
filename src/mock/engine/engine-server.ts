import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { IHttpOperation } from '@stoplight/types';
import { isControlPath } from '../../mock-state/control.js';
import { redactedUrl } from '../redact-url.js';
import { DEFAULT_MAX_BODY_BYTES, readBodyWithin } from '../request-body.js';
import { answerControl } from './control-route.js';
import { isDocsPath, type DocsRoutes } from './docs-routes.js';
import { isJsonRequest, type EngineRequest, type EngineResponse, type PrismEngine } from './prism-engine.js';
import type { StateClient } from './state-client.js';
import { createWireAnswers, type WireAnswer } from './wire-answers.js';

export interface RequestRecord {
  method: string;
  url: string;
  status: number;
  durationMs: number;
  /** The process id of the worker that answered. */
  worker?: number;
}

export interface EngineServerOptions {
  /** The engine to ask; swapped when the spec is reloaded. */
  engine: () => PrismEngine;
  maxBodyBytes?: number;
  onRequest?: (record: RequestRecord) => void;
  /** `/docs` and `/openapi.json` beside the mock, for paths the spec does not use itself. */
  docs?: DocsRoutes;
  /** The mock's state (held by the engine's primary), and its control under `/__authkit/`. */
  state?: StateClient;
}

// Headers a browser script may read without being told (CORS-safelisted response
// headers), and Set-Cookie, which no script may ever read: neither is worth exposing.
const NOT_EXPOSED = new Set(['cache-control', 'content-language', 'content-length', 'content-type', 'expires', 'last-modified', 'pragma', 'set-cookie']);

/**
 * The engine's HTTP server: Prism's answers, with what its own server does not do well.
 * A body over the limit gets 413 at once; a JSON body that does not parse gets the
 * spec's documented 400 where it has one; CORS names the headers a browser page may
 * read (`Retry-After`, …) instead of `*`, which browsers ignore on a credentialed request;
 * and a request the engine fails on gets a 500 problem with the reason, while the
 * server keeps serving.
 */
export function createEngineServer(options: EngineServerOptions): Server {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const kept = createWireAnswers();
  const hooks = options.state?.hooks;
  const server = createServer(async (req, res) => {
    const started = performance.now();
    const done = (status: number) => options.onRequest?.({ method: req.method ?? 'GET', url: redactedUrl(req.url ?? '/', options.state?.queryTokenNames()), status, durationMs: performance.now() - started });
    const origin = req.headers.origin;
    if (options.state && isControlPath((req.url ?? '/').split('?')[0]!)) return done(await answerControl(req, res, options.state, maxBodyBytes));
    if (req.method === 'OPTIONS' && origin && req.headers['access-control-request-method']) return done(preflight(req, res));
    if (options.docs && isDocsPath(req.url) && !options.engine().route(req.method ?? 'GET', req.url ?? '/')) {
      try {
        if (options.docs.handle(req, res)) return done(res.statusCode);
      } catch (error) {
        send(res, engineFailure(error), origin, undefined);
        return done(500);
      }
    }
    let engine = options.engine();
    const request = (body: Buffer | undefined): EngineRequest => ({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body, remoteAddress: req.socket.remoteAddress });
    // The same request as before, answered as before, where nothing since can change it.
    const key = kept.keyOf(req);
    const found = key === undefined ? undefined : kept.find(engine, key, hooks, () => request(undefined));
    if (found && 'answer' in found) {
      const { answer } = found;
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
      return done(answer.status);
    }
    // The state was asked already: the engine hears its answer rather than asking again.
    const hooksNow = found && hooks ? { ...hooks, decide: () => found.decided } : hooks;
    const body = await readBodyWithin(req, res, maxBodyBytes);
    if (!body) return done(413);
    engine = options.engine();
    let answer: EngineResponse;
    try {
      answer = invalidJsonAnswer(req, body, engine) ?? (await engine.handle(request(body.length > 0 ? body : undefined), hooksNow));
    } catch (error) {
      answer = engineFailure(error);
    }
    const wire = onTheWire(answer, origin, req.headers['access-control-request-headers']);
    if (key !== undefined && answer.reusable) kept.keep(engine, key, { ...wire, reusable: answer.reusable });
    res.writeHead(wire.status, wire.headers);
    res.end(wire.body);
    done(answer.status);
  });
  server.keepAliveTimeout = 5_000;
  return server;
}

function send(res: ServerResponse, answer: EngineResponse, origin: string | undefined, requestedHeaders: string | undefined): void {
  const wire = onTheWire(answer, origin, requestedHeaders);
  res.writeHead(wire.status, wire.headers);
  res.end(wire.body);
}

/** The answer as it is written: its headers with CORS's, as writeHead takes them (name, value, name, value, …), and the body's bytes. */
function onTheWire(answer: EngineResponse, origin: string | undefined, requestedHeaders: string | undefined): Omit<WireAnswer, 'reusable'> {
  const headers: Record<string, string | string[]> = { ...answer.headers, ...corsHeaders(origin, requestedHeaders) };
  const exposed = Object.keys(answer.headers).filter((name) => !NOT_EXPOSED.has(name.toLowerCase()));
  if (exposed.length > 0) headers['Access-Control-Expose-Headers'] = exposed.join(', ');
  const body = answer.body === undefined ? undefined : Buffer.from(answer.body, 'utf8');
  if (body !== undefined) headers['content-length'] = String(body.length);
  return { status: answer.status, headers: Object.entries(headers).flat(), body };
}

/** As Prism's CORS: the page's own origin (`*` only without one), with credentials. */
function corsHeaders(origin: string | undefined, requestedHeaders: string | undefined): Record<string, string> {
  return { 'Access-Control-Allow-Origin': origin || '*', 'Access-Control-Allow-Headers': requestedHeaders || '*', 'Access-Control-Allow-Credentials': 'true' };
}

function preflight(req: IncomingMessage, res: ServerResponse): number {
  res.writeHead(204, {
    ...corsHeaders(req.headers.origin, req.headers['access-control-request-headers']),
    'Access-Control-Allow-Methods': req.headers['access-control-request-method'] || 'GET,DELETE,HEAD,PATCH,POST,PUT,OPTIONS',
    Vary: 'origin',
    'Content-Length': '0',
  });
  res.end();
  return 204;
}

/** Prism's server answers a JSON body that does not parse with its HTTP library's 400; the spec's own 400 is used when it documents one. */
function invalidJsonAnswer(req: IncomingMessage, body: Buffer, engine: PrismEngine): EngineResponse | undefined {
  if (body.length === 0 || !isJsonRequest(req.headers)) return undefined;
  try {
    JSON.parse(body.toString('utf8'));
    return undefined;
  } catch {
    const documented = documentedBadRequest(engine.route(req.method ?? 'GET', req.url ?? '/'));
    if (documented) return { status: 400, headers: { 'content-type': documented.mediaType }, body: JSON.stringify(documented.example), violations: [] };
    return { status: 400, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify({ error: { code: 'invalid_json', message: 'Invalid JSON' } }), violations: [] };
  }
}

function documentedBadRequest(operation: IHttpOperation | undefined): { mediaType: string; example: unknown } | undefined {
  const response = operation?.responses.find((candidate) => candidate.code === '400');
  for (const content of response?.contents ?? []) {
    const example = content.examples?.[0] as { value?: unknown } | undefined;
    if (/[/+]json\b/i.test(content.mediaType) && example && 'value' in example) return { mediaType: content.mediaType, example: example.value };
  }
  return undefined;
}

function engineFailure(error: unknown): EngineResponse {
  const detail = error instanceof Error ? error.message : String(error);
  return {
    status: 500,
    headers: { 'content-type': 'application/problem+json' },
    body: JSON.stringify({ type: 'https://stoplight.io/prism/errors#UNKNOWN', title: 'The mock could not handle this request', status: 500, detail }),
    violations: [],
  };
}
