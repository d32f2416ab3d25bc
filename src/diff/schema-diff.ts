import type { OpenApiDocument } from '../openapi/document.js';
import type { Change, ChangeKind } from './change.js';

/** Which way values flow: a client sends request values and reads response values. */
export type Direction = 'request' | 'response';

type Schema = Record<string, any>;
type Report = (kind: ChangeKind, breaking: boolean, pointer: string, message: string) => void;

interface Sides {
  base: OpenApiDocument;
  head: OpenApiDocument;
}

/**
 * The changes between two versions of one schema, for a client on one side of it.
 * Requests: the new schema must accept everything the old one did (a new required
 * property, a narrower type, a new format, a removed enum value or a tighter bound
 * refuses an old client's request). Responses: the old client must still be able to
 * read everything the new schema allows (a removed or now optional property, a wider
 * type, a new enum value break it). $refs are followed in each document; a recursive
 * schema is compared once per pair of refs.
 */
export function diffSchemas(sides: Sides, base: unknown, head: unknown, direction: Direction, report: (change: Omit<Change, 'operation' | 'where'> & { pointer: string }) => void): void {
  const seen = new Set<string>();
  const emit: Report = (kind, breaking, pointer, message) => report({ kind, breaking, pointer, message });
  compare(sides, base, head, direction, '', emit, seen);
}

function resolve(document: OpenApiDocument, node: unknown): { schema: Schema | undefined; ref: string | undefined } {
  let current = node as Schema | undefined;
  let ref: string | undefined;
  for (let hops = 0; current && typeof current.$ref === 'string' && hops < 32; hops += 1) {
    ref = current.$ref as string;
    current = ref.startsWith('#/') ? (ref.slice(2).split('/').map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~')).reduce<any>((node, key) => node?.[key], document) as Schema | undefined) : undefined;
  }
  return { schema: current && typeof current === 'object' ? current : undefined, ref };
}

/** The JSON types a schema admits; undefined when it does not say (any type). */
function typesOf(schema: Schema): Set<string> | undefined {
  const declared = schema.type === undefined ? undefined : Array.isArray(schema.type) ? schema.type : [schema.type];
  if (!declared) return undefined;
  const types = new Set<string>(declared);
  if (schema.nullable === true) types.add('null');
  // Every integer is a number: integer → number widens, number → integer narrows.
  return types;
}

function admits(types: Set<string>, type: string): boolean {
  return types.has(type) || (type === 'integer' && types.has('number'));
}

function compare(sides: Sides, baseNode: unknown, headNode: unknown, direction: Direction, pointer: string, report: Report, seen: Set<string>): void {
  const base = resolve(sides.base, baseNode);
  const head = resolve(sides.head, headNode);
  if (!base.schema || !head.schema) return;
  if (base.ref || head.ref) {
    const key = `${direction}:${base.ref ?? pointer}→${head.ref ?? pointer}`;
    if (seen.has(key)) return;
    seen.add(key);
  }
  const before = base.schema;
  const after = head.schema;
  const at = pointer || '(body)';

  const beforeTypes = typesOf(before);
  const afterTypes = typesOf(after);
  if (beforeTypes && afterTypes) {
    const lost = [...beforeTypes].filter((type) => !admits(afterTypes, type));
    const gained = [...afterTypes].filter((type) => !admits(beforeTypes, type));
    if (lost.length > 0 || gained.length > 0) {
      // Requests break when a type an old client sends is no longer taken; responses when a new one can arrive.
      const breaking = direction === 'request' ? lost.length > 0 : gained.length > 0;
      report('type-changed', breaking, at, `type ${[...beforeTypes].join('|')} → ${[...afterTypes].join('|')}`);
    }
  } else if (!beforeTypes && afterTypes && direction === 'request') {
    report('type-changed', true, at, `type (any) → ${[...afterTypes].join('|')}`);
  } else if (beforeTypes && !afterTypes && direction === 'response') {
    report('type-changed', true, at, `type ${[...beforeTypes].join('|')} → (any)`);
  }

  if (before.format !== after.format) {
    // A format added or changed narrows what a request may hold; one dropped or changed widens what a response may.
    const breaking = direction === 'request' ? after.format !== undefined : before.format !== undefined;
    report('format-changed', breaking, at, `format ${before.format ?? '(none)'} → ${after.format ?? '(none)'}`);
  }

  compareEnums(before, after, direction, at, report);
  compareBounds(before, after, direction, at, report);

  if (before.properties || after.properties || before.required || after.required) compareObjects(sides, before, after, direction, pointer, report, seen);
  if (before.items !== undefined && after.items !== undefined) compare(sides, before.items, after.items, direction, `${pointer}/items`, report, seen);
  if (direction === 'request' && before.additionalProperties !== false && after.additionalProperties === false) {
    report('additional-properties-refused', true, at, 'properties the schema does not list are now refused');
  }
  for (const keyword of ['oneOf', 'anyOf', 'allOf'] as const) {
    const beforeBranches = (before[keyword] ?? []) as unknown[];
    const afterBranches = (after[keyword] ?? []) as unknown[];
    if (beforeBranches.length === 0 && afterBranches.length === 0) continue;
    if (keyword !== 'allOf' && beforeBranches.length !== afterBranches.length) {
      // A new branch in a response is a shape an old client cannot read; a lost one in a request refuses what it sends.
      const breaking = direction === 'response' ? afterBranches.length > beforeBranches.length : afterBranches.length < beforeBranches.length;
      report('composition-changed', breaking, at, `${keyword}: ${beforeBranches.length} → ${afterBranches.length} branches`);
    }
    for (let index = 0; index < Math.min(beforeBranches.length, afterBranches.length); index += 1) compare(sides, beforeBranches[index], afterBranches[index], direction, `${pointer}/${keyword}/${index}`, report, seen);
  }
}

function compareEnums(before: Schema, after: Schema, direction: Direction, at: string, report: Report): void {
  const beforeEnum = Array.isArray(before.enum) ? before.enum : before.const !== undefined ? [before.const] : undefined;
  const afterEnum = Array.isArray(after.enum) ? after.enum : after.const !== undefined ? [after.const] : undefined;
  if (!beforeEnum && !afterEnum) return;
  if (!beforeEnum && afterEnum) {
    report('enum-added', direction === 'request', at, `now limited to ${afterEnum.map(show).join(', ')}`);
    return;
  }
  if (beforeEnum && !afterEnum) {
    report('enum-removed', direction === 'response', at, `no longer limited to ${beforeEnum.map(show).join(', ')}`);
    return;
  }
  const removed = beforeEnum!.filter((value) => !afterEnum!.some((other) => JSON.stringify(other) === JSON.stringify(value)));
  const added = afterEnum!.filter((value) => !beforeEnum!.some((other) => JSON.stringify(other) === JSON.stringify(value)));
  // A removed value: a request that sends it is refused; in a response, clients built on
  // the old types still branch on it, and the regenerated union no longer has it (TS2367).
  for (const value of removed) report('enum-value-removed', true, at, `enum value ${show(value)} removed`);
  // An added value in a response reaches exhaustive clients (a switch with no default) unhandled.
  for (const value of added) report('enum-value-added', direction === 'response', at, `enum value ${show(value)} added`);
}

const LOWER_BOUNDS = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties'] as const;
const UPPER_BOUNDS = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties'] as const;

function compareBounds(before: Schema, after: Schema, direction: Direction, at: string, report: Report): void {
  const check = (keyword: string, tighter: (was: number, now: number) => boolean) => {
    const was = typeof before[keyword] === 'number' ? (before[keyword] as number) : undefined;
    const now = typeof after[keyword] === 'number' ? (after[keyword] as number) : undefined;
    if (was === now) return;
    const tightened = was === undefined ? true : now === undefined ? false : tighter(was, now);
    // Tighter bounds refuse old requests; looser bounds let responses hold what old clients never saw.
    report(tightened ? 'constraint-tightened' : 'constraint-loosened', direction === 'request' ? tightened : !tightened, at, `${keyword} ${was ?? '(none)'} → ${now ?? '(none)'}`);
  };
  for (const keyword of LOWER_BOUNDS) check(keyword, (was, now) => now > was);
  for (const keyword of UPPER_BOUNDS) check(keyword, (was, now) => now < was);
  if (before.pattern !== after.pattern) {
    const tightened = after.pattern !== undefined;
    report(tightened ? 'constraint-tightened' : 'constraint-loosened', direction === 'request' ? tightened : !tightened, at, `pattern ${before.pattern ?? '(none)'} → ${after.pattern ?? '(none)'}`);
  }
}

function compareObjects(sides: Sides, before: Schema, after: Schema, direction: Direction, pointer: string, report: Report, seen: Set<string>): void {
  const beforeProperties = (before.properties ?? {}) as Record<string, unknown>;
  const afterProperties = (after.properties ?? {}) as Record<string, unknown>;
  const beforeRequired = new Set<string>(before.required ?? []);
  const afterRequired = new Set<string>(after.required ?? []);
  // Who never sees a property: the client never sends readOnly ones, never reads writeOnly ones.
  const hidden = (document: OpenApiDocument, node: unknown) => {
    const schema = resolve(document, node).schema;
    return direction === 'request' ? schema?.readOnly === true : schema?.writeOnly === true;
  };
  const names = new Set([...Object.keys(beforeProperties), ...Object.keys(afterProperties), ...beforeRequired, ...afterRequired]);
  for (const name of names) {
    const where = `${pointer}/${name}`;
    const inBefore = name in beforeProperties || beforeRequired.has(name);
    const inAfter = name in afterProperties || afterRequired.has(name);
    if (inBefore && !inAfter) {
      if (hidden(sides.base, beforeProperties[name])) continue;
      if (direction === 'response') report('response-property-removed', true, where, `property ${name} removed`);
      else report('request-property-removed', after.additionalProperties === false, where, `property ${name} removed${after.additionalProperties === false ? ', and properties not listed are refused' : ''}`);
      continue;
    }
    if (!inBefore && inAfter) {
      if (hidden(sides.head, afterProperties[name])) continue;
      if (direction === 'request') report(afterRequired.has(name) ? 'request-property-added-required' : 'request-property-added', afterRequired.has(name), where, `${afterRequired.has(name) ? 'required ' : 'optional '}property ${name} added`);
      else report('response-property-added', false, where, `property ${name} added`);
      continue;
    }
    if (hidden(sides.head, afterProperties[name]) && hidden(sides.base, beforeProperties[name])) continue;
    if (beforeRequired.has(name) && !afterRequired.has(name)) {
      report(direction === 'response' ? 'response-property-made-optional' : 'request-property-made-optional', direction === 'response', where, `property ${name} is no longer required`);
    } else if (!beforeRequired.has(name) && afterRequired.has(name)) {
      report(direction === 'request' ? 'request-property-made-required' : 'response-property-made-required', direction === 'request', where, `property ${name} is now required`);
    }
    if (name in beforeProperties && name in afterProperties) compare(sides, beforeProperties[name], afterProperties[name], direction, where, report, seen);
  }
}

function show(value: unknown): string {
  return JSON.stringify(value);
}
