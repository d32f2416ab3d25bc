// Which component schemas need a request or a response variant: those with a readOnly
// (request) or writeOnly (response) property anywhere in them, and those that refer to
// one that does. The rest are the same schema either way and get no second export.
import type { OpenApiDocument } from '../openapi/document.js';

const COMPONENT_REF = /^#\/components\/schemas\/([^/]+)$/;

/** The component a `$ref` names (`#/components/schemas/X`), unescaped; undefined for any other $ref. */
export function componentOf(ref: string): string | undefined {
  const match = COMPONENT_REF.exec(ref);
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1]!).replaceAll('~1', '/').replaceAll('~0', '~');
  } catch {
    return undefined;
  }
}

/** Every `$ref` in a schema, in the order written, each once; `$ref`s are not followed. */
export function refsIn(schema: unknown, found: string[] = []): string[] {
  if (!schema || typeof schema !== 'object') return found;
  if (Array.isArray(schema)) {
    for (const item of schema) refsIn(item, found);
    return found;
  }
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$ref' && typeof value === 'string') {
      if (!found.includes(value)) found.push(value);
    } else if (key !== 'example' && key !== 'examples' && key !== 'default' && key !== 'const' && key !== 'enum') refsIn(value, found);
  }
  return found;
}

/** Whether a property anywhere in the schema (not through a $ref) carries `marker: true`. */
function hasMarkedProperty(schema: unknown, marker: 'readOnly' | 'writeOnly'): boolean {
  if (!schema || typeof schema !== 'object') return false;
  if (Array.isArray(schema)) return schema.some((item) => hasMarkedProperty(item, marker));
  const s = schema as Record<string, unknown>;
  const properties = s.properties && typeof s.properties === 'object' ? Object.values(s.properties) : [];
  if (properties.some((property) => (property as Record<string, unknown> | null)?.[marker] === true)) return true;
  return [...properties, s.items, s.prefixItems, s.additionalProperties, s.allOf, s.anyOf, s.oneOf, ...Object.values((s.patternProperties ?? {}) as object)].some((part) => hasMarkedProperty(part, marker));
}

export interface ComponentVariants {
  request: Set<string>;
  response: Set<string>;
}

/** The components that need each variant: their own marked properties, then whatever refers to them, to a fixpoint. */
export function componentVariants(document: OpenApiDocument): ComponentVariants {
  const schemas = (document.components?.schemas ?? {}) as Record<string, unknown>;
  const uses = new Map(Object.entries(schemas).map(([name, schema]) => [name, refsIn(schema).map(componentOf).filter((used): used is string => used !== undefined && used in schemas)]));
  const spread = (marker: 'readOnly' | 'writeOnly'): Set<string> => {
    const needs = new Set(Object.keys(schemas).filter((name) => hasMarkedProperty(schemas[name], marker)));
    for (let grew = true; grew; ) {
      grew = false;
      for (const [name, used] of uses) {
        if (!needs.has(name) && used.some((other) => needs.has(other))) {
          needs.add(name);
          grew = true;
        }
      }
    }
    return needs;
  };
  return { request: spread('readOnly'), response: spread('writeOnly') };
}
