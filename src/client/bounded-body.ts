/** 10 MiB: far above any body the Auth API sends, far below what hurts a browser tab. */
export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface OversizedBody {
  maxBodyBytes: number;
  bytesSeen: number;
  /** Content-Length, when it alone gave the size away and nothing was read. */
  declaredBytes: number | undefined;
}

/**
 * The body as text, read chunk by chunk and stopped as soon as it passes `maxBodyBytes`
 * (response.text() would buffer whatever arrives, an endless body included, and never
 * return). Stopping cancels the stream, which makes fetch drop the connection: the rest
 * of the body is never downloaded. The bytes counted are the decoded ones, after any
 * Content-Encoding, since those are what would fill memory. Resolves to the text, or to
 * the sizes that made it stop.
 */
export async function readBoundedBody(response: Response, maxBodyBytes: number): Promise<string | OversizedBody> {
  // First: a HEAD (or 204, 304) has no body, whatever size its Content-Length announces.
  const { body } = response;
  if (!body) return '';
  const declaredBytes = declaredLength(response);
  if (declaredBytes !== undefined && declaredBytes > maxBodyBytes) {
    void body.cancel().catch(ignore);
    return { maxBodyBytes, bytesSeen: 0, declaredBytes };
  }

  const reader = body.getReader();
  // The usual body (a small JSON answer) arrives in one chunk: no list, no copy.
  let first: Uint8Array | undefined;
  let chunks: Uint8Array[] | undefined;
  let bytesSeen = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return chunks ? decodeUtf8(chunks, bytesSeen) : first ? utf8.decode(first) : '';
    bytesSeen += value.byteLength;
    if (bytesSeen > maxBodyBytes) {
      void reader.cancel().catch(ignore);
      return { maxBodyBytes, bytesSeen, declaredBytes: undefined };
    }
    if (first === undefined) first = value;
    else (chunks ??= [first]).push(value);
  }
}

function ignore(): void {}

// Decoding without `stream` keeps no state between calls, so one decoder serves them all.
const utf8 = new TextDecoder();

/**
 * One decode of the joined bytes, as response.text() does: decoding chunk by chunk and
 * concatenating the strings measured 1.6 times slower on a 9.5 MiB body.
 */
function decodeUtf8(chunks: Uint8Array[], totalBytes: number): string {
  const joined = new Uint8Array(totalBytes);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return utf8.decode(joined);
}

/**
 * Content-Length, when it states the size of the body as it will be read. With a
 * Content-Encoding it counts the compressed bytes, which say nothing exact about the
 * decoded size, so only the count while reading decides.
 */
function declaredLength(response: Response): number | undefined {
  const length = response.headers.get('content-length');
  if (length === null || !/^\s*\d+\s*$/.test(length)) return undefined;
  const encoding = response.headers.get('content-encoding');
  return encoding && encoding.toLowerCase() !== 'identity' ? undefined : Number(length);
}
