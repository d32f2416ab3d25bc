import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { readBodyWithin } from '../request-body.js';
import type { StateClient } from './state-client.js';

/**
 * The mock's control over HTTP (`/__authkit/respond-with`, `reset`, `state`,
 * `advance-time`), for tests on this machine only. It answers callers on loopback,
 * addressed by a loopback name (a page that rebinds its own domain to 127.0.0.1 still
 * sends its own Host), and refuses any request a page on another origin sends (its
 * `Origin`): a web page must not reset a developer's mock. No CORS headers are sent,
 * and a preflight is refused, so no other origin can read an answer either.
 */
export async function answerControl(req: IncomingMessage, res: ServerResponse, state: StateClient, maxBodyBytes: number): Promise<number> {
  const refusal = refusalOf(req);
  if (refusal) return send(res, 403, { type: 'about:blank', title: 'Forbidden', status: 403, detail: refusal });
  const body = await readBodyWithin(req, res, maxBodyBytes);
  if (!body) return 413;
  const answer = await state.control({ method: req.method ?? 'GET', path: new URL(req.url ?? '/', 'http://control.invalid').pathname, body: body.length > 0 ? body.toString('utf8') : undefined });
  return send(res, answer.status, answer.body);
}

function refusalOf(req: IncomingMessage): string | undefined {
  if (!isLoopbackAddress(req.socket.remoteAddress)) return `the mock's control answers callers on this machine only, not ${req.socket.remoteAddress}`;
  const host = hostnameOf(`http://${req.headers.host ?? ''}`);
  if (!host || !isLoopbackName(host)) return `the mock's control answers requests addressed to a loopback name (localhost, 127.0.0.1, [::1]), not ${req.headers.host ?? '(no Host)'}`;
  const origin = req.headers.origin;
  if (origin !== undefined) {
    const own = `http://${req.headers.host}`;
    if (origin !== own) return `the mock's control refuses requests from pages on other origins (${origin}); only ${own} itself may call it`;
  }
  if (req.method === 'OPTIONS') return 'the mock\'s control takes no cross-origin requests';
  return undefined;
}

export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const plain = address.startsWith('::ffff:') ? address.slice(7) : address;
  return plain === '::1' || (isIP(plain) === 4 && plain.startsWith('127.'));
}

function isLoopbackName(hostname: string): boolean {
  const bare = hostname.replace(/^\[|\]$/g, '');
  return bare === 'localhost' || bare.endsWith('.localhost') || isLoopbackAddress(bare);
}

function hostnameOf(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}

function send(res: ServerResponse, status: number, body: unknown): number {
  const text = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string | number> = { 'cache-control': 'no-store' };
  if (text !== undefined) {
    headers['content-type'] = status >= 400 ? 'application/problem+json' : 'application/json';
    headers['content-length'] = Buffer.byteLength(text);
  }
  res.writeHead(status, headers);
  res.end(text);
  return status;
}
