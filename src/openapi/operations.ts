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

/**
 * The response the spec gives for a status: its exact key, else its range (`4XX`), else
 * `default`, as OpenAPI resolves them.
 */
export function responseForStatus(operation: OperationSpec, status: number): ResponseSpec | undefined {
  const range = `${String(status)[0]}XX`;
  return (
    operation.responses.find((response) => response.key === String(status)) ??
    operation.responses.find((response) => response.key.toUpperCase() === range) ??
    operation.responses.find((response) => response.key === 'default')
  );
}

/** One documented response and the concrete status that exercises it: `4XX` as 400. */
export interface DocumentedPair {
  key: string;
  /** undefined when no status is left for it (a `default` beside every exact code). */
  status: number | undefined;
}

/**
 * Every documented response, each with a status a mock can be asked for: an exact code
 * as itself; a range (`4XX`) as the first status of it (`400`, `401`, …) the operation
 * does not document exactly; `default` as a status no other key covers (500 first).
 */
export function documentedPairs(operation: OperationSpec): DocumentedPair[] {
  const exact = new Set(documentedStatuses(operation));
  const covered = (status: number) => exact.has(status) || operation.responses.some((response) => response.key.toUpperCase() === `${String(status)[0]}XX`);
  return operation.responses.map((response) => {
    if (/^\d{3}$/.test(response.key)) return { key: response.key, status: Number(response.key) };
    const range = /^([1-5])XX$/i.exec(response.key);
    if (range) {
      const first = Number(range[1]) * 100;
      const status = Array.from({ length: 100 }, (_, offset) => first + offset).find((candidate) => !exact.has(candidate));
      return { key: response.key.toUpperCase(), status };
    }
    const status = [500, 400, 422, 404, 503, 502, 409, 403, 401].find((candidate) => !covered(candidate));
    return { key: response.key, status };
  });
}

/** Statuses an operation documents as exact codes: the ones a mock can be asked for. */
export function documentedStatuses(operation: OperationSpec): number[] {
  return operation.responses.filter((response) => /^\d{3}$/.test(response.key)).map((response) => Number(response.key));
}
