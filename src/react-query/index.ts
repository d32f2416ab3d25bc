// `@authkit/contract/react-query`: TanStack Query options over the typed client. Type
// imports only from @tanstack/react-query (a peer dependency): no React at run time.
export { createQueryFactories } from './query-options.js';
export type { ApiMutationOptions, ApiQueryOptions, DataOf, ErrorOf, InitOf, NoRetry, QueryFactories } from './query-options.js';
export { createAuthQueries } from './auth-queries.js';
