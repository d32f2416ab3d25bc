/**
 * Makes identical schemas of a parsed spec one object. Prism compiles a validator per
 * schema object (a WeakMap keyed by the object) and normalizes each once: the same error
 * envelope documented on twelve statuses of a thousand operations is, as parsed, twelve
 * thousand objects, and twelve thousand compilations, most of a contract run's mock
 * time. Shared, it is compiled once.
 *
 * Only whole schemas are shared (a value under a `schema` key), never the parts inside
 * one: Prism's example sampler takes a schema object it meets again below itself for a
 * recursion and stops there, so two equal sub-schemas made one would lose a property.
 * Nodes are compared by content, bottom-up, each given a small id, so the work is linear
 * in the size of the spec. `x-stoplight` (a per-node id Prism's parser adds) is left out
 * of the comparison. A node inside a cycle (a recursive schema) is never shared.
 */
export function shareIdenticalNodes<T>(root: T): T {
  const idOf = new WeakMap<object, number>();
  const canonical = new Map<string, { id: number; node: object }>();
  const inProgress = new Set<object>();
  let nextUnique = 0;

  const visit = (node: unknown): { value: unknown; key: string } => {
    if (node === null || typeof node !== 'object') return { value: node, key: `p${JSON.stringify(node) ?? 'u'}` };
    const known = idOf.get(node);
    if (known !== undefined) return { value: node, key: `n${known}` };
    if (inProgress.has(node)) return { value: node, key: `c${nextUnique++}` };
    inProgress.add(node);
    let key: string;
    if (Array.isArray(node)) {
      const parts: string[] = [];
      for (let index = 0; index < node.length; index += 1) {
        const child = visit(node[index]);
        parts.push(child.key);
      }
      key = `[${parts.join(',')}]`;
    } else {
      const record = node as Record<string, unknown>;
      const parts: string[] = [];
      for (const name of Object.keys(record).sort()) {
        const child = visit(record[name]);
        if (name === 'schema') record[name] = child.value;
        if (name !== 'x-stoplight') parts.push(`${JSON.stringify(name)}:${child.key}`);
      }
      key = `{${parts.join(',')}}`;
    }
    inProgress.delete(node);
    const found = canonical.get(key);
    if (found) return { value: found.node, key: `n${found.id}` };
    const id = canonical.size;
    canonical.set(key, { id, node });
    idOf.set(node, id);
    return { value: node, key: `n${id}` };
  };
  return visit(root).value as T;
}

// A parameter as this function reads it: any object; Prism's own types say which lists hold them.
type ParameterList = Array<{ id?: unknown; examples?: unknown }>;
interface OperationLike {
  request?: { headers?: ParameterList; query?: ParameterList; path?: ParameterList; cookie?: ParameterList };
  responses?: Array<{ headers?: ParameterList }>;
}

/**
 * Makes identical lists of parameters one array: an operation's header, query, path and
 * cookie parameters, and each response's headers. Prism validates such a list with a
 * JSON schema it builds per array (a WeakMap keyed by the list) and ajv compiles per
 * built schema, so the same `Retry-After` on a thousand 429s was a thousand compilations.
 * The copies differ only in the `id` Prism's parser gives each parameter and each of its
 * examples, which nothing that validates or answers reads; everything else, the schema
 * (shared by shareIdenticalNodes first) and the examples' values included, must be equal.
 * A list JSON cannot write (a cycle) stays as it is.
 */
export function shareIdenticalParameterLists<T extends OperationLike>(operations: T[]): T[] {
  const canonical = new Map<string, ParameterList>();
  const shared = <L extends ParameterList | undefined>(list: L): L => {
    if (!list || list.length === 0) return list;
    let key: string;
    try {
      key = JSON.stringify(list.map(({ id: _id, examples, ...rest }) => [rest, Array.isArray(examples) ? examples.map((example) => (example && typeof example === 'object' ? { ...(example as object), id: undefined } : example)) : examples]));
    } catch {
      return list;
    }
    const found = canonical.get(key);
    if (found) return found as L;
    canonical.set(key, list);
    return list;
  };
  for (const operation of operations) {
    const request = operation.request;
    if (request) {
      for (const name of ['headers', 'query', 'path', 'cookie'] as const) {
        if (request[name] !== undefined) request[name] = shared(request[name]);
      }
    }
    for (const response of operation.responses ?? []) {
      if (response.headers !== undefined) response.headers = shared(response.headers);
    }
  }
  return operations;
}
