// What a team's component tests and data layer write with the two optional entries:
// MSW handlers from the spec, and TanStack Query options over the client. Type-checked
// against the packed tarball, with msw and @tanstack/react-query installed beside it.
import { useMutation, useQuery } from '@tanstack/react-query';
import { setupServer } from 'msw/node';
import { createApiClient, type ApiError, type User } from '@authkit/contract';
import { createMockHandlers } from '@authkit/contract/msw';
import { createAuthQueries } from '@authkit/contract/react-query';
import document from '@authkit/contract/openapi.json' with { type: 'json' };

const mocks = createMockHandlers(document, { baseUrl: 'http://localhost' });
export const server = setupServer(...mocks.handlers);
export const rateLimitedOnce = mocks.respondWith('loginUser', 429, { once: true });
// @ts-expect-error 418 is not a status loginUser documents
mocks.respondWith('loginUser', 418);

const { authQueries, authMutations } = createAuthQueries(createApiClient({ baseUrl: 'http://localhost' }));

export function useCurrentUser(): { user: User | undefined; signedOut: boolean } {
  const { data, error } = useQuery(authQueries.me());
  return { user: data, signedOut: error?.status === 401 };
}

export function useLogin(): (email: string, password: string) => void {
  const login = useMutation(authMutations.login());
  const failure: ApiError | null = login.error;
  void failure;
  return (email, password) => login.mutate({ body: { email, password } });
}
