import type { IncomingMessage, ServerResponse } from 'node:http';

export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

/**
 * Reads a request body, or answers 413 as soon as it is known to pass the limit (from
 * Content-Length, or when the count passes it) without waiting for the rest, and
 * resolves undefined. Prism's own server reads 10 MB before it says no.
 */
export function readBodyWithin(req: IncomingMessage, res: ServerResponse, maxBodyBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBodyBytes) {
      tooLarge(req, res, maxBodyBytes);
      return resolve(undefined);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > maxBodyBytes) {
        refused = true;
        tooLarge(req, res, maxBodyBytes);
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!refused) resolve(Buffer.concat(chunks));
    });
    req.on('error', () => {
      res.destroy();
      resolve(undefined);
    });
  });
}

function tooLarge(req: IncomingMessage, res: ServerResponse, limit: number): void {
  const body = JSON.stringify({ type: 'https://stoplight.io/prism/errors#PAYLOAD_TOO_LARGE', title: 'Request body too large', status: 413, detail: `The mock accepts request bodies up to ${limit} bytes.` });
  // The rest of the body is not read: the connection closes after the answer.
  res.writeHead(413, { 'content-type': 'application/problem+json', 'content-length': Buffer.byteLength(body), connection: 'close' });
  res.end(body, () => req.destroy());
}
