// Plain Node, no bundler, no tsx: the package resolves by its own name and works.
import { createApiClient, ApiError } from '@authkit/contract';

const api = createApiClient({ baseUrl: process.argv[2] });
const result = await api.GET('/api/v1/auth/me');
console.log(JSON.stringify({ status: result.status, isApiError: result.error instanceof ApiError, type: result.error?.type }));
