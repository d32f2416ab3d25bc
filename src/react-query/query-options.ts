import type { DataTag } from '@tanstack/react-query';
import type { paths as AuthApiPaths } from '../../generated/api-types.js';
import type { ApiClient, CallOptions } from '../client/create-api-client.js';
import type { HttpMethod, InitArgs, PathsWithMethod, RequestInitFor } from '../client/openapi-fetch-transport.js';
import type { ApiResult, SuccessData } from '../client/result.js';
import { unwrap } from '../client/result.js';

type OperationOf<Paths, Path extends keyof Paths, Method extends HttpMethod> = Paths[Path][Method & keyof Paths[Path]];
type ResultOf<Paths, Path extends keyof Paths, Method extends HttpMethod> = ApiResult<OperationOf<Paths, Path, Method>>;

/** What a query or mutation resolves to: the documented success bodies of the operation. */
export type DataOf<Paths, Path extends keyof Paths, Method extends HttpMethod> = SuccessData<ResultOf<Paths, Path, Method>>;
/**
 * What it fails with: the client's ApiError, one per documented status, narrowed by
 * `error.status`, its `documented` typed as the body that status documents.
 */
export type ErrorOf<Paths, Path extends keyof Paths, Method extends HttpMethod> = NonNullable<ResultOf<Paths, Path, Method>['error']>;
/** The `init` a call takes (params, body, headers and the client's per-call options). */
export type InitOf<Paths, Path extends keyof Paths, Method extends HttpMethod> = RequestInitFor<Paths[Path], Method & keyof Paths[Path]> & CallOptions;

type QueryKeyOf<Path, Init> = readonly ['GET', Path, Init | undefined];

/**
 * TanStack's retry, always declining. A function rather than `false`: its `error`
 * parameter is what lets `useQuery`, `useMutation` and the observers infer the error
 * type as the ApiError (with `false`, they fall back to `Error`).
 */
export type NoRetry<Error> = (failureCount: number, error: Error) => false;

export interface ApiQueryOptions<Data, Error, Key extends readonly unknown[]> {
  queryKey: DataTag<Key, Data, Error>;
  queryFn: (context: { signal: AbortSignal }) => Promise<Data>;
  retry: NoRetry<Error>;
}

export interface ApiMutationOptions<Data, Error, Variables> {
  mutationKey: readonly [Uppercase<HttpMethod>, string];
  mutationFn: (variables: Variables) => Promise<Data>;
  retry: NoRetry<Error>;
}

const noRetry = (): false => false;

export interface QueryFactories<Paths extends {}> {
  /** `queryOptions` for a GET: the key is the path and its init; the data the documented success body. */
  query<Path extends PathsWithMethod<Paths, 'get'>>(path: Path, ...init: InitArgs<RequestInitFor<Paths[Path], 'get' & keyof Paths[Path]>, CallOptions>): ApiQueryOptions<DataOf<Paths, Path, 'get'>, ErrorOf<Paths, Path, 'get'>, QueryKeyOf<Path, InitOf<Paths, Path, 'get'>>>;
  /** `mutationOptions` for any method: the mutation's variables are the call's init (body, params). */
  mutation<Method extends HttpMethod, Path extends PathsWithMethod<Paths, Method>>(method: Method, path: Path): ApiMutationOptions<DataOf<Paths, Path, Method>, ErrorOf<Paths, Path, Method>, InitOf<Paths, Path, Method>>;
}

/**
 * TanStack Query options over the typed client, for any `paths`: `useQuery(api.query('/me'))`
 * has the documented success body as `data` and the client's ApiError as `error`.
 * The queryFn resolves with the data or throws the ApiError (`unwrap`), and passes
 * TanStack's AbortSignal on, so a cancelled query cancels its request. TanStack's own
 * retry is off (a `retry` that always declines): the client already retries by its policy (statuses,
 * Retry-After, idempotent methods only), and a second policy on top would multiply the
 * attempts and ignore Retry-After. Retrying more is a client setting (`retry.statuses`).
 */
export function createQueryFactories<Paths extends {} = AuthApiPaths>(client: ApiClient<Paths>): QueryFactories<Paths> {
  const call = client as unknown as Record<string, (path: string, init?: Record<string, unknown>) => Promise<{ data: unknown; error: unknown }>>;
  return {
    query(path, ...rest) {
      const init = rest[0] as Record<string, unknown> | undefined;
      return {
        queryKey: ['GET', path, init] as never,
        queryFn: async ({ signal }) => unwrap((await call.GET!(path as string, { ...init, signal })) as never),
        retry: noRetry,
      };
    },
    mutation(method, path) {
      const verb = method.toUpperCase() as Uppercase<HttpMethod>;
      return {
        mutationKey: [verb, path as string],
        mutationFn: async (variables) => unwrap((await call[verb]!(path as string, variables as Record<string, unknown>)) as never),
        retry: noRetry,
      };
    },
  };
}
