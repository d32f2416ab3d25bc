import { createApiClient } from '../../src/client/index.js';
import type { ContractRequest } from '../../src/contract/cases.js';

export interface WireAnswer {
  status: number;
  mediaType: string | undefined;
  body: unknown;
}

/**
 * Sends a request the contract run would build, through the typed client as the run
 * does, with extra headers (`Prefer`), and reads the answer off the wire: the status,
 * the media type and the body (parsed when it is JSON). `send` puts it on the wire:
 * fetch, unless told otherwise.
 */
export async function sendContractRequest(
  baseUrl: string,
  request: ContractRequest,
  extra: { headers?: Record<string, string>; query?: Record<string, unknown> } = {},
  send: (request: Request) => Promise<Response> = (wireRequest) => fetch(wireRequest),
): Promise<WireAnswer> {
  let answer: WireAnswer | undefined;
  let failure: unknown;
  const api = createApiClient<any>({
    baseUrl,
    fetch: async (wireRequest) => {
      const response = await send(wireRequest).catch((error: unknown) => {
        failure = error;
        throw error;
      });
      const text = await response.clone().text();
      const mediaType = response.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
      let body: unknown = text;
      if (mediaType && /[/+]json$/.test(mediaType)) {
        try {
          body = JSON.parse(text);
        } catch {
          // compared as text
        }
      }
      answer = { status: response.status, mediaType, body };
      return response;
    },
  });
  const cookie = Object.entries(request.cookies).map(([name, value]) => `${name}=${value}`).join('; ');
  const headers = {
    ...request.headers,
    ...(cookie ? { Cookie: cookie } : {}),
    ...(request.accept ? { Accept: request.accept } : {}),
    ...(request.mediaType && !(request.body instanceof FormData) ? { 'Content-Type': request.mediaType } : {}),
    ...extra.headers,
  };
  const call = (api as unknown as Record<string, (path: string, init: object) => Promise<unknown>>)[request.method.toUpperCase()]!;
  await call(request.path, {
    params: { path: request.pathParams, query: { ...request.query, ...extra.query } },
    body: request.body,
    headers,
    ...(request.preEncoded ? { bodySerializer: (body: unknown) => body } : {}),
  });
  if (!answer) throw new Error(`no answer for ${request.method} ${request.path}${failure ? `: ${String(failure)}` : ''}`, { cause: failure });
  return answer;
}
