import type { OpenApiDocument } from '../openapi/document.js';
import { createSchemaValidator, type SchemaValidator } from '../schema/schema-validator.js';

/** Keys whose values are data, not schemas: nothing under them is shared (as the validator's own format walk skips them). */
const DATA_KEYS = new Set(['example', 'examples', 'default', 'const', 'enum']);
/** A schema that names itself (an `$id`, an anchor) is its own: compiled apart, as before, whatever its twins. */
const SELF_NAMING = /"\$(id|anchor|dynamicAnchor)"\s*:/;

/**
 * The spec's validator, compiling each distinct schema once. The validator compiles per
 * schema object; a bundle holds the same schema as many objects (every response's
 * `{ $ref: '#/components/schemas/Error' }` is an object of its own, and ajv inlines the
 * target into each), so on 1,001 operations the matrix compiled thousands of identical
 * schemas: 4 s of the contract process's CPU. Here a schema of the document is replaced
 * by the first schema with the same JSON before it reaches the validator, so each is
 * compiled once. The verdict cannot change: ajv's errors, the sentences made of them and
 * the `$ref`s they follow are functions of a schema's content alone. Objects from outside
 * the document (built by a caller) go through as they are, so the count of unknown
 * formats, kept per schema object, stays what it was.
 */
export function createSharedValidator(document: OpenApiDocument, validator: SchemaValidator = createSchemaValidator(document)): SchemaValidator {
  const inDocument = schemaObjectsOf(document);
  const firstByContent = new Map<string, object>();
  const canonical = new WeakMap<object, object>();
  const share = <T>(schema: T): T => {
    if (!schema || typeof schema !== 'object' || !inDocument.has(schema)) return schema;
    let shared = canonical.get(schema);
    if (!shared) {
      const content = JSON.stringify(schema);
      shared = SELF_NAMING.test(content) ? schema : (firstByContent.get(content) ?? schema);
      if (shared === schema && !SELF_NAMING.test(content)) firstByContent.set(content, schema);
      canonical.set(schema, shared);
    }
    return shared as T;
  };
  return {
    errors: (schema, value, options) => validator.errors(share(schema), value, options),
    judge: (schema, value, options) => validator.judge(share(schema), value, options),
    unknownFormats: () => validator.unknownFormats(),
  };
}

/** Every object of the document reachable through keys that hold schemas or maps of them (never through data or `x-` extensions). */
function schemaObjectsOf(document: OpenApiDocument): WeakSet<object> {
  const seen = new WeakSet<object>();
  const walk = (value: unknown) => {
    if (!value || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value)) {
      for (const item of value) walk(item);
      return;
    }
    for (const [key, child] of Object.entries(value)) if (!DATA_KEYS.has(key) && !key.startsWith('x-')) walk(child);
  };
  walk(document);
  return seen;
}
