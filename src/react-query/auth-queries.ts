import type { paths } from '../../generated/api-types.js';
import type { ApiClient } from '../client/create-api-client.js';
import { createQueryFactories } from './query-options.js';

/**
 * The Auth API's queries and mutations, named: `useQuery(authQueries.me())`,
 * `useMutation(authMutations.login())`. Built on createQueryFactories, as any API's are.
 */
export function createAuthQueries(client: ApiClient<paths>) {
  const api = createQueryFactories(client);
  return {
    authQueries: {
      me: () => api.query('/api/v1/auth/me'),
      sessions: () => api.query('/api/v1/auth/sessions'),
    },
    authMutations: {
      register: () => api.mutation('post', '/api/v1/auth/register'),
      login: () => api.mutation('post', '/api/v1/auth/login'),
      logout: () => api.mutation('post', '/api/v1/auth/logout'),
      refresh: () => api.mutation('post', '/api/v1/auth/refresh'),
      revokeSession: () => api.mutation('delete', '/api/v1/auth/sessions/{sessionId}'),
    },
  };
}
