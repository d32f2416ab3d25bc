import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { IHttpOperation } from '@stoplight/types';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { createPrismEngine } from '../../src/mock/engine/prism-engine.js';
import { answerSources, memoizedPreferences, memoizedValidateOutput } from '../../src/mock/engine/prism-memo.js';
import { prismHttp } from '../../src/mock/engine/prism-modules.js';
import { shareIdenticalNodes, shareIdenticalParameterLists } from '../../src/mock/engine/share-identical.js';
import { fixture } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp-dir.js';

// Prism's own output validation and response lookup, as the engine takes them.
const require = createRequire(import.meta.url);
const { validateOutput } = require('@stoplight/prism-http/dist/validator/index.js') as { validateOutput: Parameters<typeof memoizedValidateOutput>[0] };
const { findOperationResponse } = require('@stoplight/prism-http/dist/validator/utils/spec.js') as { findOperationResponse: Parameters<typeof memoizedValidateOutput>[1] };
const { getHttpConfigFromRequest } = require('@stoplight/prism-http-server/dist/getHttpConfigFromRequest.js') as { getHttpConfigFromRequest: Parameters<typeof memoizedPreferences>[0] };

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
    // As the parse leaves them: equal schemas are one object (share-identical), ids apart.
    const schema = problemSchema();
    const [a, b] = [operation('a', schema), operation('b', schema)];
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

  it('forgets once its keys hold 16 MB of text, however few they are (generated answers are new each time)', () => {
    let calls = 0;
    const validate = memoizedValidateOutput(() => ((calls += 1), { _tag: 'Right', right: undefined }), findOperationResponse);
    const a = operation('a');
    const big = (index: number) => answer(`${index}:${'x'.repeat(60_000)}`);
    validate({ resource: a, element: big(0) });
    for (let index = 1; index <= 10; index += 1) validate({ resource: a, element: big(index) });
    validate({ resource: a, element: big(0) });
    expect(calls).toBe(11);
    // 300 more bodies of 60 KB: past 16 MB, so the first is checked again.
    for (let index = 11; index <= 310; index += 1) validate({ resource: a, element: big(index) });
    validate({ resource: a, element: big(0) });
    expect(calls).toBe(312);
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
    expect((c.responses[0]!.headers![0] as unknown as { examples: Array<{ value: unknown }> }).examples[0]!.value).toBe(60);
    // Empty lists are left alone.
    expect(b.request!.query).not.toBe(a.request!.query);
  });
});

describe("copies of an operation share the mocker's answer, and only that", () => {
  it('the same responses are one source; another example value (its own `id` too), method or bundle is another', () => {
    const source = answerSources();
    // As the parse leaves them: equal schemas one object.
    const [a, b, c, d, e] = shareIdenticalNodes(['a', 'b', 'c', 'd', 'e'].map((id) => operation(id))) as [IHttpOperation, IHttpOperation, IHttpOperation, IHttpOperation, IHttpOperation];
    (c.responses[0]!.contents![0]!.examples as unknown[]).push({ id: 'c-x', key: 'one', value: { id: 'first' } });
    (d.responses[0]!.contents![0]!.examples as unknown[]).push({ id: 'd-x', key: 'one', value: { id: 'second' } });
    (e as { method: string }).method = 'head';
    expect(source(b)).toBe(source(a));
    expect(new Set([a, c, d, e].map(source)).size).toBe(4);
    (b as { __bundled__?: object }).__bundled__ = {};
    expect(answerSources()(b)).not.toBe(answerSources()(a));
  });

  it("each copy's answer still names its own operation where it must: the broken example's finding", { timeout: 30_000 }, async () => {
    // The ping spec's 200 example breaks its schema; a second path is an exact copy of the first.
    const document = parse(readFileSync(fixture('specs', 'broken-example.yaml'), 'utf8')) as { paths: Record<string, unknown> };
    document.paths['/api/v2/ping'] = structuredClone(document.paths['/api/v1/ping']);
    (document.paths['/api/v2/ping'] as { get: { operationId: string } }).get.operationId = 'getPingAgain';
    const file = join(await tempDir('output-memo-'), 'openapi.json');
    await writeFile(file, JSON.stringify(document));
    const operations = shareIdenticalParameterLists(shareIdenticalNodes(await prismHttp.getHttpOperationsFromSpec(file)));
    const [v1, v2] = ['/api/v1/ping', '/api/v2/ping'].map((path) => operations.find((item) => item.path === path)!);
    // The copies are one source, so the mocker's answer object is shared.
    const source = answerSources();
    expect(source(v2!)).toBe(source(v1!));
    const engine = createPrismEngine({ operations, errors: true, specFile: file });
    const ask = async (url: string) => {
      const answer = await engine.handle({ method: 'GET', url, headers: {}, body: undefined });
      return [answer.status, answer.body, answer.headers['authkit-spec-finding']];
    };
    for (let round = 0; round < 2; round += 1) {
      expect(await ask('/api/v1/ping')).toEqual([200, '{"pong":true}', '#/paths/~1api~1v1~1ping/get/responses/200/content/application~1json/example /pong must be boolean']);
      expect(await ask('/api/v2/ping')).toEqual([200, '{"pong":true}', '#/paths/~1api~1v2~1ping/get/responses/200/content/application~1json/example /pong must be boolean']);
    }
  });
});

describe("a request's preferences, kept by the header or the query parameters Prism reads them from", () => {
  it('the same Prefer is read once; another, or the query when Prefer is absent or empty, is read for itself', () => {
    let calls = 0;
    const read = memoizedPreferences((input) => ((calls += 1), getHttpConfigFromRequest(input)));
    const ask = (prefer: string | undefined, query: Record<string, string> = {}) => read({ url: { query: { page: String(calls), ...query } }, headers: prefer === undefined ? {} : { prefer } });
    expect(ask('code=429')).toEqual({ _tag: 'Right', right: { code: 429, exampleKey: undefined, dynamic: undefined, seed: undefined } });
    expect(ask('code=429', { __code: '500' })).toEqual({ _tag: 'Right', right: { code: 429, exampleKey: undefined, dynamic: undefined, seed: undefined } });
    expect(calls).toBe(1);
    expect(ask('code=429, example=two')).toMatchObject({ right: { code: 429, exampleKey: 'two' } });
    expect(ask(undefined, { __code: '404' })).toMatchObject({ right: { code: 404 } });
    expect(ask('', { __code: '409' })).toMatchObject({ right: { code: 409 } });
    expect(ask('', { __code: '410' })).toMatchObject({ right: { code: 410 } });
    expect(ask(undefined, { __code: '404', __dynamic: 'true' })).toMatchObject({ right: { code: 404, dynamic: true } });
    expect((ask(undefined, { __code: 'nope' }) as { _tag: string })._tag).toBe('Left');
    expect(calls).toBe(7);
  });
});
