// One Schema Object → the source of a zod 4 schema, as text. It mirrors openapi-typescript's
// transform/schema-object.ts step for step (const, enum, the type's core, allOf as an
// intersection, anyOf and oneOf as unions, nullable last), so that `z.infer` of what it
// writes is the type openapi-typescript writes for the same schema: the two files agree
// by construction, and test/types proves it for every component of two specs.
//
// Why not json-schema-to-zod (evaluated, then removed as a dependency): it knows JSON Schema,
// not what openapi-typescript makes of it, and nearly every case that decides the type
// would need an override: a `$ref` becomes `z.any()`, `oneOf` a `z.any().superRefine()`,
// a bare `type: object` `z.record(z.string(), z.any())` (openapi-typescript:
// `Record<string, never>`), formats come out zod-3 style (`z.string().email()`), and
// readOnly/writeOnly, defaults that make a property required, discriminators and
// recursion are not its concern. What was left for it (a string's or a number's checks)
// is a few lines, in zod-primitives.ts.
import { valueAtPointer, type OpenApiDocument } from '../openapi/document.js';
import { defaultFits } from './zod-default.js';
import { checks, enumOf, literal, numberOf, stringOf } from './zod-primitives.js';

/** Which form of a schema: as the spec writes it, as sent (no readOnly property), or as received (no writeOnly property). */
export type Variant = 'full' | 'request' | 'response';

export interface SchemaContext {
  document: OpenApiDocument;
  variant: Variant;
  /**
   * The export a `$ref` names (a component schema, in the variant it has for `variant`),
   * and whether that export is defined yet: one that is not (a cycle) is read lazily.
   * Undefined for a `$ref` to anything else, which is written out in place.
   */
  reference(ref: string, variant: Variant): { name: string; ready: boolean } | undefined;
}

/** Source text; `lazy` when it reads an export that is not defined yet, so it must be read later (a getter, or `z.lazy`). */
export interface Code {
  text: string;
  lazy: boolean;
}

type Schema = Record<string, any>;

const UNKNOWN: Code = { text: 'z.unknown()', lazy: false };
const code = (text: string, ...parts: Array<Code | undefined>): Code => ({ text, lazy: parts.some((part) => part?.lazy) });

/** The zod schema for `schema`, written to sit at `depth` levels of indentation. */
export function zodSchema(schema: unknown, context: SchemaContext, depth = 0): Code {
  return new SchemaWriter(context).write(schema, depth);
}

class SchemaWriter {
  /** Local $refs being written out in place, to stop at a cycle through them. */
  private readonly inlining = new Set<string>();

  constructor(private readonly context: SchemaContext) {}

  write(schema: unknown, depth: number): Code {
    if (schema === true || schema === undefined) return UNKNOWN;
    if (schema === false) return code('z.never()');
    if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return UNKNOWN;
    const s = schema as Schema;
    if (typeof s.$ref === 'string') return this.reference(s.$ref, depth);
    if (s.const !== undefined && s.const !== null) return code(literal(s.const));
    if (Array.isArray(s.enum) && s.type !== 'object' && !('properties' in s) && !('additionalProperties' in s)) {
      return code(enumOf(s.enum, (Array.isArray(s.type) && s.type.includes('null')) || s.nullable === true));
    }

    // openapi-typescript: the core type, intersected with every allOf member (the parent's
    // `required` carried into each inline member), then unions.
    const core = this.core(s, depth);
    const allOf = ((s.allOf ?? []) as unknown[]).map((item) =>
      item && typeof item === 'object' && !('$ref' in item) ? this.write({ ...item, required: [...(s.required ?? []), ...((item as Schema).required ?? [])] }, depth) : this.parent(item, s.required, depth),
    );
    let result = intersection([...(core ? [core] : []), ...allOf]);
    const anyOf = ((s.anyOf ?? []) as unknown[]).map((item) => this.write(item, depth));
    // openapi-typescript types `core | anyOf…`; a value must match the core and one of
    // anyOf, so it is checked (and typed) as `core & (anyOf…)`. Only a schema with both differs.
    if (anyOf.length) result = result ? intersection([result, union(anyOf)]) : union(anyOf);
    const oneOf = this.oneOf(s, depth);
    if (oneOf) result = result ? intersection([result, oneOf]) : oneOf;
    if (!result) result = 'type' in s ? code(s.additionalProperties === false ? 'z.strictObject({})' : 'z.object({})') : UNKNOWN;
    if (result !== UNKNOWN && s.nullable === true) result = code(`${result.text}.nullable()`, result);
    return result;
  }

  /**
   * An allOf member that is a `$ref`, with the properties the parent requires of it
   * required. One to a discriminator's parent (the inheritance
   * pattern: Cat is allOf Pet and its own properties) is the parent without the
   * discriminator property, as openapi-typescript's `Omit<Pet, "kind">`: the member's own
   * value for it comes from the mapping. Only an object schema can drop a key, so a parent
   * made of allOf or oneOf is kept whole.
   */
  private parent(item: unknown, required: unknown, depth: number): Code {
    const written = this.write(item, depth);
    const ref = (item as Schema | undefined)?.$ref;
    const target = typeof ref === 'string' ? (valueAtPointer(this.context.document, ref) as Schema | undefined) : undefined;
    // The parent's `required` names properties of the member: they are required here
    // (openapi-typescript's `WithRequired<Member, keys>`), checked by a second object of just them.
    const listed = Array.isArray(required) && target?.properties && typeof target.properties === 'object' ? (required as unknown[]).filter((key): key is string => typeof key === 'string' && Object.hasOwn(target.properties, key)) : [];
    if (listed.length) {
      const also = this.write({ type: 'object', properties: Object.fromEntries(listed.map((key) => [key, target!.properties[key]])), required: listed }, depth);
      return code(`z.intersection(${written.text}, ${also.text})`, written, also);
    }
    const property = target?.discriminator?.propertyName;
    if (typeof property !== 'string' || written.lazy || !isPlainObject(target!)) return written;
    return code(`${written.text}.omit({ ${propertyKey(property)}: true })`, written);
  }

  private reference(ref: string, depth: number): Code {
    const named = this.context.reference(ref, this.context.variant);
    if (named) return { text: named.ready ? named.name : `z.lazy(() => ${named.name})`, lazy: !named.ready };
    // A $ref into the middle of something (`#/components/schemas/X/properties/y`): written out in place.
    if (this.inlining.has(ref)) return UNKNOWN; // a cycle with no name to break it on
    this.inlining.add(ref);
    try {
      return this.write(valueAtPointer(this.context.document, ref), depth);
    } finally {
      this.inlining.delete(ref);
    }
  }

  /**
   * oneOf: exactly one member may match (zod's `z.xor`), typed as the union of the
   * members. With a discriminator whose members are all named object schemas it is
   * `z.discriminatedUnion`: the property picks the member, so the error names the member's fields.
   */
  private oneOf(s: Schema, depth: number): Code | undefined {
    const items = (s.oneOf ?? []) as unknown[];
    if (!items.length) return undefined;
    const members = items.map((item) => this.write(item, depth));
    if (members.length === 1) return members[0];
    const property = s.discriminator?.propertyName;
    if (typeof property === 'string' && items.every((item) => this.isTaggedObject(item, property))) {
      return code(`z.discriminatedUnion(${JSON.stringify(property)}, [${members.map((member) => member.text).join(', ')}])`, ...members);
    }
    return code(`z.xor([${members.map((member) => member.text).join(', ')}])`, ...members);
  }

  /** A $ref to a component that is an object schema whose `property` is required and has fixed values (openapi-typescript puts them there). */
  private isTaggedObject(item: unknown, property: string): boolean {
    const ref = (item as Schema | undefined)?.$ref;
    if (typeof ref !== 'string' || !this.context.reference(ref, this.context.variant)?.ready) return false;
    const target = valueAtPointer(this.context.document, ref) as Schema | undefined;
    const tag = target?.properties?.[property] as Schema | undefined;
    return !!target && isPlainObject(target) && Array.isArray(target.required) && target.required.includes(property) && (Array.isArray(tag?.enum) || tag?.const !== undefined);
  }

  /** The type's own part (openapi-typescript's transformSchemaObjectCore); undefined when the schema has none. */
  private core(s: Schema, depth: number): Code | undefined {
    switch (s.type) {
      case 'null':
        return code('z.null()');
      case 'string':
        return code(stringOf(s));
      case 'number':
      case 'integer':
        return code(numberOf(s));
      case 'boolean':
        return code('z.boolean()');
      case 'array':
        return this.arrayOf(s, depth);
    }
    if (Array.isArray(s.type)) {
      const oneOf = Array.isArray(s.oneOf) ? (s.oneOf as Schema[]) : undefined;
      const types = (s.type as unknown[]).filter((type) => !(oneOf && type !== 'null' && oneOf.some((member) => member?.type === type)));
      const members = types.map((type) => (type === 'null' || type === null ? code('z.null()') : this.write({ ...s, type, ...(oneOf ? { oneOf: undefined } : {}) }, depth)));
      const nonNull = members.filter((member) => member.text !== 'z.null()');
      if (nonNull.length === 1 && members.length === 2) return code(`${nonNull[0]!.text}.nullable()`, nonNull[0]);
      return union(members);
    }
    return this.objectOf(s, depth);
  }

  private arrayOf(s: Schema, depth: number): Code {
    const prefix = (s.prefixItems ?? (Array.isArray(s.items) ? s.items : undefined)) as unknown[] | undefined;
    if (prefix) {
      const items = prefix.map((item) => this.write(item, depth));
      return code(`z.tuple([${items.map((item) => item.text).join(', ')}])`, ...items);
    }
    const items = s.items ? this.write(s.items, depth) : UNKNOWN;
    return code(`z.array(${items.text})${checks(s, { minItems: 'min', maxItems: 'max' })}`, items);
  }

  /**
   * Properties as openapi-typescript types them: optional unless required or given a
   * default (a default makes the property present once parsed, and openapi-typescript
   * types it so). `additionalProperties: false` is a strict object; a schema, a catch-all
   * (or a record, with no properties); `true` or `{}` keeps any other key; absent,
   * other keys are dropped (openapi-typescript gives the type no index signature).
   */
  private objectOf(s: Schema, depth: number): Code | undefined {
    const properties = Object.entries((s.properties ?? {}) as Record<string, unknown>).filter(([, value]) => this.keeps(value));
    const extra = s.additionalProperties;
    const explicitExtra = extra && typeof extra === 'object' && Object.keys(extra).length > 0;
    const anyExtra = extra === true || (extra && typeof extra === 'object' && Object.keys(extra).length === 0);
    const patterns = Object.values((s.patternProperties ?? {}) as Record<string, unknown>);
    if (!Object.keys(s.properties ?? {}).length && !extra && !patterns.length) return undefined;

    const extras = [...(explicitExtra ? [this.write(extra, depth)] : []), ...(anyExtra ? [UNKNOWN] : []), ...patterns.map((pattern) => this.write(pattern, depth))];
    const catchall = extras.length ? union(extras) : undefined;
    if (!properties.length && catchall && Object.keys(s.properties ?? {}).length === 0) return code(`z.record(z.string(), ${catchall.text})`, catchall);

    const pad = '  '.repeat(depth + 1);
    const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
    const lines = properties.map(([key, value]) => {
      let property = this.write(value, depth + 1);
      const given = value as Schema | undefined;
      if (!required.has(key)) {
        property = given && typeof given === 'object' && given.default !== undefined && defaultFits(given.default, given, this.context.document) ? code(`${property.text}.default(${JSON.stringify(given.default)})`, property) : code(`${property.text}.optional()`, property);
      }
      // A property that reads an export defined further down is a getter: zod reads it when it first parses.
      if (property.lazy) return `${pad}get ${propertyKey(key)}() {\n${pad}  return ${property.text.replaceAll(/z\.lazy\(\(\) => (\w+)\)/g, '$1')};\n${pad}},`;
      return `${pad}${propertyKey(key)}: ${property.text},`;
    });
    const shape = lines.length ? `{\n${lines.join('\n')}\n${'  '.repeat(depth)}}` : '{}';
    if (extra === false) return code(`z.strictObject(${shape})`);
    // Any other key: openapi-typescript types it `{ …properties } & { [key: string]: unknown }`, which is
    // what this intersection infers (z.looseObject would merge the two into one object type).
    if (anyExtra && !explicitExtra && !patterns.length) return code(`z.intersection(z.object(${shape}), z.record(z.string(), z.unknown()))`);
    // A schema for the other keys: a catch-all, which checks only the keys not listed, as
    // JSON Schema means it. openapi-typescript's `{ …properties } & { [key: string]: T }`
    // would hold every listed property to T as well, so this one type is not its type.
    if (catchall) return code(`z.object(${shape}).catchall(${catchall.text})`, catchall);
    return code(`z.object(${shape})`);
  }

  /** Whether a property belongs to this variant: a request has no readOnly property, a response no writeOnly one. */
  private keeps(property: unknown): boolean {
    if (!property || typeof property !== 'object') return true;
    if (this.context.variant === 'request') return (property as Schema).readOnly !== true;
    if (this.context.variant === 'response') return (property as Schema).writeOnly !== true;
    return true;
  }
}

/** A schema written as one `z.object` (or strict, or loose): no composition, no nullable, no extra keys typed. */
function isPlainObject(s: Schema): boolean {
  return !!s.properties && !s.allOf && !s.anyOf && !s.oneOf && !s.nullable && !Array.isArray(s.type) && (s.additionalProperties === undefined || typeof s.additionalProperties === 'boolean') && !s.patternProperties;
}

function propertyKey(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
}

function union(members: Code[]): Code {
  if (members.length === 1) return members[0]!;
  return code(`z.union([${members.map((member) => member.text).join(', ')}])`, ...members);
}

function intersection(members: Code[]): Code | undefined {
  return members.reduce<Code | undefined>((left, right) => (left ? code(`z.intersection(${left.text}, ${right.text})`, left, right) : right), undefined);
}
