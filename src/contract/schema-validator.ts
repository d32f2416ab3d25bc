import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { OpenApiDocument } from '../openapi/document.js';
import { openApiMinor } from '../openapi/document.js';

const DOCUMENT_ID = 'urn:contract:openapi';

export interface SchemaValidator {
  /** Validation errors of `value` against `schema`, as short sentences; empty when valid. */
  errors(schema: unknown, value: unknown): string[];
}

/**
 * Validates in the spec's own dialect: JSON Schema 2020-12 for OpenAPI 3.1, and the
 * draft-07 reading of OpenAPI 3.0's schema object (with `nullable` turned into a
 * `null` type) for 3.0. The whole document is registered once, so $refs between
 * components resolve as they do in the spec.
 */
export function createSchemaValidator(document: OpenApiDocument): SchemaValidator {
  const is31 = openApiMinor(document) === '3.1';
  const options = { strict: false, allErrors: true, validateSchema: false } as const;
  const ajv = is31 ? new Ajv2020(options) : new Ajv(options);
  (addFormats as unknown as (ajv: Ajv) => void)(ajv as Ajv);
  ajv.addSchema((is31 ? document : fromOpenApi30(document)) as object, DOCUMENT_ID);
  const cache = new WeakMap<object, ValidateFunction>();

  return {
    errors(schema, value) {
      if (!schema || typeof schema !== 'object') return [];
      let validate = cache.get(schema);
      if (!validate) {
        validate = ajv.compile(rebase(is31 ? schema : fromOpenApi30(schema)) as object);
        cache.set(schema, validate);
      }
      if (validate(value)) return [];
      return (validate.errors ?? []).map((error) => `${error.instancePath || '(body)'} ${error.message ?? 'is invalid'}`.trim());
    },
  };
}

/** Points the schema's internal $refs (`#/components/...`) at the registered document. */
function rebase(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rebase);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [key, key === '$ref' && typeof value === 'string' && value.startsWith('#') ? DOCUMENT_ID + value : rebase(value)]),
  );
}

/** OpenAPI 3.0's `nullable: true` is `type: [t, 'null']` in JSON Schema. */
function fromOpenApi30(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(fromOpenApi30);
  if (!node || typeof node !== 'object') return node;
  const converted: Record<string, unknown> = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, fromOpenApi30(value)]));
  if (converted.nullable === true) {
    delete converted.nullable;
    if (typeof converted.type === 'string') converted.type = [converted.type, 'null'];
    else if (converted.type === undefined && !('$ref' in converted)) return converted;
    else return { anyOf: [converted, { type: 'null' }] };
  }
  return converted;
}
