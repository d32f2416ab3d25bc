// The shape of a generated `schemas.ts` module (`generate`, with `x-authkit: { zod: true }`),
// as the client reads it. Written structurally, not with zod's own types, so that nothing
// in the client imports zod: a client given no `schemas` carries none of it.

/** One issue of a failed parse, as zod 4 reports it. */
export interface SchemaIssue {
  readonly path: ReadonlyArray<PropertyKey>;
  readonly message: string;
}

/** What the client needs of a zod schema: `safeParse`. */
export interface SchemaLike {
  safeParse(value: unknown): { success: true; data?: unknown } | { success: false; error: { issues: ReadonlyArray<SchemaIssue> } };
}

/** One operation's schemas: the JSON request body, each parameter location, each documented JSON response body. */
export interface OperationSchemas {
  /** The JSON request body, as the request variant (no readOnly properties). */
  readonly body?: SchemaLike;
  /** One object schema per location the operation has parameters in. */
  readonly parameters?: {
    readonly path?: SchemaLike;
    readonly query?: SchemaLike;
    readonly header?: SchemaLike;
    readonly cookie?: SchemaLike;
  };
  /**
   * The JSON body of each documented response, as the response variant (no writeOnly
   * properties), keyed as the spec keys it: `200`, `'4XX'`, `'default'`. A response
   * without a JSON body has no entry.
   */
  readonly responses: { readonly [status: string]: SchemaLike | undefined };
}

/** The module: `operations[path][method]`, path as the spec writes it, method in lower case. */
export interface SchemaModule {
  readonly operations: {
    readonly [path: string]: { readonly [method: string]: OperationSchemas | undefined } | undefined;
  };
}

/** The schema a response of `status` is documented with: its own code, then its range (`4XX`), then `default`. */
export function responseSchemaFor(operation: OperationSchemas, status: number): SchemaLike | undefined {
  const { responses } = operation;
  return responses[status] ?? responses[`${Math.floor(status / 100)}XX`] ?? responses.default;
}
