import { deref, HTTP_METHODS, type HttpMethodName, type OpenApiDocument } from './document.js';

export interface ResponseSpec {
  /** The key in `responses`: '200', '4XX', 'default'. */
  key: string;
  description: string;
  /** media type → { schema, example } as the spec has them (schemas may hold $refs). */
  content: Record<string, { schema?: unknown; example?: unknown; examples?: Record<string, unknown> }>;
  headers: Record<string, { required?: boolean; schema?: unknown; example?: unknown }>;
}

export interface OperationSpec {
  method: HttpMethodName;
  path: string;
  operationId: string;
  summary: string | undefined;
  parameters: Array<{ name: string; in: 'path' | 'query' | 'header' | 'cookie'; required?: boolean; schema?: unknown; example?: unknown; examples?: Record<string, unknown> }>;
  requestBody: { required?: boolean; content: Record<string, { schema?: unknown; example?: unknown; examples?: Record<string, unknown> }> } | undefined;
  /** The security requirements in force: the operation's own, else the document's. */
  security: Array<Record<string, string[]>>;
  responses: ResponseSpec[];
}

/** Every operation of a bundled spec, in document order, with $refs on its own pieces resolved. */
export function listOperations(document: OpenApiDocument): OperationSpec[] {
  const operations: OperationSpec[] = [];
  for (const [path, rawItem] of Object.entries<any>(document.paths ?? {})) {
    const item = deref(document, rawItem);
    const shared = (item.parameters ?? []).map((parameter: unknown) => deref(document, parameter));
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const own = (operation.parameters ?? []).map((parameter: unknown) => deref(document, parameter));
      const parameters = [...shared.filter((p: any) => !own.some((o: any) => o.name === p.name && o.in === p.in)), ...own];
      operations.push({
        method,
        path,
        operationId: operation.operationId ?? `${method} ${path}`,
        summary: operation.summary,
        parameters,
        requestBody: operation.requestBody ? deref(document, operation.requestBody) : undefined,
        security: operation.security ?? document.security ?? [],
        responses: Object.entries<any>(operation.responses ?? {}).map(([key, raw]) => {
          const response = deref(document, raw);
          const headers = Object.fromEntries(Object.entries<any>(response.headers ?? {}).map(([name, header]) => [name, deref(document, header)]));
          return { key, description: response.description ?? '', content: response.content ?? {}, headers };
        }),
      });
    }
  }
  return operations;
}

/** Statuses an operation documents as exact codes: the ones a mock can be asked for. */
export function documentedStatuses(operation: OperationSpec): number[] {
  return operation.responses.filter((response) => /^\d{3}$/.test(response.key)).map((response) => Number(response.key));
}
