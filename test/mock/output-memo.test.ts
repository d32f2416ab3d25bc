import { createRequire } from 'node:module';
import type { IHttpOperation } from '@stoplight/types';
import { describe, expect, it } from 'vitest';
import { memoizedValidateOutput } from '../../src/mock/engine/prism-memo.js';
import { shareIdenticalParameterLists } from '../../src/mock/engine/share-identical.js';

// Prism's own output validation and response lookup, as the engine takes them.
const require = createRequire(import.meta.url);
const { validateOutput } = require('@stoplight/prism-http/dist/validator/index.js') as { validateOutput: Parameters<typeof memoizedValidateOutput>[0] };
const { findOperationResponse } = require('@stoplight/prism-http/dist/validator/utils/spec.js') as { findOperationResponse: Parameters<typeof memoizedValidateOutput>[1] };

const problemSchema = () => ({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', required: ['code'], properties: { code: { type: 'integer' } } });
const retryAfter = (id: string, example = 30) => ({ id, name: 'Retry-After', style: 'simple', required: true, schema: { type: 'integer', minimum: 0 }, examples: [{ id: `${id}-x`, key: 'default', value: example }] });
/** One operation as Prism's parser makes it: ids of its own on every node. */
const operation = (id: string, schema: object = problemSchema()): IHttpOperation =>
  ({
    id,
    method: 'get',
    path: `/${id}`,
    request: { headers: [], query: [], path: [], cookie: [] },
    responses: [{ id: `${id}-429`, code: '429', headers: [retryAfter(`${id}-h`)], contents: [{ id: `${id}-c`, mediaType: 'application/json', schema, examples: [] }] }],
  }) as unknown as IHttpOperation;
const answer = (body: unknown, retry = '30') => ({ statusCode: 429, headers: { 'content-type': 'application/json', 'Retry-After': retry }, body });

/** Prism's validator, counting its calls. */
function counted() {
  const calls: string[] = [];
  const validate: Parameters<typeof memoizedValidateOutput>[0] = (opts) => {
    calls.push(String(opts.resource.id));
    return validateOutput(opts);
  };
  return { calls, validate: memoizedValidateOutput(validate, findOperationResponse) };
}

describe("Prism's output validation, kept by what it reads", () => {
  it('copies of one response in two operations (ids apart) give one verdict, checked once', () => {
    const { calls, validate } = counted();
    const [a, b] = [operation('a'), operation('b')];
    const bad = validate({ resource: a, element: answer({ code: 'not a number' }) });
    expect(bad._tag).toBe('Left');
    expect(validate({ resource: b, element: answer({ code: 'not a number' }) })).toBe(bad);
    expect(calls).toEqual(['a']);
    // Right holds the answer of this call, not the first one's.
    const good = answer({ code: 7 });
    expect(validate({ resource: a, element: answer({ code: 7 }) })._tag).toBe('Right');
    const again = validate({ resource: b, element: good });
    expect(again._tag === 'Right' && again.right).toBe(good);
    expect(calls).toEqual(['a', 'a']);
  });

  it('another body, header value or schema is checked again, with its own verdict', () => {
    const { calls, validate } = counted();
    const a = operation('a');
    expect(validate({ resource: a, element: answer({ code: 7 }) })._tag).toBe('Right');
    expect(validate({ resource: a, element: answer({ code: '7' }) })._tag).toBe('Left');
    expect(validate({ resource: a, element: answer({ code: 7 }, '-1') })._tag).toBe('Left');
    // The same answer, where the schema asks for a string: not the verdict of the integer schema.
    const strings = operation('s', { type: 'object', required: ['code'], properties: { code: { type: 'string' } } });
    expect(validate({ resource: strings, element: answer({ code: 7 }) })._tag).toBe('Left');
    expect(calls).toEqual(['a', 'a', 'a', 's']);
  });

  it('a status no response documents is checked every time (Prism names every documented code)', () => {
    const { calls, validate } = counted();
    const a = operation('a');
    const element = { statusCode: 200, headers: { 'content-type': 'application/json' }, body: {} };
    expect(validate({ resource: a, element })._tag).toBe('Left');
    expect(validate({ resource: a, element })._tag).toBe('Left');
    expect(calls).toEqual(['a', 'a']);
  });
});

describe('identical parameter lists become one array', () => {
  it('lists that differ only in the ids Prism gives are one; another example value or schema keeps its own', () => {
    const [a, b, c, d] = [operation('a'), operation('b'), operation('c'), operation('d')];
    c.responses[0]!.headers = [retryAfter('c-h', 60)] as never;
    (d.responses[0]!.headers![0] as { schema: object }).schema = { type: 'integer', minimum: 1 };
    shareIdenticalParameterLists([a, b, c, d]);
    expect(b.responses[0]!.headers).toBe(a.responses[0]!.headers);
    expect(c.responses[0]!.headers).not.toBe(a.responses[0]!.headers);
    expect(d.responses[0]!.headers).not.toBe(a.responses[0]!.headers);
    expect((c.responses[0]!.headers![0]!.examples![0] as { value: unknown }).value).toBe(60);
    // Empty lists are left alone.
    expect(b.request!.query).not.toBe(a.request!.query);
  });
});
