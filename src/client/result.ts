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

export interface Success<S extends number, Body> {
  status: S;
  data: Body;
  error: undefined;
  response: Response;
}

export interface Failure<S extends number> {
  status: S;
  data: undefined;
  error: ApiError<S>;
  response: Response;
}

/** No usable response: network error, timeout, abort, or a 2xx body that could not be read. */
export interface NoResponse {
  status: 0;
  data: undefined;
  error: ApiError<0>;
  response: Response | undefined;
}

type DocumentedSuccessStatus<Operation> = Extract<DocumentedStatus<Operation>, SuccessStatus>;
type SuccessBodies<Operation> = BodyOf<ResponsesOf<Operation>[DocumentedSuccessStatus<Operation>]>;

type DocumentedResult<Operation> = {
  [S in DocumentedStatus<Operation>]: S extends SuccessStatus ? Success<S, BodyOf<ResponsesOf<Operation>[S]>> : Failure<S>;
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
  | EachFailure<Exclude<HttpStatus, SuccessStatus | DocumentedStatus<Operation>>>
  | NoResponse;

// Distributes, so that `status === 503` narrows `error` to ApiError<503> too.
type EachFailure<S extends number> = S extends number ? Failure<S> : never;

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
