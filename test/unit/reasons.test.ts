import { afterEach, describe, expect, it, vi } from 'vitest';
import { shortenReason } from '../../src/contract/reason.js';
import { createSchemaValidator } from '../../src/schema/schema-validator.js';
import { Ajv } from 'ajv';

// What Prism said of one spec whose response broke a oneOf: every property, branch by branch.
const prismItems = ['string', 'integer'].flatMap((type) => Array.from({ length: 250 }, (_, index) => `Response body property f${index} must be ${type}`));
const prismList = `Request/Response not valid: ${prismItems.join('; ')}`;
const statusLine = `status_code_conformance: expected 200, got 500 (${prismList})`;
const violationsLine = `no_response_violations: Prism found the response breaks the spec: ${prismList}`;
const schemaLine =
  "response_schema_conformance: body does not match its schema: /pet matches none of 3 oneOf branches; closest is #2 (Cat): /pet must have required property 'meows'; /id must be string; /name must be string; /age must be integer";
const longMessage = `client_conformance: client gave an error for 200: ${'the body could not be read because the stream ended early '.repeat(5).trim()}`;

describe('shortenReason', () => {
  const cases: Array<[string, { given: string; want: string; limit?: number }]> = [
    ['a short reason is left alone', { given: 'content_type_conformance: content type text/html is not one of application/json', want: 'content_type_conformance: content type text/html is not one of application/json' }],
    [
      'a list of three is left alone',
      {
        given: 'response_headers_conformance: Retry-After is required but missing; X-Rate: "a" (body) must be integer; ETag is required but missing',
        want: 'response_headers_conformance: Retry-After is required but missing; X-Rate: "a" (body) must be integer; ETag is required but missing',
      },
    ],
    [
      'a list of five keeps three, then counts the rest',
      {
        given: 'response_headers_conformance: A is required but missing; B is required but missing; C is required but missing; D is required but missing; E is required but missing',
        want: 'response_headers_conformance: A is required but missing; B is required but missing; C is required but missing; and 2 more',
      },
    ],
    [
      'the same violation twice is said once',
      {
        given:
          'no_response_violations: Prism found the response breaks the spec: Response body must match exactly one schema in oneOf; Response body must match exactly one schema in oneOf; Response body property id must be string',
        want: 'no_response_violations: Prism found the response breaks the spec: Response body must match exactly one schema in oneOf; Response body property id must be string',
      },
    ],
    [
      "a 22,000-character line of Prism's keeps the items that fit in 200 characters",
      {
        given: violationsLine,
        want: 'no_response_violations: Prism found the response breaks the spec: Request/Response not valid: Response body property f0 must be string; Response body property f1 must be string; and 498 more',
      },
    ],
    [
      'a list in parentheses keeps its closing parenthesis',
      {
        given: statusLine,
        want: 'status_code_conformance: expected 200, got 500 (Request/Response not valid: Response body property f0 must be string; Response body property f1 must be string; and 498 more)',
      },
    ],
    [
      'a oneOf sentence counts as one item',
      {
        given: schemaLine,
        want: "response_schema_conformance: body does not match its schema: /pet matches none of 3 oneOf branches; closest is #2 (Cat): /pet must have required property 'meows'; /id must be string; and 2 more",
      },
    ],
    [
      'a line with no list is cut at a word',
      {
        given: longMessage,
        want: 'client_conformance: client gave an error for 200: the body could not be read because the stream ended early the body could not be read because the stream ended early the body could not be read…',
      },
    ],
    [
      'at most four checks, then how many more failed',
      {
        given: ['a: 1', 'b: 2', 'c: 3', 'd: 4', 'e: 5', 'f: 6'].join('\n'),
        want: ['a: 1', 'b: 2', 'c: 3', 'd: 4', 'and 2 more checks failed'].join('\n'),
      },
    ],
    ['one more check is a check', { given: ['a: 1', 'b: 2', 'c: 3', 'd: 4', 'e: 5'].join('\n'), want: ['a: 1', 'b: 2', 'c: 3', 'd: 4', 'and 1 more check failed'].join('\n') }],
    [
      'a 44,644-character reason fits in 600: whole lines are dropped before any is cut',
      {
        given: [statusLine, schemaLine, violationsLine, 'content_type_conformance: content type text/html is not one of application/json', 'envelope_conformance: error body lacks code, detail, type', 'client_conformance: client gave no ApiError for 500'].join('\n'),
        want: [
          'status_code_conformance: expected 200, got 500 (Request/Response not valid: Response body property f0 must be string; Response body property f1 must be string; and 498 more)',
          "response_schema_conformance: body does not match its schema: /pet matches none of 3 oneOf branches; closest is #2 (Cat): /pet must have required property 'meows'; /id must be string; and 2 more",
          'no_response_violations: Prism found the response breaks the spec: Request/Response not valid: Response body property f0 must be string; Response body property f1 must be string; and 498 more',
          'and 3 more checks failed',
        ].join('\n'),
      },
    ],
    [
      'a small limit cuts the one line left and keeps the count',
      {
        given: ['content_type_conformance: content type text/html is not one of application/json', 'envelope_conformance: error body lacks code, detail, type'].join('\n'),
        limit: 60,
        want: 'content_type_conformance: content…\nand 1 more check failed',
      },
    ],
    ['a limit too small for the count cuts everything', { given: 'a: 1\nb: 2', limit: 8, want: 'a: 1…' }],
    ['blank lines are not checks', { given: 'a: 1\n\n  \nb: 2\n', want: 'a: 1\nb: 2' }],
    ['nothing stays nothing', { given: '', want: '' }],
  ];

  it.each(cases)('%s', (_name, { given, want, limit }) => {
    const shortened = shortenReason(given, limit);
    expect(shortened).toBe(want);
    expect(shortened.length).toBeLessThanOrEqual(limit ?? 600);
  });

  it.each(cases)('shortening again changes nothing: %s', (_name, { want, limit }) => {
    expect(shortenReason(want, limit)).toBe(want);
  });

  it('the 44,644-character reason is that long, and its result ends with the count', () => {
    const given = cases.find(([name]) => name.startsWith('a 44,644'))![1].given;
    expect(given.length).toBe(44_644);
    expect(shortenReason(given).split('\n').at(-1)).toBe('and 3 more checks failed');
    expect(shortenReason(violationsLine).split('; ').at(-1)).toBe('and 498 more');
  });
});

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

// OpenAPI 3.1: JSON Schema 2020-12.
const document31 = {
  openapi: '3.1.0',
  info: { title: 'pets', version: '1' },
  paths: {},
  components: {
    schemas: {
      Dog: { title: 'A good dog', type: 'object', required: ['barks', 'goodBoy'], properties: { barks: { type: 'boolean' } } },
      Cat: { title: 'A cat', type: 'object', required: ['meows', 'name'], properties: { meows: { type: 'boolean' }, name: { type: 'string' } } },
      // Recursive, so ajv cannot inline it: its errors' schemaPath is `#/required`, relative to Tree.
      Tree: { type: 'object', required: ['leaves'], properties: { leaves: { type: 'integer' }, child: ref('Tree') } },
      Leaf: { type: 'object', required: ['colour', 'size'] },
    },
  },
};

// OpenAPI 3.0: `nullable` beside a `$ref` becomes `anyOf: [the ref, {type: null}]`.
const document30 = {
  openapi: '3.0.3',
  info: { title: 'users', version: '1' },
  paths: {},
  components: {
    schemas: {
      User: { type: 'object', required: ['id', 'email'], properties: { id: { type: 'string' }, email: { type: 'string', format: 'email' } } },
    },
  },
};

describe('errors(): a failed oneOf/anyOf names its closest branch', () => {
  const pet = { type: 'object', properties: { pet: { oneOf: [ref('Dog'), { title: 'Bird', type: 'object', required: ['wings', 'beak'] }, ref('Cat')] } } };
  const cases: Array<[string, { document: object; schema: object; value: unknown; want: string[] }]> = [
    [
      'a plain object error is unchanged',
      {
        document: document31,
        schema: { type: 'object', required: ['id'], properties: { age: { type: 'integer', minimum: 0 } } },
        value: { age: -1 },
        want: ["(body) must have required property 'id'", '/age must be >= 0'],
      },
    ],
    [
      'inline oneOf: the branch of the right type with fewest errors, not the string one with one',
      {
        document: document31,
        schema: { oneOf: [{ type: 'string' }, { type: 'object', required: ['a', 'b'] }, { type: 'object', required: ['c', 'd', 'e'] }] },
        value: { z: 1 },
        want: ["(body) matches none of 3 oneOf branches; closest is #1: (body) must have required property 'a', (body) must have required property 'b'"],
      },
    ],
    [
      'inline oneOf: a tie goes to the first branch, named by its title',
      {
        document: document31,
        schema: { oneOf: [{ title: 'Small', type: 'object', required: ['s'] }, { title: 'Large', type: 'object', required: ['l'] }] },
        value: {},
        want: ["(body) matches none of 2 oneOf branches; closest is #0 (Small): (body) must have required property 's'"],
      },
    ],
    [
      "$ref'd and titled branches: named by the ref's last segment or the title",
      { document: document31, schema: pet, value: { pet: { name: 'Tom' } }, want: ["/pet matches none of 3 oneOf branches; closest is #2 (Cat): /pet must have required property 'meows'"] },
    ],
    [
      '$ref to a recursive schema (not inlined): its errors are attributed, and none leak out',
      {
        document: document31,
        schema: { type: 'object', required: ['id'], properties: { plant: { oneOf: [ref('Leaf'), ref('Tree')] }, name: { type: 'string' } } },
        value: { plant: { leaves: 3, child: { leaves: 'many' } }, name: 7 },
        want: [
          "(body) must have required property 'id'",
          "/plant matches none of 2 oneOf branches; closest is #1 (Tree): /plant/child/leaves must be integer",
          '/name must be string',
        ],
      },
    ],
    [
      'anyOf',
      {
        document: document31,
        schema: { type: 'object', properties: { code: { anyOf: [{ type: 'integer' }, { type: 'string', minLength: 3 }] } } },
        value: { code: 'x' },
        want: ['/code matches none of 2 anyOf branches; closest is #1: /code must NOT have fewer than 3 characters'],
      },
    ],
    [
      'oneOf matching two branches says which',
      { document: document31, schema: pet, value: { pet: { barks: true, goodBoy: true, meows: false, name: 'Rex' } }, want: ['/pet matches 2 of 3 oneOf branches (#0 (Dog), #2 (Cat)); it must match exactly one'] },
    ],
    [
      'a oneOf inside the closest branch is explained the same way',
      {
        document: document31,
        schema: { oneOf: [{ type: 'array' }, { type: 'object', properties: { owner: { oneOf: [{ type: 'string' }, { title: 'Person', type: 'object', required: ['name'] }] } } }] },
        value: { owner: {} },
        want: ["(body) matches none of 2 oneOf branches; closest is #1: /owner matches none of 2 oneOf branches; closest is #1 (Person): /owner must have required property 'name'"],
      },
    ],
    [
      'a closest branch lacking much shows three things and counts the rest',
      {
        document: document31,
        schema: { anyOf: [{ type: 'object', required: ['a', 'b', 'c', 'd', 'e'] }, { type: 'array' }] },
        value: {},
        want: [
          "(body) matches none of 2 anyOf branches; closest is #0: (body) must have required property 'a', (body) must have required property 'b', (body) must have required property 'c', and 2 more",
        ],
      },
    ],
    [
      'duplicate sentences are said once',
      { document: document31, schema: { allOf: [{ required: ['id'] }, { required: ['id'] }] }, value: {}, want: ["(body) must have required property 'id'"] },
    ],
    [
      '3.0 nullable: a non-null value is judged by the schema alone, with no anyOf the spec never wrote',
      {
        document: document30,
        schema: { type: 'object', properties: { owner: { ...ref('User'), nullable: true } } },
        value: { owner: { id: 1, email: 'nope' } },
        want: ['/owner/id must be string', '/owner/email must match format "email"'],
      },
    ],
    ['3.0 nullable: null passes', { document: document30, schema: { type: 'object', properties: { owner: { ...ref('User'), nullable: true } } }, value: { owner: null }, want: [] }],
  ];

  it.each(cases)('%s', (_name, { document, schema, value, want }) => {
    expect(createSchemaValidator(document).errors(schema, value)).toEqual(want);
  });
});

describe('errors(): unknown formats', () => {
  afterEach(() => vi.restoreAllMocks());

  it('are counted per schema that uses them, accepted unchecked, and never printed', () => {
    const console_ = [vi.spyOn(console, 'warn'), vi.spyOn(console, 'log'), vi.spyOn(console, 'error')];
    const document = {
      openapi: '3.1.0',
      info: { title: 'addresses', version: '1' },
      paths: {},
      components: {
        schemas: {
          Country: { type: 'string', format: 'iso-country-code' },
          Address: {
            type: 'object',
            properties: { country: ref('Country'), region: { type: 'string', format: 'iso-country-code' }, email: { type: 'string', format: 'email' }, format: { type: 'string' } },
            // Data, not schema: a `format` in an example is not one.
            example: { format: 'not-a-format' },
          },
        },
      },
    };
    const validator = createSchemaValidator(document);
    expect(validator.unknownFormats()).toEqual({ 'iso-country-code': 2 });

    // A schema of the spec's own is not counted twice; one from elsewhere adds its formats.
    expect(validator.errors(document.components.schemas.Address, { country: 'Narnia', region: '??', email: 'ada@example.com' })).toEqual([]);
    expect(validator.errors({ type: 'object', properties: { zip: { type: 'string', format: 'postal-code' }, at: { $ref: '#/components/schemas/Address' } } }, { zip: 'x', at: { email: 'nope' } })).toEqual([
      '/at/email must match format "email"',
    ]);
    expect(validator.unknownFormats()).toEqual({ 'iso-country-code': 2, 'postal-code': 1 });
    for (const spy of console_) expect(spy).not.toHaveBeenCalled();
  });
});

describe('errors(): one validator per schema text', () => {
  afterEach(() => vi.restoreAllMocks());

  it("compiles once for schemas that read the same (each operation's own $ref object), and judges each alike", () => {
    // ajv's core class, which both the 3.0 (draft-07) and the 3.1 (2020-12) classes extend.
    const compile = vi.spyOn(Object.getPrototypeOf(Ajv.prototype) as { compile(schema: unknown): unknown }, 'compile');
    const document = { openapi: '3.1.0', info: { title: 'names', version: '1' }, paths: {}, components: { schemas: { Name: { type: 'string', minLength: 2 } } } };
    const validator = createSchemaValidator(document);
    const before = compile.mock.calls.length;
    // Three objects, one text: as each operation of a spec holds its own `{ $ref }`.
    const refs = [ref('Name'), ref('Name'), ref('Name')];
    expect(refs.map((schema) => validator.errors(schema, 'a'))).toEqual(Array(3).fill(['(body) must NOT have fewer than 2 characters']));
    expect(refs.map((schema) => validator.errors(schema, 'ab'))).toEqual([[], [], []]);
    // Another text is another validator.
    expect(validator.errors({ type: 'string', minLength: 3 }, 'ab')).toEqual(['(body) must NOT have fewer than 3 characters']);
    expect(compile.mock.calls.length - before).toBe(2);
  });
});
