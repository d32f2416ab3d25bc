import { describe, expect, it } from 'vitest';
import type { Criterion } from '../../src/flows/arazzo-types.js';
import { checkCriterion } from '../../src/flows/criteria.js';
import type { ExpressionContext } from '../../src/flows/runtime-expressions.js';

// One criterion of a step against the response it got: whether it passed, and when it
// did not, a message a reader of the report can act on.
const context = (body: unknown, statusCode = 401): ExpressionContext => ({
  statusCode,
  response: { headers: { 'content-type': 'application/json' }, body },
  inputs: { user: 'ann', id: 7 },
  outputs: {},
  steps: {},
  workflows: {},
  sourceDescriptions: {},
});

const PETS = context({ pets: [{ name: 'Rex', id: 7 }], email: 'ann@example.com', list: [], none: null });

/** The result without the criterion it echoes back (checked once, below). */
const result = (criterion: Criterion, at: ExpressionContext = PETS) => {
  const { criterion: echoed, ...rest } = checkCriterion(criterion, at);
  expect(echoed).toBe(criterion);
  return rest;
};

describe('checkCriterion: simple', () => {
  it('passes without a message, and returns the criterion it checked', () => {
    const criterion: Criterion = { condition: '$statusCode == 401' };
    expect(checkCriterion(criterion, PETS)).toStrictEqual({ criterion, passed: true });
    expect(result({ condition: '$statusCode == 401', type: 'simple' })).toStrictEqual({ passed: true });
  });

  it('fails with the condition and the values it compared', () => {
    expect(result({ condition: '$statusCode == 200' })).toStrictEqual({ passed: false, message: '$statusCode == 200 is false ($statusCode is 401)' });
  });

  it('names each value once, a missing one as missing', () => {
    expect(result({ condition: '$response.body#/missing != null && $statusCode == 200 || $statusCode == 201' })).toStrictEqual({ passed: false, message: '$response.body#/missing != null && $statusCode == 200 || $statusCode == 201 is false ($response.body#/missing is missing, $statusCode is 401)' });
  });

  it('shortens a long value to 80 characters', () => {
    const long = 'x'.repeat(100);
    expect(result({ condition: "$response.body#/text == 'y'" }, context({ text: long }))).toStrictEqual({ passed: false, message: `$response.body#/text == 'y' is false ($response.body#/text is "${'x'.repeat(76)}…)` });
  });

  it('a condition that does not parse fails with why', () => {
    expect(result({ condition: '$ == 1' })).toStrictEqual({ passed: false, message: 'the condition "$ == 1" does not parse: "$" is not a runtime expression: $ is not one of $url, $method, $statusCode, $request, $response, $inputs, $outputs, $steps, $workflows, $sourceDescriptions, $components' });
  });
});

describe('checkCriterion: regex', () => {
  it('matches the context, with {$…} in the pattern replaced by its value', () => {
    expect([result({ context: '$response.body#/email', condition: '^{$inputs.user}@example\\.com$', type: 'regex' }), result({ context: '$response.body#/email', condition: '^bob@', type: 'regex' })]).toStrictEqual([
      { passed: true },
      { passed: false, message: '$response.body#/email does not match /^bob@/' },
    ]);
  });

  it('reports the pattern as interpolated', () => {
    expect(result({ context: '$response.body#/email', condition: '^{$inputs.id}', type: 'regex' })).toStrictEqual({ passed: false, message: '$response.body#/email does not match /^7/' });
  });

  it('matches an object or array by its JSON', () => {
    expect([result({ context: '$response.body', condition: '"id":7', type: 'regex' }), result({ context: '$response.body#/list', condition: '^\\[\\]$', type: 'regex' })]).toStrictEqual([{ passed: true }, { passed: true }]);
  });

  it('a pattern that is not a regular expression fails with why', () => {
    expect(result({ context: '$response.body#/email', condition: '(', type: 'regex' })).toStrictEqual({ passed: false, message: expect.stringMatching(/^Invalid regular expression: \/\(\/.*: Unterminated group$/) });
  });
});

describe('checkCriterion: jsonpath', () => {
  it('passes when the path finds something in an object, with {$…} replaced first', () => {
    const criteria: Criterion[] = [
      { context: '$response.body', condition: '$.pets[?@.id == {$inputs.id}]', type: 'jsonpath' },
      { context: '$response.body', condition: '$.pets[0].name', type: { type: 'jsonpath', version: 'rfc9535' } },
      { context: '$response.body', condition: '$.email', type: { type: 'jsonpath', version: 'draft-goessner-dispatch-jsonpath-00' } },
    ];
    expect(criteria.map((criterion) => result(criterion))).toStrictEqual([{ passed: true }, { passed: true }, { passed: true }]);
  });

  it('fails, naming the path and the context, when it finds nothing', () => {
    expect(result({ context: '$response.body', condition: '$.pets[?@.id == 8]', type: 'jsonpath' })).toStrictEqual({ passed: false, message: '$.pets[?@.id == 8] finds nothing in $response.body' });
  });

  it('a filter at the root reads the context as the one member of a list (Arazzo\'s own example)', () => {
    const criterion: Criterion = { context: '$response.body', condition: '$[?count(@.pets) > 0]', type: { type: 'jsonpath', version: 'draft-goessner-dispatch-jsonpath-00' } };
    expect([result(criterion, context({ pets: [{ id: 1 }] })), result(criterion, context({ cats: [] })), result({ ...criterion, condition: '$[?count(@.pets[*]) > 0]' }, context({ pets: [] }))]).toStrictEqual([
      { passed: true },
      { passed: false, message: '$[?count(@.pets) > 0] finds nothing in $response.body' },
      { passed: false, message: '$[?count(@.pets[*]) > 0] finds nothing in $response.body' },
    ]);
  });

  it('any other path reads the context as it is: $[*] finds nothing in []', () => {
    const criterion: Criterion = { context: '$response.body', condition: '$[*]', type: 'jsonpath' };
    expect([result(criterion, context([])), result(criterion, context([0]))]).toStrictEqual([{ passed: false, message: '$[*] finds nothing in $response.body' }, { passed: true }]);
  });

  it('a path that is not RFC 9535 JSONPath fails with why', () => {
    expect(result({ context: '$response.body', condition: '$[', type: 'jsonpath' })).toStrictEqual({ passed: false, message: '$[ is not a JSONPath (RFC 9535): Expected "\'", "*", "-", "0", ":", "?", "\\"", [1-9], or [\\t-\\n\\r ] but end of input found.' });
  });

  it('a JSONPath version Arazzo does not name fails', () => {
    expect(result({ context: '$response.body', condition: '$.pets', type: { type: 'jsonpath', version: 'draft-x' } })).toStrictEqual({ passed: false, message: 'JSONPath version draft-x is not one Arazzo names (rfc9535, draft-goessner-dispatch-jsonpath-00)' });
  });
});

describe('checkCriterion: what cannot be checked fails', () => {
  it('xpath is not supported, and says so', () => {
    expect([result({ context: '$response.body', condition: '/pets', type: 'xpath' }), result({ context: '$response.body', condition: '/pets', type: { type: 'xpath', version: 'xpath-30' } })]).toStrictEqual([
      { passed: false, message: 'xpath criteria are not supported by this runner' },
      { passed: false, message: 'xpath criteria are not supported by this runner' },
    ]);
  });

  it('a regex or jsonpath without a context', () => {
    expect([result({ condition: 'x', type: 'regex' }), result({ condition: '$.pets', type: 'jsonpath' })]).toStrictEqual([
      { passed: false, message: 'a regex criterion needs a context (a runtime expression, such as $response.body)' },
      { passed: false, message: 'a jsonpath criterion needs a context (a runtime expression, such as $response.body)' },
    ]);
  });

  it('a context with no value, missing or null', () => {
    expect([result({ context: '$response.body#/missing', condition: 'x', type: 'regex' }), result({ context: '$response.body#/none', condition: '$', type: 'jsonpath' }), result({ context: '$response.body', condition: 'x', type: 'regex' }, context(undefined))]).toStrictEqual([
      { passed: false, message: '$response.body#/missing has no value' },
      { passed: false, message: '$response.body#/none has no value' },
      { passed: false, message: '$response.body has no value' },
    ]);
  });

  it('a context that is not a runtime expression', () => {
    expect(result({ context: '$body', condition: 'x', type: 'regex' })).toStrictEqual({ passed: false, message: '"$body" is not a runtime expression: $body is not one of $url, $method, $statusCode, $request, $response, $inputs, $outputs, $steps, $workflows, $sourceDescriptions, $components' });
  });
});
