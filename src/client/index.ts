export { createApiClient } from './create-api-client.js';
export type { ApiClient, ApiClientOptions, CallOptions, SessionRefreshOptions } from './create-api-client.js';
export { ApiError, isApiError } from './api-error.js';
export type { ApiErrorSource, ValidationIssue } from './api-error.js';
export { unwrap } from './result.js';
export type { ApiResult, BodyOf, DocumentedStatus, Failure, NoResponse, Success, SuccessData } from './result.js';
export type { RetryEvent, RetryOptions, RetrySetting } from './retry.js';
export type { CrossOriginRedirects, RedirectMode } from './redirects.js';
export type { HttpStatus, SuccessStatus } from './http-status.js';
