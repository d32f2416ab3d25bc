import { transformSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { zodSchema, type SchemaContext } from '../../src/generate/zod-schema-object.js';
import { generateZodSchemas } from '../../src/generate/zod-schemas.js';

type Parser = z.ZodType;
type Module = Record<string, Parser> & { operations: Record<string, Record<string, { body?: Parser; parameters?: Record<string, Parser>; responses: Record<string, Parser> }>> };

/** The generated module's text, run: compiled as TypeScript, its exports returned, zod passed in for its import. */
function run(text: string): Module {
  const names: string[] = [];
  const source = text
    .replace(/^import .*$/gm, '')
    .replace(/^export const (\w+)/gm, (_whole, name: string) => {
      names.push(name);
      return `const ${name}`;
    });
  const { code } = transformSync(source, { loader: 'ts' });
  return new Function('z', `${code}\nreturn { ${names.join(', ')} };`)(z) as Module;
}

const spec = (schemas: Record<string, unknown>, paths: Record<string, unknown> = {}, openapi = '3.1.0') => ({ openapi, info: { title: 't', version: '1' }, paths, components: { schemas } });

async function moduleOf(schemas: Record<string, unknown>, paths?: Record<string, unknown>, openapi?: string): Promise<Module> {
  return run(await generateZodSchemas(spec(schemas, paths, openapi)));
}

/** Where a value fails: the path of each issue, or 'ok'. */
function verdict(schema: Parser, value: unknown): 'ok' | PropertyKey[][] {
  const result = schema.safeParse(value);
  return result.success ? 'ok' : result.error.issues.map((issue) => issue.path);
}

// [feature, schemas (the one tested is X), values that pass, [value that fails, the path of its one issue]]
const features: Array<[string, Record<string, unknown>, unknown[], Array<[unknown, PropertyKey[]]>]> = [
  ['minLength and maxLength', { X: { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 2, maxLength: 4 } } } }, [{ name: 'ab' }, { name: 'abcd' }], [[{ name: 'a' }, ['name']], [{ name: 'abcde' }, ['name']]]],
  ['pattern (not anchored unless it says so)', { X: { type: 'string', pattern: '^[a-z]+_[0-9]$' } }, ['ab_1'], [['ab_12', []], ['AB_1', []]]],
  ['email', { X: { type: 'string', format: 'email' } }, ['ada@example.com'], [['ada', []]]],
  ['uuid', { X: { type: 'string', format: 'uuid' } }, ['3f6b0c1e-6d1a-4f0e-9b7e-2a4c8d5e9f10'], [['3f6b0c1e', []]]],
  ['date-time with an offset', { X: { type: 'string', format: 'date-time' } }, ['2026-01-15T09:30:00Z', '2026-01-15T09:30:00+02:00'], [['2026-01-15', []], ['yesterday', []]]],
  ['date', { X: { type: 'string', format: 'date' } }, ['2026-01-15'], [['2026-13-15', []]]],
  ['uri', { X: { type: 'string', format: 'uri' } }, ['https://example.com/a?b=c'], [['not a uri', []]]],
  ['ipv4', { X: { type: 'string', format: 'ipv4' } }, ['203.0.113.7'], [['203.0.113', []]]],
  ['byte (base64)', { X: { type: 'string', format: 'byte' } }, ['aGVsbG8='], [['not base64!', []]]],
  ['a format zod does not know stays a string', { X: { type: 'string', format: 'color' } }, ['anything'], [[1, []]]],
  ['integer bounds, inclusive', { X: { type: 'integer', minimum: 1, maximum: 3 } }, [1, 3], [[0, []], [4, []], [1.5, []]]],
  ['3.1 exclusive bounds (numbers)', { X: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 } }, [0.5], [[0, []], [1, []]]],
  ['multipleOf', { X: { type: 'number', multipleOf: 0.5 } }, [1.5], [[1.2, []]]],
  ['a string enum', { X: { type: 'string', enum: ['a', 'b'] } }, ['a', 'b'], [['c', []]]],
  ['a number enum', { X: { type: 'integer', enum: [1, 2] } }, [1, 2], [[3, []]]],
  ['an enum that lists null', { X: { type: ['string', 'null'], enum: ['a', null] } }, ['a', null], [['b', []]]],
  ['const', { X: { const: 'v2' } }, ['v2'], [['v1', []]]],
  ['3.1 type with null', { X: { type: ['integer', 'null'] } }, [1, null], [['1', []]]],
  ['required and optional properties', { X: { type: 'object', required: ['a'], properties: { a: { type: 'string' }, b: { type: 'string' } } } }, [{ a: 'x' }, { a: 'x', b: 'y' }], [[{ b: 'y' }, ['a']], [{ a: 'x', b: 1 }, ['b']]]],
  ['an array: items, minItems, maxItems', { X: { type: 'array', items: { type: 'integer' }, minItems: 1, maxItems: 2 } }, [[1], [1, 2]], [[[], []], [[1, 2, 3], []], [[1, 'x'], [1]]]],
  ['a tuple (prefixItems)', { X: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }] } }, [['a', 1]], [[['a', 'b'], [1]]]],
  ['additionalProperties: false is a strict object', { X: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false } }, [{ a: 'x' }, {}], [[{ a: 'x', b: 1 }, []]]],
  ['additionalProperties: a schema checks the other keys only', { X: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: { type: 'integer' } } }, [{ a: 'x', b: 1 }], [[{ a: 'x', b: 'y' }, ['b']]]],
  ['additionalProperties alone is a record', { X: { type: 'object', additionalProperties: { type: 'integer' } } }, [{ a: 1 }, {}], [[{ a: 'x' }, ['a']]]],
  ['oneOf: exactly one member must match', { X: { oneOf: [{ type: 'integer' }, { type: 'number', minimum: 10 }] } }, [1, 10.5], [[20, []], ['x', []]]],
  ['anyOf: one or more', { X: { anyOf: [{ type: 'integer' }, { type: 'number', minimum: 10 }] } }, [1, 10.5, 20], [['x', []]]],
  ['allOf: every member', { A: { type: 'object', required: ['a'], properties: { a: { type: 'string' } } }, X: { allOf: [{ $ref: '#/components/schemas/A' }, { type: 'object', required: ['b'], properties: { b: { type: 'integer' } } }] } }, [{ a: 'x', b: 1 }], [[{ a: 'x' }, ['b']], [{ b: 1 }, ['a']]]],
  [
    'allOf: what the parent requires of a $ref member is required',
    { A: { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } } }, X: { required: ['a'], allOf: [{ $ref: '#/components/schemas/A' }] } },
    [{ a: 'x' }, { a: 'x', b: 'y' }],
    [[{ b: 'y' }, ['a']]],
  ],
  [
    'a discriminator picks the member, whose own fields are named in the error',
    {
      X: { oneOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }], discriminator: { propertyName: 'kind', mapping: { cat: '#/components/schemas/Cat', dog: '#/components/schemas/Dog' } } },
      Cat: { type: 'object', required: ['kind', 'lives'], properties: { kind: { type: 'string' }, lives: { type: 'integer', maximum: 9 } } },
      Dog: { type: 'object', required: ['kind'], properties: { kind: { type: 'string' }, good: { type: 'boolean' } } },
    },
    [{ kind: 'cat', lives: 9 }, { kind: 'dog', good: true }],
    [[{ kind: 'cat', lives: 10 }, ['lives']], [{ kind: 'dog', good: 'yes' }, ['good']], [{ kind: 'cow' }, ['kind']]],
  ],
  [
    'a self-referencing component, at any depth',
    { X: { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 1 }, children: { type: 'array', items: { $ref: '#/components/schemas/X' } } } } },
    [{ name: 'a', children: [{ name: 'b', children: [{ name: 'c' }] }] }],
    [[{ name: 'a', children: [{ name: 'b', children: [{ name: '' }] }] }, ['children', 0, 'children', 0, 'name']]],
  ],
  [
    'mutually referencing components',
    {
      X: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, pets: { type: 'array', items: { $ref: '#/components/schemas/Pet' } } } },
      Pet: { type: 'object', required: ['tag'], properties: { tag: { type: 'integer' }, owner: { $ref: '#/components/schemas/X' } } },
    },
    [{ name: 'a', pets: [{ tag: 1, owner: { name: 'b', pets: [] } }] }],
    [[{ name: 'a', pets: [{ tag: 1, owner: { name: 'b', pets: [{ tag: 'x' }] } }] }, ['pets', 0, 'owner', 'pets', 0, 'tag']]],
  ],
  [
    'a cycle no property closes: an array of itself, and a union member that refers back',
    {
      BinOp: { type: 'object', required: ['left', 'right'], properties: { left: { $ref: '#/components/schemas/X' }, right: { $ref: '#/components/schemas/X' } } },
      X: { oneOf: [{ type: 'number' }, { $ref: '#/components/schemas/BinOp' }, { $ref: '#/components/schemas/Nested' }] },
      Nested: { type: 'array', items: { $ref: '#/components/schemas/Nested' } },
    },
    [1, { left: 1, right: { left: 2, right: 3 } }, [[], [[]]]],
    [[{ left: 1, right: { left: 2 } }, []], [[[1]], []]],
  ],
];

// [name, { given, want }]: the exact source for one schema, as openapi-typescript tests its transform.
const written: Array<[string, { given: unknown; want: string; openapi?: '3.0' }]> = [
  ['a string with a zod 4 format and lengths', { given: { type: 'string', format: 'email', minLength: 3, maxLength: 254 }, want: 'z.email().min(3).max(254)' }],
  ['date-time', { given: { type: 'string', format: 'date-time' }, want: 'z.iso.datetime({ offset: true })' }],
  ['a pattern', { given: { type: 'string', pattern: '^a+$' }, want: `z.string().regex(new RegExp("^a+$", 'u'))` }],
  ['an integer whose bounds go past the safe integers (int64)', { given: { type: 'integer', format: 'int64', minimum: -9223372036854775808 }, want: 'z.number().multipleOf(1).gte(-9223372036854776000)' }],
  ['an integer with 3.0 exclusive bounds', { given: { type: 'integer', format: 'int32', minimum: 0, exclusiveMinimum: true, maximum: 9 }, want: 'z.int32().gt(0).lte(9)' }],
  ['a nullable enum', { given: { type: 'string', enum: ['a', 'b'], nullable: true }, want: 'z.enum(["a", "b"]).nullable()' }],
  ['a number enum', { given: { type: 'number', enum: [1, 2.5] }, want: 'z.literal([1, 2.5])' }],
  ['3.1 type with null', { given: { type: ['string', 'null'] }, want: 'z.string().nullable()' }],
  ['a bare object (openapi-typescript: Record<string, never>)', { given: { type: 'object' }, want: 'z.object({})' }],
  ['no type at all', { given: {}, want: 'z.unknown()' }],
  ['a record', { given: { type: 'object', additionalProperties: { type: 'integer' } }, want: 'z.record(z.string(), z.int())' }],
  ['properties, required and optional, a key that is not an identifier', { given: { type: 'object', required: ['a'], properties: { a: { type: 'string' }, 'b-c': { type: 'boolean' } } }, want: 'z.object({\n  a: z.string(),\n  "b-c": z.boolean().optional(),\n})' }],
  ['strict', { given: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false }, want: 'z.strictObject({\n  a: z.string().optional(),\n})' }],
  ['any other key kept', { given: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: true }, want: 'z.intersection(z.object({\n  a: z.string().optional(),\n}), z.record(z.string(), z.unknown()))' }],
  ['other keys checked', { given: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: { type: 'number' } }, want: 'z.object({\n  a: z.string().optional(),\n}).catchall(z.number())' }],
  ['a default', { given: { type: 'object', properties: { n: { type: 'integer', default: 1 } } }, want: 'z.object({\n  n: z.int().default(1),\n})' }],
  ['oneOf', { given: { oneOf: [{ type: 'string' }, { type: 'number' }] }, want: 'z.xor([z.string(), z.number()])' }],
  ['anyOf', { given: { anyOf: [{ type: 'string' }, { type: 'number' }] }, want: 'z.union([z.string(), z.number()])' }],
  ['allOf, the parent\'s required carried in', { given: { required: ['a'], allOf: [{ type: 'object', properties: { a: { type: 'string' } } }] }, want: 'z.object({\n  a: z.string(),\n})' }],
  ['a tuple', { given: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'integer' }] }, want: 'z.tuple([z.string(), z.int()])' }],
  ['an array with bounds', { given: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 5 }, want: 'z.array(z.string()).min(1).max(5)' }],
  ['const', { given: { const: 'x' }, want: 'z.literal("x")' }],
];

describe('the source written for one schema', () => {
  const context: SchemaContext = { document: {}, variant: 'full', reference: () => undefined };
  it.each(written)('%s', (_name, { given, want }) => {
    expect(zodSchema(given, context).text).toBe(want);
  });
});

describe('generated zod schemas, at run time: a valid value passes, an invalid one fails where it is wrong', () => {
  it.each(features)('%s', async (_feature, schemas, valid, invalid) => {
    const { zX } = await moduleOf(schemas);
    expect(valid.map((value) => verdict(zX!, value))).toEqual(valid.map(() => 'ok'));
    expect(invalid.map(([value]) => verdict(zX!, value))).toEqual(invalid.map(([, path]) => [path]));
  });

  it('3.0: nullable, and exclusive bounds as booleans', async () => {
    const { zX } = await moduleOf({ X: { type: 'object', properties: { n: { type: 'integer', minimum: 0, exclusiveMinimum: true, maximum: 10, exclusiveMaximum: true, nullable: true } } } }, {}, '3.0.3');
    expect([{ n: 1 }, { n: 9 }, { n: null }, {}].map((value) => verdict(zX!, value))).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect([{ n: 0 }, { n: 10 }].map((value) => verdict(zX!, value))).toEqual([[['n']], [['n']]]);
  });

  it('a default fills a missing property; other keys are dropped when additionalProperties is absent, kept when it is true', async () => {
    const { zX, zLoose } = await moduleOf({
      X: { type: 'object', properties: { size: { type: 'integer', default: 20 }, theme: { type: 'string', enum: ['light', 'dark'], default: 'light' } } },
      Loose: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: true },
    });
    expect(zX!.parse({ other: 1 })).toEqual({ size: 20, theme: 'light' });
    expect(zX!.parse({ size: 5, theme: 'dark' })).toEqual({ size: 5, theme: 'dark' });
    expect(zLoose!.parse({ a: 'x', other: 1 })).toEqual({ a: 'x', other: 1 });
    expect(verdict(zLoose!, { a: 1 })).toEqual([['a']]);
  });

  it('a default that does not fit its schema is left out (it would not compile, and zod would hand it out unchecked)', async () => {
    const text = await generateZodSchemas(spec({ X: { type: 'object', properties: { money: { type: 'object', required: ['amount'], properties: { amount: { type: 'number' } }, default: [{ amount: 0 }] }, colour: { type: 'string', enum: ['red'], default: 'blue' }, size: { type: 'integer', default: 3 } } } }));
    expect(text).toContain('money: z.object({\n    amount: z.number(),\n  }).optional(),');
    expect(text).toContain('colour: z.literal("red").optional(),');
    expect(text).toContain('size: z.int().default(3),');
  });

  it('readOnly and writeOnly: a request variant without the readOnly properties, a response variant without the writeOnly ones, only where needed', async () => {
    const schemas = {
      Account: { type: 'object', required: ['id', 'email', 'password'], properties: { id: { type: 'string', readOnly: true }, email: { type: 'string' }, password: { type: 'string', writeOnly: true } } },
      Team: { type: 'object', properties: { members: { type: 'array', items: { $ref: '#/components/schemas/Account' } } } },
      Plain: { type: 'object', properties: { a: { type: 'string' } } },
    };
    const module = await moduleOf(schemas);
    expect(Object.keys(module).sort()).toEqual(['operations', 'zAccount', 'zAccountRequest', 'zAccountResponse', 'zPlain', 'zTeam', 'zTeamRequest', 'zTeamResponse']);
    // The request variant does not ask for the id (a value sent with one loses it); the response variant does not ask for the password.
    expect(module.zAccountRequest!.parse({ id: 'x', email: 'e', password: 'p' })).toEqual({ email: 'e', password: 'p' });
    expect(verdict(module.zAccountRequest!, { email: 'e' })).toEqual([['password']]);
    expect(module.zAccountResponse!.parse({ id: 'x', email: 'e' })).toEqual({ id: 'x', email: 'e' });
    expect(verdict(module.zAccountResponse!, { email: 'e' })).toEqual([['id']]);
    expect(verdict(module.zAccount!, { email: 'e' })).toEqual([['id'], ['password']]);
    // A component that refers to one with variants has its own, made of them.
    expect(verdict(module.zTeamRequest!, { members: [{ email: 'e', password: 'p' }] })).toBe('ok');
    expect(verdict(module.zTeamResponse!, { members: [{ email: 'e' }] })).toEqual([['members', 0, 'id']]);
  });
});

describe('the operations map and each operation\'s exports', () => {
  const paths = {
    '/accounts/{accountId}': {
      parameters: [{ name: 'accountId', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }],
      put: {
        operationId: 'update-account',
        parameters: [
          { name: 'dryRun', in: 'query', schema: { type: 'boolean' } },
          { name: 'X-Request-Id', in: 'header', required: true, schema: { type: 'string', format: 'uuid' } },
          { name: 'session', in: 'cookie', schema: { type: 'string' } },
        ],
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Account' } } } },
        responses: {
          '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Account' } } } },
          '204': { description: 'nothing' },
          '4XX': { description: 'problem', content: { 'application/problem+json': { schema: { type: 'object', required: ['title'], properties: { title: { type: 'string' } } } } } },
          default: { description: 'text', content: { 'text/plain': { schema: { type: 'string' } } } },
        },
      },
      delete: { responses: { '204': { description: 'gone' } } },
    },
    '/notes': {
      post: {
        requestBody: { content: { 'application/vnd.api+json': { schema: { type: 'object', properties: { text: { type: 'string', maxLength: 3 } } } }, 'text/plain': { schema: { type: 'string' } } } },
        responses: { default: { description: 'any', content: { 'application/json': { schema: { type: 'integer' } } } } },
      },
    },
  };
  const schemas = { Account: { type: 'object', required: ['id', 'name'], properties: { id: { type: 'string', readOnly: true }, name: { type: 'string' }, secret: { type: 'string', writeOnly: true } } } };

  it('one export per body, parameter location and JSON response, named from the operationId or else the method and path', async () => {
    const module = await moduleOf(schemas, paths);
    expect(Object.keys(module).filter((name) => name !== 'operations' && !name.startsWith('zAccount')).sort()).toEqual([
      'zDeleteAccountsAccountIdPathParameters',
      'zPostNotesBody',
      'zPostNotesResponseDefault',
      'zUpdateAccountBody',
      'zUpdateAccountCookieParameters',
      'zUpdateAccountHeaderParameters',
      'zUpdateAccountPathParameters',
      'zUpdateAccountQueryParameters',
      'zUpdateAccountResponse200',
      'zUpdateAccountResponse4XX',
    ]);
  });

  it('the map: each path and method, the body as sent, parameters by location, JSON responses as received, keyed as the spec keys them', async () => {
    const module = await moduleOf(schemas, paths);
    const { operations } = module;
    expect(Object.keys(operations)).toEqual(['/accounts/{accountId}', '/notes']);
    expect(Object.keys(operations['/accounts/{accountId}']!)).toEqual(['put', 'delete']);
    const put = operations['/accounts/{accountId}']!.put!;
    expect(put.body).toBe(module.zAccountRequest);
    expect(Object.keys(put.parameters!)).toEqual(['path', 'query', 'header', 'cookie']);
    expect(Object.keys(put.responses)).toEqual(['200', '4XX']); // 204 has no body, default no JSON one
    expect(put.responses['200']).toBe(module.zAccountResponse);
    expect(operations['/accounts/{accountId}']!.delete).toEqual({ parameters: { path: module.zDeleteAccountsAccountIdPathParameters }, responses: {} });
    // Parameters: the path's own, required; the operation's, required as they say.
    expect(verdict(put.parameters!.path!, { accountId: 0 })).toEqual([['accountId']]);
    expect(verdict(put.parameters!.path!, {})).toEqual([['accountId']]);
    expect(verdict(put.parameters!.header!, {})).toEqual([['X-Request-Id']]);
    expect(verdict(put.parameters!.query!, {})).toBe('ok');
    // A body the spec does not require may be left out; a +json media type is JSON.
    const notes = operations['/notes']!.post!;
    expect(verdict(notes.body!, undefined)).toBe('ok');
    expect(verdict(notes.body!, { text: 'long' })).toEqual([['text']]);
    expect(verdict(put.body!, undefined)).not.toBe('ok');
    expect(Object.keys(notes.responses)).toEqual(['default']);
  });

  it('names: sanitized to identifiers, and told apart when two come out alike; components claim theirs first', async () => {
    const text = await generateZodSchemas(
      spec(
        { 'Foo.Bar': { type: 'string' }, FooBar: { type: 'integer' }, 'user-list': { type: 'array' }, '2fa': { type: 'boolean' }, GetFooBody: { type: 'string' } },
        { '/foo': { get: { operationId: 'getFoo', requestBody: { content: { 'application/json': { schema: { type: 'string' } } } }, responses: {} } } },
      ),
    );
    expect([...text.matchAll(/^export const (\w+)/gm)].map((match) => match[1])).toEqual(['zFooBar', 'zFooBar2', 'zUserList', 'z_2fa', 'zGetFooBody', 'zGetFooBody2', 'operations']);
  });

  it('a cycle no property closes is annotated with the type beside it, imported only then; a module with no such cycle imports zod alone', async () => {
    const nested = spec({ Nested: { type: 'array', items: { $ref: '#/components/schemas/Nested' } } });
    const beside = await generateZodSchemas(nested, { typesModule: './api-types.js' });
    expect(beside).toContain("import { z } from 'zod';\nimport type { components } from './api-types.js';\n");
    expect(beside).toContain("export const zNested: z.ZodType<components['schemas']['Nested']> = z.array(z.lazy(() => zNested));");
    expect(await generateZodSchemas(nested)).toContain('export const zNested: z.ZodType = z.array(z.lazy(() => zNested));');
    const plain = await generateZodSchemas(spec(schemas, paths), { typesModule: './api-types.js' });
    expect(plain.match(/^import .*$/gm)).toEqual(["import { z } from 'zod';"]);
  });

  it('is deterministic, and says it is generated', async () => {
    const document = spec(schemas, paths);
    const text = await generateZodSchemas(document);
    expect(await generateZodSchemas(JSON.parse(JSON.stringify(document)))).toBe(text);
    expect(text.startsWith('/**\n * Generated by `authkit generate`')).toBe(true);
    expect(text).toContain("\nimport { z } from 'zod';\n");
  });
});
