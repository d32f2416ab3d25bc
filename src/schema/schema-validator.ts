import { Ajv, type ErrorObject, type Logger, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { OpenApiDocument } from '../openapi/document.js';
import { openApiMinor } from '../openapi/document.js';
import type { AjvError } from './field-errors.js';

const DOCUMENT_ID = 'urn:contract:openapi';

export interface SchemaValidator {
  /**
   * Validation errors of `value` against `schema`, as short sentences; empty when valid.
   * A value that fits no branch of a `oneOf`/`anyOf` gets one sentence naming the closest
   * branch and what that branch still lacks, not every branch's errors.
   */
  errors(schema: unknown, value: unknown, options?: ValidationOptions): string[];
  /**
   * Both from one validation: the sentences of `errors`, and ajv's own errors, one per
   * broken keyword, for naming each field a request broke (the 422's list of field errors).
   * Typed by the fields read of them, not by ajv's type: the MSW entry's declarations name
   * this interface, and an app's compile would read ajv's declarations for it.
   */
  judge(schema: unknown, value: unknown, options?: ValidationOptions): { sentences: string[]; raw: AjvError[] };
  /**
   * Formats the spec uses that ajv-formats does not know (`iso-country-code`, say), each
   * with how many schema objects use it. They are accepted without a check, silently.
   */
  unknownFormats(): Record<string, number>;
}

export interface ValidationOptions {
  /**
   * Read the value as a request: a `required` property that is `readOnly` may be left
   * out, since clients never send what only the server writes (OpenAPI's rule, and Prism's).
   */
  asRequest?: boolean;
}

/**
 * Validates in the spec's own dialect: JSON Schema 2020-12 for OpenAPI 3.1, and the
 * draft-07 reading of OpenAPI 3.0's schema object (with `nullable` turned into a
 * `null` type) for 3.0. The whole document is registered once, so $refs between
 * components resolve as they do in the spec.
 */
export function createSchemaValidator(document: OpenApiDocument): SchemaValidator {
  const is31 = openApiMinor(document) === '3.1';
  const formatCounts: Record<string, number> = {};
  // ajv would print `unknown format "x" ignored …` once per schema that uses one. Unknown
  // formats are registered as no-ops before anything compiles; this logger only catches
  // (and counts) one that slipped past that walk, so that nothing reaches the console.
  const logger: Logger = {
    log: () => undefined,
    warn: (...args: unknown[]) => {
      const format = /^unknown format "(.*)" ignored/.exec(String(args[0]))?.[1];
      if (format !== undefined) formatCounts[format] = (formatCounts[format] ?? 0) + 1;
    },
    error: () => undefined,
  };
  // `verbose` puts the combinator's branches and the value it judged on its error:
  // that is what lets a failed oneOf/anyOf be explained branch by branch.
  // `code.optimize` off: ajv's pass that names and prunes each validator's variables was a
  // quarter of the compile time (authentik's 925 components: 2.7 → 2.0 s of CPU), and a run
  // compiles a validator for each schema it meets, then runs most of them a few times.
  const options = { strict: false, allErrors: true, validateSchema: false, verbose: true, logger, code: { optimize: false } } as const;
  const ajv = is31 ? new Ajv2020(options) : new Ajv(options);
  (addFormats as unknown as (ajv: Ajv) => void)(ajv as Ajv);

  // Each schema object is looked at once, so a component used by many operations counts once.
  const walked = new WeakSet<object>();
  const noOps = new Set<string>();
  const registerFormats = (schema: unknown) => {
    for (const format of formatsIn(schema, walked)) {
      if (!noOps.has(format)) {
        if (ajv.formats[format] !== undefined) continue; // ajv-formats checks it
        ajv.addFormat(format, true);
        noOps.add(format);
      }
      formatCounts[format] = (formatCounts[format] ?? 0) + 1;
    }
  };
  registerFormats(document);
  ajv.addSchema((is31 ? document : fromOpenApi30(document)) as object, DOCUMENT_ID);

  const cache = new WeakMap<object, ValidateFunction>();
  // A validator by what its schema reads, too. A run meets the same schema as many objects:
  // each operation's `{ $ref }` to a shared component, a parameter or error body written
  // out again in each operation. Those compile to the same code (ajv reads nothing else;
  // what it compiles is a copy, `rebase`, so no error points at one object rather than
  // another): building authentik's contract cases compiled 1,301 validators for 349 texts
  // (1.88 s -> 1.38 s). Formats are still counted per object (unknownFormats).
  const byText = new Map<string, ValidateFunction>();
  /** `fromSpec`: a schema as the spec has it (converted for 3.0); else one ajv already holds, converted. */
  const compile = (schema: object, fromSpec: boolean): ValidateFunction => {
    let validate = cache.get(schema);
    if (!validate) {
      if (fromSpec) registerFormats(schema);
      const key = textOf(schema, fromSpec);
      validate = key === undefined ? undefined : byText.get(key);
      if (!validate) {
        validate = ajv.compile(rebase(fromSpec && !is31 ? fromOpenApi30(schema) : schema) as object);
        if (key !== undefined) byText.set(key, validate);
      }
      cache.set(schema, validate);
    }
    return validate;
  };

  /**
   * The errors of one branch of a combinator, judged on its own. ajv's `schemaPath` cannot
   * say which branch an error came from when that branch is a $ref ajv did not inline: it
   * is then relative to the referenced schema (`#/required`), the same for every branch.
   * Validating the branch alone gives exactly the errors ajv recorded for it, in order.
   */
  const branchErrors = (branch: unknown, data: unknown): ErrorObject[] | undefined => {
    if (typeof branch === 'boolean') return branch ? [] : [{ instancePath: '', schemaPath: '#', keyword: 'false schema', params: {}, message: 'boolean schema is false' }];
    if (!branch || typeof branch !== 'object') return undefined;
    try {
      // Branches are taken from the already converted schema: no second 3.0 conversion.
      const validate = compile(branch, false);
      return validate(data) ? [] : [...(validate.errors ?? [])];
    } catch {
      return undefined;
    }
  };

  const rawErrors = (schema: unknown, value: unknown, validation: ValidationOptions = {}): ErrorObject[] => {
    if (!schema || typeof schema !== 'object') return [];
    const validate = compile(schema, true);
    if (validate(value)) return [];
    return validation.asRequest ? (validate.errors ?? []).filter((error) => !missingReadOnly(document, error)) : [...(validate.errors ?? [])];
  };

  const judge = (schema: unknown, value: unknown, validation: ValidationOptions = {}) => {
    const raw = rawErrors(schema, value, validation);
    return { sentences: raw.length === 0 ? [] : unique(explain(raw, '', branchErrors)), raw };
  };

  return {
    errors: (schema, value, validation = {}) => judge(schema, value, validation).sentences,
    judge,
    unknownFormats() {
      return { ...formatCounts };
    },
  };
}

/** What a schema reads, with how it is compiled (`fromSpec`); undefined for one JSON cannot write (a cycle). */
function textOf(schema: object, fromSpec: boolean): string | undefined {
  try {
    return `${fromSpec ? 'spec' : 'held'}:${JSON.stringify(schema)}`;
  } catch {
    return undefined;
  }
}

/** A `required` error for a property the schema marks readOnly ($refs followed in the spec). */
function missingReadOnly(document: OpenApiDocument, error: ErrorObject): boolean {
  if (error.keyword !== 'required') return false;
  const name = (error.params as { missingProperty?: string }).missingProperty;
  let property = name === undefined ? undefined : (error.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties?.[name];
  for (let hops = 0; hops < 16 && property && typeof (property as { $ref?: unknown }).$ref === 'string'; hops += 1) {
    const pointer = ((property as { $ref: string }).$ref.split('#')[1] ?? '').split('/').slice(1);
    property = pointer.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], document);
  }
  return (property as { readOnly?: unknown } | undefined)?.readOnly === true;
}

type BranchErrors = (branch: unknown, data: unknown) => ErrorObject[] | undefined;

const MAX_BRANCH_SENTENCES = 3;

function sentence(path: string, message: string): string {
  return `${path || '(body)'} ${message}`.trim();
}

/**
 * ajv's errors as sentences, with each failed oneOf/anyOf folded into one sentence.
 * ajv records a combinator's branch errors contiguously, right before the combinator's
 * own error, so the list is read from the end: on meeting a combinator, its branches are
 * re-judged alone, and as many errors as they produce are skipped.
 */
function explain(errors: ErrorObject[], base: string, branchErrors: BranchErrors): string[] {
  const sentences: string[] = [];
  for (let index = errors.length - 1; index >= 0; index--) {
    const error = errors[index]!;
    const path = base + error.instancePath;
    const combinator = error.keyword === 'oneOf' || error.keyword === 'anyOf' ? explainCombinator(error, path, branchErrors) : undefined;
    if (!combinator) {
      sentences.push(sentence(path, error.message ?? 'is invalid'));
      continue;
    }
    sentences.push(...[...combinator.sentences].reverse());
    // Only when the skipped errors are the branches' own (same place in the value) is it
    // safe to drop them; otherwise they stay, repeated rather than lost.
    const start = index - combinator.recorded;
    const inside = errors.slice(Math.max(start, 0), index);
    if (start >= 0 && inside.every((inner) => inner.instancePath === error.instancePath || inner.instancePath.startsWith(`${error.instancePath}/`))) index = start;
  }
  return sentences.reverse();
}

interface Judged {
  index: number;
  name: string | undefined;
  errors: ErrorObject[];
  /** The value is not even of this branch's type: the worst kind of near miss. */
  wrongType: boolean;
}

function explainCombinator(error: ErrorObject, path: string, branchErrors: BranchErrors): { sentences: string[]; recorded: number } | undefined {
  const branches = error.schema;
  if (!Array.isArray(branches)) return undefined;
  const judged: Judged[] = [];
  for (const [index, branch] of branches.entries()) {
    const errors = branchErrors(branch, error.data);
    if (!errors) return undefined;
    judged.push({ index, name: branchName(branch), errors, wrongType: errors.some((inner) => inner.keyword === 'type' && inner.instancePath === '') });
  }
  // ajv stops judging a oneOf's branches at the second that passes: later ones recorded nothing.
  const passingSchemas = (error.params as { passingSchemas?: unknown }).passingSchemas;
  const judgedUpTo = Array.isArray(passingSchemas) && typeof passingSchemas[1] === 'number' ? passingSchemas[1] : judged.length;
  const recorded = judged.slice(0, judgedUpTo).reduce((sum, branch) => sum + branch.errors.length, 0);
  const keyword = error.keyword;
  const label = (branch: Judged) => `#${branch.index}${branch.name ? ` (${branch.name})` : ''}`;

  const passing = judged.filter((branch) => branch.errors.length === 0);
  if (passing.length > 0) {
    // oneOf with more than one branch matching: which ones is the whole story.
    if (keyword !== 'oneOf' || passing.length < 2) return undefined;
    return { sentences: [sentence(path, `matches ${passing.length} of ${branches.length} oneOf branches (${passing.slice(0, 3).map(label).join(', ')}${passing.length > 3 ? `, and ${passing.length - 3} more` : ''}); it must match exactly one`)], recorded };
  }

  const nonNull = judged.filter((branch) => !isNullSchema(branches[branch.index]));
  if (nonNull.length === 1 && judged.length === 2) {
    // `nullable` (3.0) or `anyOf: [X, {type: null}]` (3.1): a non-null value is simply
    // judged by X, as the spec's author reads it; the null branch adds nothing.
    return { sentences: explain(nonNull[0]!.errors, path, branchErrors), recorded };
  }

  // Closest: a branch of the value's type before one that is not; then fewest errors;
  // then the first. Why: with `oneOf: [string, object]` an object lacking two fields has
  // one error under `string` ("must be string"), yet the object branch is what was meant.
  const closest = [...judged].sort((a, b) => Number(a.wrongType) - Number(b.wrongType) || a.errors.length - b.errors.length || a.index - b.index)[0]!;
  const lacks = unique(explain(closest.errors, path, branchErrors));
  const shown = lacks.slice(0, MAX_BRANCH_SENTENCES).join(', ') + (lacks.length > MAX_BRANCH_SENTENCES ? `, and ${lacks.length - MAX_BRANCH_SENTENCES} more` : '');
  return { sentences: [sentence(path, `matches none of ${branches.length} ${keyword} branches; closest is ${label(closest)}: ${shown}`)], recorded };
}

function branchName(branch: unknown): string | undefined {
  if (!branch || typeof branch !== 'object') return undefined;
  const { title, $ref } = branch as { title?: unknown; $ref?: unknown };
  if (typeof title === 'string' && title.trim()) return title.trim();
  if (typeof $ref !== 'string') return undefined;
  const segment = $ref.split('/').pop() ?? '';
  try {
    return decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~') || undefined;
  } catch {
    return segment || undefined;
  }
}

function isNullSchema(schema: unknown): boolean {
  return !!schema && typeof schema === 'object' && (schema as { type?: unknown }).type === 'null' && Object.keys(schema).length === 1;
}

function unique(sentences: string[]): string[] {
  return [...new Set(sentences)];
}

/** Keys whose values are data (examples, defaults), not schemas: a `format` there is not one. */
const DATA_KEYS = new Set(['example', 'examples', 'default', 'const', 'enum']);
/** Keys whose values map names to schemas or objects holding them: every entry is walked. */
const NAME_MAPS = new Set(['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas', 'schemas', 'responses', 'headers', 'content', 'paths', 'parameters', 'requestBodies', 'callbacks', 'pathItems', 'webhooks', 'encoding']);

/** The `format` names used by the schema objects under `node` not yet in `seen` (each object counted once). */
function formatsIn(node: unknown, seen: WeakSet<object>): string[] {
  const found: string[] = [];
  const walk = (value: unknown, isNameMap: boolean) => {
    if (!value || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value)) {
      for (const item of value) walk(item, false);
      return;
    }
    const record = value as Record<string, unknown>;
    if (!isNameMap && typeof record.format === 'string') found.push(record.format);
    for (const [key, child] of Object.entries(record)) {
      if (!isNameMap && (DATA_KEYS.has(key) || key.startsWith('x-'))) continue;
      walk(child, !isNameMap && NAME_MAPS.has(key));
    }
  };
  walk(node, false);
  return found;
}

/** Points the schema's internal $refs (`#/components/...`) at the registered document. */
function rebase(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rebase);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [key, key === '$ref' && typeof value === 'string' && value.startsWith('#') ? DOCUMENT_ID + value : rebase(value)]),
  );
}

/** OpenAPI 3.0's schema object in draft-07 terms: `nullable: true` is a `null` type, a boolean `exclusiveMinimum` is the bound. */
function fromOpenApi30(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(fromOpenApi30);
  if (!node || typeof node !== 'object') return node;
  const converted: Record<string, unknown> = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, fromOpenApi30(value)]));
  // 3.0 takes draft-04's boolean `exclusiveMinimum`, a modifier of `minimum`; draft-07 wants the bound itself.
  for (const [exclusive, bound] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']] as const) {
    if (typeof converted[exclusive] !== 'boolean') continue;
    if (converted[exclusive] === true && typeof converted[bound] === 'number') {
      converted[exclusive] = converted[bound];
      delete converted[bound];
    } else delete converted[exclusive];
  }
  if (converted.nullable === true) {
    delete converted.nullable;
    if (typeof converted.type === 'string') converted.type = [converted.type, 'null'];
    else if (converted.type === undefined && !('$ref' in converted)) return converted;
    else return { anyOf: [converted, { type: 'null' }] };
  }
  return converted;
}
