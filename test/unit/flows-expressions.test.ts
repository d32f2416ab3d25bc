import { describe, expect, it } from 'vitest';
import { atPointer, evaluate, evaluateExpression, evaluateValue, interpolate, isWholeExpression, parseExpression, templateExpressions, withValueAt, type ExpressionContext } from '../../src/flows/runtime-expressions.js';

// Arazzo's runtime expressions: what each one parses to, what it reads from a step's
// context, and the RFC 6901 pointers that reach into the values it names.
const context = (fields: Partial<ExpressionContext> = {}): ExpressionContext => ({ inputs: {}, outputs: {}, steps: {}, workflows: {}, sourceDescriptions: {}, ...fields });

/** The message a call throws, or what it returned when it did not throw. */
function thrown(run: () => unknown): unknown {
  try {
    return { returned: run() };
  } catch (error) {
    return (error as Error).message;
  }
}

const STEP = context({
  url: 'http://127.0.0.1:4010/api/v1/auth/login',
  method: 'POST',
  statusCode: 200,
  request: { headers: { 'content-type': 'application/json' }, query: { page: '2' }, path: { id: '42' }, body: { email: 'ann@example.com' } },
  response: { headers: { 'set-cookie': 'a=1, b=2', 'x-request-id': 'r-1' }, query: {}, path: {}, body: { user: { id: 7, roles: ['admin', 'user'] }, 'a/b': 1, 'm~n': 2 } },
  inputs: { email: 'ann@example.com', page: 3, filter: { tags: ['x'] } },
  outputs: { token: 'T1' },
  steps: { login: { outputs: { token: 'T1', claims: { sub: 'ann' }, 'token.v2': 'T2' } } },
  workflows: { signup: { inputs: { email: 'bob@example.com' }, outputs: { userId: 9 } } },
  sourceDescriptions: { authApi: { url: './openapi.yaml' } },
  components: { parameters: { page: { name: 'page', in: 'query', value: 1 } } },
});

describe('parseExpression', () => {
  it.each([
    ['$url', { source: 'url' }],
    ['$method', { source: 'method' }],
    ['$statusCode', { source: 'statusCode' }],
    ['$request.header.Content-Type', { source: 'request', part: 'header', name: 'Content-Type' }],
    ['$request.query.page', { source: 'request', part: 'query', name: 'page' }],
    ['$request.path.id', { source: 'request', part: 'path', name: 'id' }],
    ['$request.body', { source: 'request', part: 'body', pointer: '' }],
    ['$request.body#/email', { source: 'request', part: 'body', pointer: '/email' }],
    ['$response.header.X-Request-Id', { source: 'response', part: 'header', name: 'X-Request-Id' }],
    ['$response.query.q', { source: 'response', part: 'query', name: 'q' }],
    ['$response.path.id', { source: 'response', part: 'path', name: 'id' }],
    ['$response.body#/user/roles/0', { source: 'response', part: 'body', pointer: '/user/roles/0' }],
    ['$response.body#/a~1b/m~0n', { source: 'response', part: 'body', pointer: '/a~1b/m~0n' }],
    ['$response.body#/v1.2', { source: 'response', part: 'body', pointer: '/v1.2' }],
    ['$inputs.email', { source: 'inputs', name: 'email', pointer: '' }],
    ['$inputs.filter#/tags/0', { source: 'inputs', name: 'filter', pointer: '/tags/0' }],
    ['$outputs.token', { source: 'outputs', name: 'token', pointer: '' }],
    ['$steps.login.outputs.token', { source: 'steps', id: 'login', field: 'outputs', name: 'token', pointer: '' }],
    ['$steps.login.outputs.claims#/sub', { source: 'steps', id: 'login', field: 'outputs', name: 'claims', pointer: '/sub' }],
    ['$workflows.signup.inputs.email', { source: 'workflows', id: 'signup', field: 'inputs', name: 'email', pointer: '' }],
    ['$workflows.signup.outputs.userId', { source: 'workflows', id: 'signup', field: 'outputs', name: 'userId', pointer: '' }],
    ['$sourceDescriptions.authApi.url', { source: 'sourceDescriptions', name: 'authApi', field: 'url' }],
    ['$sourceDescriptions.authApi.auth.login-with.dots', { source: 'sourceDescriptions', name: 'authApi', field: 'auth.login-with.dots' }],
    ['$components.parameters.page', { source: 'components', kind: 'parameters', name: 'page' }],
  ])('%s', (text, expected) => {
    expect(parseExpression(text)).toEqual(expected);
  });

  it.each([
    ['statusCode', 'it must start with $'],
    ['$statusCode.x', '$statusCode takes nothing after it'],
    ['$request.header.', 'name the header to read ($request.header.<name>)'],
    ['$response.cookie.sid', '$response is followed by header., query., path. or body'],
    ['$response.bodyx', '$response is followed by header., query., path. or body'],
    ['$response.body#user', 'a JSON pointer starts with / (user)'],
    ['$inputs.filter#tags', 'a JSON pointer starts with / (tags)'],
    ['$response.body#/a~2b', 'a JSON pointer writes ~ as ~0 and / as ~1 (/a~2b)'],
    ['$response.body#/a~', 'a JSON pointer writes ~ as ~0 and / as ~1 (/a~)'],
    ['$inputs', 'name the input ($inputs.<name>)'],
    ['$outputs.#/a', 'name the output ($outputs.<name>)'],
    ['$steps.login.inputs.email', '$steps is followed by <id>.outputs.<name> (or .inputs.<name> for a workflow)'],
    ['$steps.login.outputs', '$steps is followed by <id>.outputs.<name> (or .inputs.<name> for a workflow)'],
    ['$workflows.signup.params.x', '$workflows is followed by <id>.outputs.<name> (or .inputs.<name> for a workflow)'],
    ['$sourceDescriptions.authApi', '$sourceDescriptions is followed by <name>.<field>'],
    ['$components.parameters', '$components is followed by <kind>.<name>'],
    ['$', '$ is not one of $url, $method, $statusCode, $request, $response, $inputs, $outputs, $steps, $workflows, $sourceDescriptions, $components'],
    ['$body.email', '$body is not one of $url, $method, $statusCode, $request, $response, $inputs, $outputs, $steps, $workflows, $sourceDescriptions, $components'],
  ])('%s is an error that names it and says why', (text, why) => {
    expect(thrown(() => parseExpression(text))).toEqual(`${JSON.stringify(text)} is not a runtime expression: ${why}`);
  });
});

describe('evaluate', () => {
  it('reads each source from the context', () => {
    const texts = [
      '$url',
      '$method',
      '$statusCode',
      '$request.header.content-type',
      '$request.query.page',
      '$request.path.id',
      '$request.body#/email',
      '$response.body#/user/roles/1',
      '$response.body#/a~1b',
      '$response.body#/m~0n',
      '$inputs.page',
      '$inputs.filter#/tags',
      '$outputs.token',
      '$steps.login.outputs.token',
      '$steps.login.outputs.claims#/sub',
      '$steps.login.outputs.token.v2',
      '$workflows.signup.inputs.email',
      '$workflows.signup.outputs.userId',
      '$sourceDescriptions.authApi.url',
      '$components.parameters.page',
    ];
    expect(Object.fromEntries(texts.map((text) => [text, evaluate(text, STEP)]))).toEqual({
      '$url': 'http://127.0.0.1:4010/api/v1/auth/login',
      '$method': 'POST',
      '$statusCode': 200,
      '$request.header.content-type': 'application/json',
      '$request.query.page': '2',
      '$request.path.id': '42',
      '$request.body#/email': 'ann@example.com',
      '$response.body#/user/roles/1': 'user',
      '$response.body#/a~1b': 1,
      '$response.body#/m~0n': 2,
      '$inputs.page': 3,
      '$inputs.filter#/tags': ['x'],
      '$outputs.token': 'T1',
      '$steps.login.outputs.token': 'T1',
      '$steps.login.outputs.claims#/sub': 'ann',
      '$steps.login.outputs.token.v2': 'T2',
      '$workflows.signup.inputs.email': 'bob@example.com',
      '$workflows.signup.outputs.userId': 9,
      '$sourceDescriptions.authApi.url': './openapi.yaml',
      '$components.parameters.page': { name: 'page', in: 'query', value: 1 },
    });
  });

  it('reads a header whatever the case of its name, and several Set-Cookie lines as one value', () => {
    expect(['$response.header.X-Request-ID', '$response.header.x-request-id', '$response.header.Set-Cookie'].map((text) => evaluate(text, STEP))).toEqual(['r-1', 'r-1', 'a=1, b=2']);
  });

  it('a query or path name keeps its case', () => {
    expect(['$request.query.Page', '$request.path.ID'].map((text) => evaluate(text, STEP))).toEqual([undefined, undefined]);
  });

  it('reads only own members: what every object inherits names nothing', () => {
    const texts = ['$inputs.constructor', '$outputs.toString', '$response.body#/toString', '$response.body#/user/roles/length', '$response.header.constructor', '$request.query.hasOwnProperty', '$steps.__proto__.outputs.token', '$steps.login.outputs.valueOf', '$workflows.signup.inputs.constructor', '$sourceDescriptions.authApi.toString', '$components.parameters.constructor'];
    expect(texts.map((text) => evaluate(text, STEP))).toEqual(texts.map(() => undefined));
  });

  it('is undefined where the context has nothing', () => {
    const texts = ['$url', '$statusCode', '$request.body', '$response.header.x', '$response.query.q', '$inputs.email', '$steps.login.outputs.token', '$workflows.signup.outputs.userId', '$sourceDescriptions.authApi.url', '$components.parameters.page'];
    expect(texts.map((text) => evaluate(text, context()))).toEqual(texts.map(() => undefined));
  });

  it('evaluateExpression reads a parsed expression as evaluate reads its text', () => {
    expect(evaluateExpression({ source: 'steps', id: 'login', field: 'outputs', name: 'claims', pointer: '/sub' }, STEP)).toEqual('ann');
  });
});

describe('templateExpressions', () => {
  it('finds each {$…} in a string, parsed, and none in a string without one', () => {
    expect(templateExpressions('Bearer {$steps.login.outputs.token} for { $inputs.email } at {$url}')).toEqual([
      { match: '{$steps.login.outputs.token}', expression: { source: 'steps', id: 'login', field: 'outputs', name: 'token', pointer: '' } },
      { match: '{$url}', expression: { source: 'url' } },
    ]);
    expect(templateExpressions('$inputs.email {not an expression} ^\\d{3}$')).toEqual([]);
  });

  it('throws on one that does not parse', () => {
    expect(thrown(() => templateExpressions('a {$url} b {$nope.x}'))).toEqual('"$nope.x" is not a runtime expression: $nope is not one of $url, $method, $statusCode, $request, $response, $inputs, $outputs, $steps, $workflows, $sourceDescriptions, $components');
  });
});

describe('interpolate', () => {
  it('replaces each {$…} with its value as text: missing is empty, an object or array is its JSON', () => {
    expect(interpolate('page={$inputs.page}&missing={$inputs.nope}&filter={$inputs.filter}&roles={$response.body#/user/roles}&token={$steps.login.outputs.token}', STEP)).toEqual('page=3&missing=&filter={"tags":["x"]}&roles=["admin","user"]&token=T1');
  });

  it('reads a value only as text: no replacement patterns, no expressions inside it', () => {
    const tricky = context({ inputs: { amp: '$&', dollars: '$$', before: "$`", nested: '{$inputs.amp}' } });
    expect(interpolate('<{$inputs.amp}|{$inputs.dollars}|{$inputs.before}|{$inputs.nested}>', tricky)).toEqual("<$&|$$|$`|{$inputs.amp}>");
  });

  it('leaves a string without expressions as it is', () => {
    expect(interpolate('no $inputs.page here {x}', STEP)).toEqual('no $inputs.page here {x}');
  });

  it('throws, naming the expression, when one does not parse', () => {
    expect(thrown(() => interpolate('{$inputs.page} {$steps.login.inputs.email}', STEP))).toEqual('"$steps.login.inputs.email" is not a runtime expression: $steps is followed by <id>.outputs.<name> (or .inputs.<name> for a workflow)');
  });
});

describe('evaluateValue', () => {
  it('a whole expression keeps its value\'s type; a string with {$…} in it is text', () => {
    expect(['$inputs.page', '$inputs.filter', '$statusCode', '$inputs.nope', 'page {$inputs.page}', '{$inputs.page}', 'plain', 7, true, null].map((value) => evaluateValue(value, STEP))).toEqual([3, { tags: ['x'] }, 200, undefined, 'page 3', '3', 'plain', 7, true, null]);
  });

  it('evaluates objects and arrays member by member, at any depth', () => {
    const value = { email: '$inputs.email', meta: { page: '$inputs.page', note: 'from {$url}', list: ['$statusCode', ['$outputs.token', 1]] }, fixed: false };
    expect(evaluateValue(value, STEP)).toEqual({ email: 'ann@example.com', meta: { page: 3, note: 'from http://127.0.0.1:4010/api/v1/auth/login', list: [200, ['T1', 1]] }, fixed: false });
  });
});

describe('isWholeExpression', () => {
  it('is a string that starts with $ and has no space', () => {
    const values = ['$inputs.email', '$response.body#/a', '$', '$inputs.a b', ' $inputs.a', '{$inputs.a}', 'x$inputs.a', ''];
    expect(values.map(isWholeExpression)).toEqual([true, true, true, false, false, false, false, false]);
  });
});

describe('atPointer', () => {
  const doc = { 'a/b': 1, 'm~n': 2, '~1': 3, '': 4, list: ['zero', 'one', { deep: null }], nested: { x: { y: 'z' } } };

  it('reads by RFC 6901, ~1 as / and ~0 as ~', () => {
    const pointers = ['', '/a~1b', '/m~0n', '/~01', '/', '/list/0', '/list/2/deep', '/nested/x/y', '/nested/x'];
    expect(pointers.map((pointer) => atPointer(doc, pointer))).toEqual([doc, 1, 2, 3, 4, 'zero', null, 'z', { y: 'z' }]);
  });

  it('is undefined where the pointer leads nowhere: a leading-zero index, out of range, -, a name in an array, through a scalar', () => {
    const pointers = ['/list/01', '/list/00', '/list/3', '/list/-1', '/list/-', '/list/length', '/nested/x/y/0', '/missing/x', '/a~1b/c'];
    expect(pointers.map((pointer) => atPointer(doc, pointer))).toEqual(pointers.map(() => undefined));
  });
});

describe('withValueAt', () => {
  it('the empty pointer replaces the whole value', () => {
    expect(withValueAt({ a: 1 }, '', [1, 2])).toEqual([1, 2]);
  });

  it('/ sets the member with the empty name', () => {
    expect(withValueAt({ a: 1 }, '/', 'x')).toEqual({ a: 1, '': 'x' });
  });

  it('sets a member, decoding ~1 and ~0', () => {
    expect(withValueAt({ a: 1 }, '/a~1b', 2)).toEqual({ a: 1, 'a/b': 2 });
    expect(withValueAt({ a: 1 }, '/m~0n', 3)).toEqual({ a: 1, 'm~n': 3 });
  });

  it('/- appends to an array, an index replaces its item', () => {
    expect([withValueAt({ tags: ['a'] }, '/tags/-', 'b'), withValueAt({ tags: ['a', 'b'] }, '/tags/1', 'c'), withValueAt(['a'], '/-', 'b')]).toEqual([{ tags: ['a', 'b'] }, { tags: ['a', 'c'] }, ['a', 'b']]);
  });

  it('in an array, a key that is neither an index nor - leaves it unchanged', () => {
    expect(['/name', '/01', '/-1', '/0x'].map((pointer) => withValueAt(['a', 'b'], pointer, 'z'))).toEqual([['a', 'b'], ['a', 'b'], ['a', 'b'], ['a', 'b']]);
  });

  it('creates the objects missing on the way', () => {
    expect([withValueAt(undefined, '/a/b/c', 1), withValueAt({ a: { keep: true } }, '/a/b/c', 1), withValueAt({ users: [{ name: 'ann' }] }, '/users/0/email', 'e')]).toEqual([{ a: { b: { c: 1 } } }, { a: { keep: true, b: { c: 1 } } }, { users: [{ name: 'ann', email: 'e' }] }]);
  });

  it('returns a copy and leaves its input as it was', () => {
    const input = { user: { name: 'ann', tags: ['a'] }, other: { x: 1 } };
    const before = structuredClone(input);
    const tags = withValueAt(input, '/user/tags/-', 'b') as typeof input;
    const name = withValueAt(input, '/user/name', 'bob') as typeof input;
    const unchangedArray = ['a'];
    const copy = withValueAt(unchangedArray, '/name', 'z');
    expect(input).toEqual(before);
    expect([tags.user.tags, name.user.name, tags.user === input.user, tags.other === input.other, copy === unchangedArray]).toEqual([['a', 'b'], 'bob', false, true, false]);
  });
});
