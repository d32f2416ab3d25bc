import Router from 'find-my-way';
import { HTTP_METHODS, type OpenApiDocument } from '../openapi/document.js';
import { listOperations, type OperationSpec } from '../openapi/operations.js';

/**
 * Finds the one operation a request is for, in constant time whatever the size of the
 * spec: find-my-way's radix tree, with OpenAPI's `{name}` templates as `:name`.
 */
export interface OperationRouter {
  find(method: string, url: string): OperationSpec | undefined;
}

export function createOperationRouter(document: OpenApiDocument): OperationRouter {
  const router = Router({ ignoreTrailingSlash: false, caseSensitive: true });
  for (const operation of listOperations(document)) {
    const method = operation.method.toUpperCase() as Router.HTTPMethod;
    if (!HTTP_METHODS.includes(operation.method)) continue;
    // `{id}` → `:id`; a literal colon in a path would read as a parameter, so it is escaped.
    // Prism serves paths as the spec writes them, with no server prefix; so does this router.
    const path = operation.path.replace(/:/g, '::').replace(/\{([^}]+)\}/g, (_match, name: string) => `:${name.replace(/\W/g, '_')}`);
    try {
      router.on(method, path, () => {}, { operation });
    } catch {
      // Two templates find-my-way cannot tell apart (`/a/{x}` and `/a/{y}`): the first wins, as in Prism.
    }
  }
  return {
    find(method, url) {
      const found = router.find(method.toUpperCase() as Router.HTTPMethod, url.split('?')[0] ?? url);
      return (found?.store as { operation?: OperationSpec } | undefined)?.operation;
    },
  };
}

