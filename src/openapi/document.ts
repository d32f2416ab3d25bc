/** A bundled OpenAPI document: one JSON object whose $refs all point inside it. */
export type OpenApiDocument = Record<string, any>;

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethodName = (typeof HTTP_METHODS)[number];

function unescapePointer(segment: string): string {
  return decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The node an internal JSON pointer (`#/components/schemas/X`) names, or undefined; no `$ref` on the way is followed. */
export function valueAtPointer(document: unknown, pointer: string): unknown {
  if (!pointer.startsWith('#/')) return undefined;
  try {
    return pointer
      .slice(2)
      .split('/')
      .reduce<unknown>((current, segment) => (current && typeof current === 'object' && Object.hasOwn(current, unescapePointer(segment)) ? (current as Record<string, unknown>)[unescapePointer(segment)] : undefined), document);
  } catch {
    return undefined; // a `%` escape that does not decode
  }
}

/** Follows internal $refs (`#/components/...`) until it reaches a node that is not one. */
export function deref<T = any>(document: OpenApiDocument, node: unknown, seen: Set<string> = new Set()): T {
  if (!node || typeof node !== 'object' || typeof (node as { $ref?: unknown }).$ref !== 'string') return node as T;
  const ref = (node as { $ref: string }).$ref;
  if (!ref.startsWith('#/')) throw new Error(`Only internal $refs are supported in a bundled spec: ${ref}`);
  if (seen.has(ref)) throw new Error(`Circular $ref: ${ref}`);
  seen.add(ref);
  const target = ref
    .slice(2)
    .split('/')
    .reduce<any>((current, segment) => current?.[unescapePointer(segment)], document);
  if (target === undefined) throw new Error(`Dangling $ref: ${ref}`);
  return deref(document, target, seen);
}

export function openApiMinor(document: OpenApiDocument): '3.0' | '3.1' {
  return String(document.openapi).startsWith('3.1') ? '3.1' : '3.0';
}
