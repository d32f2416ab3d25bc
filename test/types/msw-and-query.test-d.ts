import { MutationObserver, QueryClient, QueryObserver } from '@tanstack/query-core';
import { describe, expectTypeOf, it } from 'vitest';
import type { components } from '../../generated/api-types.js';
import { createApiClient, type ApiError } from '../../src/client/index.js';
import { createMockHandlers } from '../../src/msw/index.js';
import { createAuthQueries, createQueryFactories, type ErrorOf } from '../../src/react-query/index.js';
import type { paths } from '../../generated/api-types.js';

type User = components['schemas']['User'];
type LoginResponse = components['schemas']['LoginResponse'];

describe('respondWith: statuses checked against what the operation documents', () => {
  const mocks = createMockHandlers({});
  it('takes an operation id and one of its documented statuses', () => {
    mocks.respondWith('loginUser', 429);
    mocks.respondWith('revokeSession', 204, { once: true });
    // @ts-expect-error 418 is not documented for loginUser
    mocks.respondWith('loginUser', 418);
    // @ts-expect-error revokeSession documents 204, not 200
    mocks.respondWith('revokeSession', 200);
    // @ts-expect-error no such operation
    mocks.respondWith('deleteEverything', 200);
  });
});

describe('TanStack Query options: data is the documented success, error the ApiError', () => {
  const client = createApiClient({ baseUrl: 'http://api.test' });
  const { authQueries, authMutations } = createAuthQueries(client);
  const queryClient = new QueryClient();

  it('a query resolves with the success body, through fetchQuery and the tagged key', () => {
    expectTypeOf(queryClient.fetchQuery(authQueries.me())).resolves.toEqualTypeOf<User>();
    expectTypeOf(queryClient.getQueryData(authQueries.me().queryKey)).toEqualTypeOf<User | undefined>();
  });

  it('the error is narrowable by documented status', () => {
    type MeError = ErrorOf<paths, '/api/v1/auth/me', 'get'>;
    expectTypeOf<Extract<MeError, { status: 401 }>>().toEqualTypeOf<ApiError<401, components['schemas']['ErrorEnvelope']>>();
    expectTypeOf<MeError>().toExtend<ApiError>();
    const error = queryClient.getQueryState(authQueries.me().queryKey)?.error;
    expectTypeOf(error).toEqualTypeOf<MeError | null | undefined>();
    // What useQuery and the observers infer it from: the options' retry.
    const observer = new QueryObserver(queryClient, authQueries.me());
    expectTypeOf(observer.getCurrentResult().error).toEqualTypeOf<MeError | null>();
    expectTypeOf(observer.getCurrentResult().data).toEqualTypeOf<User | undefined>();
    const mutation = new MutationObserver(queryClient, authMutations.login());
    expectTypeOf(mutation.getCurrentResult().error).toEqualTypeOf<ErrorOf<paths, '/api/v1/auth/login', 'post'> | null>();
  });

  it('a mutation takes the call\'s init and resolves with the documented body', () => {
    const login = authMutations.login();
    // openapi-fetch's init types the body as `LoginRequest & {}`: the same values, both ways.
    expectTypeOf<Parameters<typeof login.mutationFn>[0]['body']>().toExtend<components['schemas']['LoginRequest']>();
    expectTypeOf<components['schemas']['LoginRequest']>().toExtend<Parameters<typeof login.mutationFn>[0]['body']>();
    expectTypeOf<Awaited<ReturnType<typeof login.mutationFn>>>().toEqualTypeOf<LoginResponse>();
    // @ts-expect-error the body must be a LoginRequest
    void login.mutationFn({ body: { email: 'ada@example.com' } });
  });

  it('queries exist only for GET operations of the paths given', () => {
    const api = createQueryFactories(client);
    api.query('/api/v1/auth/sessions');
    // @ts-expect-error login has no GET
    api.query('/api/v1/auth/login');
    // @ts-expect-error the path parameter is required
    api.mutation('delete', '/api/v1/auth/sessions/{sessionId}').mutationFn({});
  });
});
