import Router from 'find-my-way';
import { HTTP_METHODS, type OpenApiDocument } from '../openapi/document.js';
import { listOperations, type OperationSpec } from '../openapi/operations.js';

/** Something served at a method and an OpenAPI path template (`/users/{id}`). */
export interface Route<T> {
  method: string;
  path: string;
  value: T;
}

/**
 * Finds what a request is for in constant time, whatever the size of the spec:
 * find-my-way's radix tree, with OpenAPI's `{name}` templates as `:name`. Prism's own
 * router scores every operation on every request instead.
 */
export interface PathRouter<T> {
  find(method: string, url: string): T | undefined;
}

export function createPathRouter<T>(routes: Iterable<Route<T>>): PathRouter<T> {
  const router = Router({ ignoreTrailingSlash: false, caseSensitive: true });
  for (const route of routes) {
    if (!(HTTP_METHODS as readonly string[]).includes(route.method.toLowerCase())) continue;
    // `{id}` → `:id`; a literal colon in a path would read as a parameter, so it is escaped.
    // Paths are served as the spec writes them, with no server prefix, as Prism does.
    const path = route.path.replace(/:/g, '::').replace(/\{([^}]+)\}/g, (_match, name: string) => `:${name.replace(/\W/g, '_')}`);
    try {
      router.on(route.method.toUpperCase() as Router.HTTPMethod, path, () => {}, { value: route.value });
    } catch {
      // Two templates find-my-way cannot tell apart (`/a/{x}` and `/a/{y}`): the first wins, as in Prism.
    }
  }
  return {
    find(method, url) {
      const found = router.find(method.toUpperCase() as Router.HTTPMethod, url.split('?')[0] ?? url);
      return (found?.store as { value?: T } | undefined)?.value;
    },
  };
}

export type OperationRouter = PathRouter<OperationSpec>;

export function createOperationRouter(document: OpenApiDocument): OperationRouter {
  return createPathRouter(listOperations(document).map((operation) => ({ method: operation.method, path: operation.path, value: operation })));
}
