// The package root: what a frontend app imports.
export * from './client/index.js';
export type { components, operations, paths } from '../generated/api-types.js';
export type * from './auth-api.js';
