// Each operation's schemas in a schemas.ts module: its JSON request body (the request
// variant), its parameters as one object per location, and the JSON body of each
// documented response (the response variant), as named exports; and the `operations`
// map the client reads them from (src/client/schema-map.ts's SchemaModule).
import { deref, HTTP_METHODS, type OpenApiDocument } from '../openapi/document.js';
import { isJsonMediaType } from '../openapi/media-type.js';
import { pascalIdentifier, type ExportNames } from './zod-names.js';
import { zodSchema, type SchemaContext, type Variant } from './zod-schema-object.js';

const LOCATIONS = ['path', 'query', 'header', 'cookie'] as const;

export interface OperationExport {
  /** `post /api/v1/auth/login (loginUser)`, for the comment above the operation's exports. */
  title: string;
  /** `export const …` statements. */
  statements: string[];
  path: string;
  method: string;
  body?: string;
  parameters: Partial<Record<(typeof LOCATIONS)[number], string>>;
  /** Status key as the spec writes it → export. */
  responses: Array<[string, string]>;
}

type Node = Record<string, any>;

/** The schema of the JSON media type of a `content` map (application/json, or any `+json`), as the client picks it. */
function jsonSchemaOf(content: unknown): unknown {
  if (!content || typeof content !== 'object') return undefined;
  const type = Object.keys(content).find((mediaType) => isJsonMediaType(mediaType));
  return type === undefined ? undefined : ((content as Node)[type] as Node | undefined)?.schema;
}

/** `zLoginUser…` from the operationId, else from the method and path (`zPostApiV1AuthLogin…`). */
function baseName(method: string, path: string, operation: Node): string {
  return pascalIdentifier(typeof operation.operationId === 'string' && operation.operationId ? operation.operationId : `${method} ${path}`);
}

/** `200`, `4XX`, `Default`: the status as the spec keys it, made part of a name. */
function statusSuffix(status: string): string {
  return status === 'default' ? 'Default' : status.toUpperCase().replaceAll(/[^A-Z0-9]/g, '');
}

/** The operation's parameters and its path's, the operation's winning on the same name and location. */
function parametersOf(document: OpenApiDocument, pathItem: Node, operation: Node): Node[] {
  const byKey = new Map<string, Node>();
  for (const given of [...((pathItem.parameters ?? []) as unknown[]), ...((operation.parameters ?? []) as unknown[])]) {
    const parameter = deref<Node | undefined>(document, given);
    if (parameter && typeof parameter.name === 'string' && typeof parameter.in === 'string') byKey.set(`${parameter.in}:${parameter.name}`, parameter);
  }
  return [...byKey.values()];
}

export function operationExports(document: OpenApiDocument, names: ExportNames, contextFor: (variant: Variant) => SchemaContext): OperationExport[] {
  const exports: OperationExport[] = [];
  for (const [path, rawItem] of Object.entries((document.paths ?? {}) as Record<string, unknown>)) {
    const pathItem = deref<Node | undefined>(document, rawItem);
    if (!pathItem || typeof pathItem !== 'object') continue;
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method] as Node | undefined;
      if (!operation || typeof operation !== 'object') continue;
      const base = baseName(method, path, operation);
      const entry: OperationExport = { title: `${method} ${path}${operation.operationId ? ` (${operation.operationId})` : ''}`, statements: [], path, method, parameters: {}, responses: [] };
      const define = (suffix: string, text: string): string => {
        const name = names.claim(`z${base}${suffix}`);
        entry.statements.push(`export const ${name} = ${text};`);
        return name;
      };

      const requestBody = deref<Node | undefined>(document, operation.requestBody);
      const bodySchema = jsonSchemaOf(requestBody?.content);
      if (bodySchema !== undefined) {
        const body = zodSchema(bodySchema, contextFor('request')).text;
        entry.body = define('Body', requestBody?.required === true ? body : `${body}.optional()`);
      }

      const parameters = parametersOf(document, pathItem, operation);
      for (const location of LOCATIONS) {
        const here = parameters.filter((parameter) => parameter.in === location);
        if (!here.length) continue;
        const object = {
          type: 'object',
          properties: Object.fromEntries(here.map((parameter) => [parameter.name, parameter.schema ?? jsonSchemaOf(parameter.content) ?? {}])),
          required: here.filter((parameter) => parameter.required === true || location === 'path').map((parameter) => parameter.name),
        };
        entry.parameters[location] = define(`${location[0]!.toUpperCase()}${location.slice(1)}Parameters`, zodSchema(object, contextFor('request')).text);
      }

      for (const [status, rawResponse] of Object.entries((operation.responses ?? {}) as Record<string, unknown>)) {
        const schema = jsonSchemaOf(deref<Node | undefined>(document, rawResponse)?.content);
        if (schema === undefined) continue; // no JSON body: nothing to check
        entry.responses.push([status, define(`Response${statusSuffix(status)}`, zodSchema(schema, contextFor('response')).text)]);
      }
      exports.push(entry);
    }
  }
  return exports;
}

/** The `operations` map, path by path, method by method, as the spec orders them. */
export function operationsMap(operations: OperationExport[]): string {
  const paths = new Map<string, OperationExport[]>();
  for (const operation of operations) paths.set(operation.path, [...(paths.get(operation.path) ?? []), operation]);
  const lines = ['export const operations = {'];
  for (const [path, entries] of paths) {
    lines.push(`  ${JSON.stringify(path)}: {`);
    for (const entry of entries) {
      lines.push(`    ${entry.method}: {`);
      if (entry.body) lines.push(`      body: ${entry.body},`);
      const locations = Object.entries(entry.parameters);
      if (locations.length) lines.push(`      parameters: { ${locations.map(([location, name]) => `${location}: ${name}`).join(', ')} },`);
      if (!entry.responses.length) lines.push('      responses: {},');
      else {
        lines.push('      responses: {');
        for (const [status, name] of entry.responses) lines.push(`        ${/^[1-9][0-9]*$/.test(status) ? status : JSON.stringify(status)}: ${name},`);
        lines.push('      },');
      }
      lines.push('    },');
    }
    lines.push('  },');
  }
  lines.push('} as const;');
  return lines.join('\n');
}
