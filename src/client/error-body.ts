import { ApiError, answerError, type ApiErrorInit, type ValidationIssue } from './api-error.js';
import type { OversizedBody } from './bounded-body.js';

// Stable `type` values for errors whose body is not the envelope. The envelope's own
// `type` wins whenever the server sent one.
export const FALLBACK_ERROR_TYPES = {
  problem_details: 'problem_details',
  html: 'unexpected_html',
  empty: 'empty_body',
  invalid_json: 'invalid_json',
  unexpected_body: 'unexpected_body',
  too_large: 'body_too_large',
  redirect_blocked: 'redirect_blocked',
  redirect: 'redirect',
} as const;

/** Whether a parsed body is the canonical error envelope. */
export function isEnvelope(body: unknown): body is { code: number; detail: string; type: string; errors?: ValidationIssue[] } {
  if (!body || typeof body !== 'object') return false;
  const candidate = body as Record<string, unknown>;
  return (
    typeof candidate.code === 'number' &&
    typeof candidate.detail === 'string' &&
    typeof candidate.type === 'string' &&
    (candidate.errors === undefined || Array.isArray(candidate.errors))
  );
}

export function isJsonContentType(contentType: string | null): boolean {
  return contentType !== null && /[/+]json\b/i.test(contentType);
}

function looksLikeHtml(text: string, contentType: string | null): boolean {
  return (contentType !== null && /text\/html/i.test(contentType)) || /^\s*<(!doctype|html|head|body)\b/i.test(text);
}

function htmlTitle(text: string): string | undefined {
  return text.match(/<title[^>]*>([^<]*)<\/title>/i)?.[1]?.trim() || undefined;
}

function statusLine(response: Response): string {
  return `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
}

function withStack<S extends number>(init: ApiErrorInit<S>): ApiError<S> {
  return new ApiError(init);
}

/**
 * Builds the ApiError for a response whose body is already read. `body` is what the
 * transport read: parsed JSON, raw text when it did not parse, or undefined for an
 * empty body. The server's own error answer (a non-2xx, `status` its HTTP status) is an
 * expected outcome and gets no stack trace; a 2xx that cannot be used (`status` 0) is a
 * failure and keeps one. `documented` is the body when it is the documented one (the
 * client decides).
 */
export function errorFromResponse<S extends number>(response: Response, body: unknown, status: S = response.status as S, documented?: unknown): ApiError<S> {
  const contentType = response.headers.get('content-type');
  const base = { status, code: response.status, body, documented, response };
  const make: (init: ApiErrorInit<S>) => ApiError<S> = status === 0 ? withStack : answerError;

  if (isEnvelope(body)) {
    return make({ ...base, code: body.code, type: body.type, detail: body.detail, errors: body.errors ?? [], source: 'envelope' });
  }
  if (body === undefined || body === '') {
    return make({ ...base, type: FALLBACK_ERROR_TYPES.empty, detail: `${statusLine(response)} with an empty body`, source: 'empty' });
  }
  if (typeof body === 'string') {
    if (looksLikeHtml(body, contentType)) {
      const title = htmlTitle(body);
      return make({ ...base, type: FALLBACK_ERROR_TYPES.html, detail: `${statusLine(response)}: an HTML page${title ? ` ("${title}")` : ''} instead of JSON`, source: 'html' });
    }
    if (isJsonContentType(contentType)) {
      return make({ ...base, type: FALLBACK_ERROR_TYPES.invalid_json, detail: `${statusLine(response)}: the body is not valid JSON (truncated or malformed)`, source: 'invalid_json' });
    }
    return make({ ...base, type: FALLBACK_ERROR_TYPES.unexpected_body, detail: `${statusLine(response)}: ${body.slice(0, 200)}`, source: 'unexpected_body' });
  }
  if (body && typeof body === 'object' && (/problem\+json/i.test(contentType ?? '') || 'title' in body)) {
    const problem = body as { title?: unknown; detail?: unknown; status?: unknown };
    const detail = typeof problem.detail === 'string' ? problem.detail : typeof problem.title === 'string' ? problem.title : statusLine(response);
    return make({ ...base, code: typeof problem.status === 'number' ? problem.status : response.status, type: FALLBACK_ERROR_TYPES.problem_details, detail, source: 'problem_details' });
  }
  return make({ ...base, type: FALLBACK_ERROR_TYPES.unexpected_body, detail: `${statusLine(response)}: the body is not the error envelope`, source: 'unexpected_body' });
}

/**
 * A body past `maxBodyBytes`; what arrived is dropped, not kept in `body`. Like any 2xx
 * whose body cannot be used, a 2xx ends with status 0 (its status in `code`), so that
 * `status === 200` keeps promising data.
 */
export function errorForOversizedBody(response: Response, size: OversizedBody): ApiError {
  const seen =
    size.declaredBytes !== undefined
      ? `Content-Length is ${size.declaredBytes} bytes, so none was read`
      : `reading stopped after ${size.bytesSeen} bytes`;
  const detail = `${statusLine(response)}: the body is larger than maxBodyBytes (${size.maxBodyBytes} bytes); ${seen}`;
  return new ApiError({ status: response.ok ? 0 : response.status, code: response.status, type: FALLBACK_ERROR_TYPES.too_large, detail, source: 'too_large', response });
}

/**
 * A 3xx the client did not follow. `reason` comes from the redirect follower; `status` is
 * the 3xx, or 0 when a browser hid the redirect (an opaque response).
 */
export function errorForRedirect(response: Response, type: 'redirect_blocked' | 'redirect', reason: string, body: unknown): ApiError {
  const detail = `${response.status ? statusLine(response) : 'A redirect'} ${reason}`;
  return new ApiError({ status: response.status, code: response.status, type: FALLBACK_ERROR_TYPES[type], detail, body, source: 'redirect', response });
}

export type FailureKind = 'network_error' | 'timeout' | 'aborted';

/** An ApiError for a call that got no response at all. */
export function errorWithoutResponse(kind: FailureKind, cause: unknown, timeoutMs?: number): ApiError<0> {
  const detail =
    kind === 'timeout'
      ? `No response within ${timeoutMs} ms`
      : kind === 'aborted'
        ? 'The request was aborted by the caller'
        : `Network error: ${cause instanceof Error ? ((cause.cause as Error | undefined)?.message ?? cause.message) : String(cause)}`;
  const source = kind === 'network_error' ? 'network' : kind;
  return new ApiError({ status: 0, code: 0, type: kind, detail, source, cause });
}
