/** 10 MiB: far above any body the Auth API sends, far below what hurts a browser tab. */
export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface OversizedBody {
  maxBodyBytes: number;
  bytesSeen: number;
  /** Content-Length, when it alone gave the size away and nothing was read. */
  declaredBytes: number | undefined;
}

export type BoundedBody = { kind: 'read'; text: string } | { kind: 'too_large'; size: OversizedBody };

/**
 * The body as text, read chunk by chunk and stopped as soon as it passes `maxBodyBytes`
 * (response.text() would buffer whatever arrives, an endless body included, and never
 * return). Stopping cancels the stream, which makes fetch drop the connection: the rest
 * of the body is never downloaded. The bytes counted are the decoded ones, after any
 * Content-Encoding, since those are what would fill memory.
 */
export async function readBoundedBody(response: Response, maxBodyBytes: number): Promise<BoundedBody> {
  // First: a HEAD (or 204, 304) has no body, whatever size its Content-Length announces.
  if (!response.body) return { kind: 'read', text: '' };
  const declaredBytes = declaredLength(response);
  if (declaredBytes !== undefined && declaredBytes > maxBodyBytes) {
    void response.body.cancel().catch(() => {});
    return { kind: 'too_large', size: { maxBodyBytes, bytesSeen: 0, declaredBytes } };
  }

  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytesSeen = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { kind: 'read', text: decodeUtf8(chunks, bytesSeen) };
    bytesSeen += value.byteLength;
    if (bytesSeen > maxBodyBytes) {
      void reader.cancel().catch(() => {});
      return { kind: 'too_large', size: { maxBodyBytes, bytesSeen, declaredBytes: undefined } };
    }
    chunks.push(value);
  }
}

/**
 * One decode of the joined bytes, as response.text() does: decoding chunk by chunk and
 * concatenating the strings measured 1.6 times slower on a 9.5 MiB body.
 */
function decodeUtf8(chunks: Uint8Array[], totalBytes: number): string {
  if (chunks.length === 1) return new TextDecoder().decode(chunks[0]);
  const joined = new Uint8Array(totalBytes);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(joined);
}

/**
 * Content-Length, when it states the size of the body as it will be read. With a
 * Content-Encoding it counts the compressed bytes, which say nothing exact about the
 * decoded size, so only the count while reading decides.
 */
function declaredLength(response: Response): number | undefined {
  const encoding = response.headers.get('content-encoding');
  if (encoding && encoding.toLowerCase() !== 'identity') return undefined;
  const length = response.headers.get('content-length');
  return length !== null && /^\d+$/.test(length.trim()) ? Number(length) : undefined;
}
