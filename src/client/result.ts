import type { ApiError } from './api-error.js';
import type { HttpStatus, SuccessStatus } from './http-status.js';

type ResponsesOf<Operation> = Operation extends { responses: infer Responses } ? Responses : never;

/** The numeric statuses an operation documents. */
export type DocumentedStatus<Operation> = Extract<keyof ResponsesOf<Operation>, number>;

type JsonMediaTypes<Content> = { [M in keyof Content]: M extends `${string}json${string}` ? M : never }[keyof Content];

/** The body documented for one response: its JSON media type first, undefined for none. */
export type BodyOf<Response> = Response extends { content: infer Content }
  ? [JsonMediaTypes<Content>] extends [never]
    ? Content[keyof Content]
    : Content[JsonMediaTypes<Content>]
  : undefined;

type JsonBodyOf<Response> = Response extends { content: infer Content } ? Content[JsonMediaTypes<Content>] : never;

// The response documented for status S: its own code, then its range (`4XX`), then `default`.
type ResponseFor<Responses, S extends number> = S extends keyof Responses
  ? Responses[S]
  : `${S}` extends `${infer Digit}${string}`
    ? `${Digit}XX` extends keyof Responses
      ? Responses[`${Digit}XX` & keyof Responses]
      : 'default' extends keyof Responses
        ? Responses['default' & keyof Responses]
        : never
    : never;

/**
 * The JSON body an operation documents for status S, as `ApiError.documented` carries
 * it: never when the status documents none (no response, no body, no JSON body).
 */
export type ErrorBodyOf<Operation, S extends number> = JsonBodyOf<ResponseFor<ResponsesOf<Operation>, S>>;

export interface Success<S extends number, Body> {
  status: S;
  data: Body;
  error: undefined;
  response: Response;
}

/** A non-2xx answer. `error.documented` is typed as the JSON body documented for S. */
export interface Failure<S extends number, Body = unknown> {
  status: S;
  data: undefined;
  error: ApiError<S, Body>;
  response: Response;
}

/**
 * No usable response: network error, timeout, abort, a 2xx body that could not be read
 * or (`validate: 'throw'`) broke its schema, or a request body that broke its schema.
 * Nothing here is a documented body.
 */
export interface NoResponse {
  status: 0;
  data: undefined;
  error: ApiError<0, never>;
  response: Response | undefined;
}

type DocumentedSuccessStatus<Operation> = Extract<DocumentedStatus<Operation>, SuccessStatus>;
type SuccessBodies<Operation> = BodyOf<ResponsesOf<Operation>[DocumentedSuccessStatus<Operation>]>;

type DocumentedResult<Operation> = {
  [S in DocumentedStatus<Operation>]: S extends SuccessStatus ? Success<S, BodyOf<ResponsesOf<Operation>[S]>> : Failure<S, ErrorBodyOf<Operation, S>>;
}[DocumentedStatus<Operation>];

/**
 * What a call resolves to. Checking `status` narrows `data` (2xx) or `error` (the rest)
 * to exactly what that status documents. A 2xx the spec does not document is typed as
 * one of the documented bodies, since the runtime knows nothing of the spec; any other
 * undocumented status is an ApiError.
 */
export type ApiResult<Operation> =
  | DocumentedResult<Operation>
  | Success<Exclude<SuccessStatus, DocumentedStatus<Operation>>, SuccessBodies<Operation>>
  | EachFailure<Operation, Exclude<HttpStatus, SuccessStatus | DocumentedStatus<Operation>>>
  | NoResponse;

// Distributes, so that `status === 503` narrows `error` to ApiError<503> too (its body
// the one a `5XX` or `default` response documents, if any).
type EachFailure<Operation, S extends number> = S extends number ? Failure<S, ErrorBodyOf<Operation, S>> : never;

/** The data of a result once it is known to be a success. */
export type SuccessData<Result> = Result extends { error: undefined; data: infer Data } ? Data : never;

/**
 * The throwing style: the data, typed as the documented success bodies, or the
 * ApiError thrown. `const user = unwrap(await api.GET('/api/v1/auth/me'))`.
 */
export function unwrap<Result extends { data: unknown; error: ApiError | undefined }>(result: Result): SuccessData<Result> {
  if (result.error) throw result.error;
  return result.data as SuccessData<Result>;
}
