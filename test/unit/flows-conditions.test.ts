import { describe, expect, it } from 'vitest';
import { evaluateCondition, parseCondition } from '../../src/flows/conditions.js';
import type { ExpressionContext } from '../../src/flows/runtime-expressions.js';

// Arazzo's simple conditions, as a step's successCriteria and its actions' criteria use
// them: each row is a condition and whether it holds after one response.
const CONTEXT: ExpressionContext = {
  statusCode: 200,
  response: {
    headers: { 'content-type': 'application/json' },
    body: { count: 3, name: 'Ann', code: '007', version: '10', flag: true, nothing: null, zero: 0, tags: ['a', 'b'], user: { id: 1, roles: ['x'] }, sameUser: { roles: ['x'], id: 1 }, otherUser: { id: 2, roles: ['x'] } },
  },
  inputs: { tags: ['a', 'b'], reversed: ['b', 'a'], limit: 3 },
  outputs: {},
  steps: {},
  workflows: {},
  sourceDescriptions: {},
};

/** The message a call throws, or what it returned when it did not throw. */
function thrown(run: () => unknown): unknown {
  try {
    return { returned: run() };
  } catch (error) {
    return (error as Error).message;
  }
}

const holds = (rows: Array<[string, boolean]>) => expect(Object.fromEntries(rows.map(([condition]) => [condition, evaluateCondition(condition, CONTEXT)]))).toEqual(Object.fromEntries(rows));

describe('evaluateCondition', () => {
  it('compares with == != < <= > >=', () => {
    holds([
      ['$statusCode == 200', true],
      ['$statusCode != 200', false],
      ['$statusCode != 201', true],
      ['$statusCode < 300', true],
      ['$statusCode < 200', false],
      ['$statusCode <= 200', true],
      ['$statusCode > 200', false],
      ['$statusCode > 199', true],
      ['$statusCode >= 200', true],
      ['$statusCode >= 201', false],
      ['$statusCode==200', true],
      ['200 == $statusCode', true],
    ]);
  });

  it('combines with && || ! and parentheses, && binding tighter than ||', () => {
    holds([
      ['$statusCode == 200 && $response.body#/count == 3', true],
      ['$statusCode == 200 && $response.body#/count == 4', false],
      ['$statusCode == 404 || $response.body#/count == 3', true],
      ['$statusCode == 404 || $response.body#/count == 4', false],
      ['!($statusCode == 404)', true],
      ['!($statusCode == 200)', false],
      ['!$response.body#/flag', false],
      ['!!$response.body#/flag', true],
      ['$statusCode == 200 || $statusCode == 404 && false', true],
      ['($statusCode == 200 || $statusCode == 404) && false', false],
      ['$statusCode==200&&$response.body#/count>=3', true],
      ['(($statusCode == 200))', true],
    ]);
  });

  it('reads literals: numbers, quoted strings, true, false, null', () => {
    holds([
      ['1 < 2', true],
      ['-1.5 < 0', true],
      ['2e3 == 2000', true],
      ["'abc' == 'abc'", true],
      ['"abc" == \'abc\'', true],
      ["'it''s' == \"it's\"", true],
      ["'a == b' == 'a == b'", true],
      ['true', true],
      ['false', false],
      ['null', false],
      ['null == null', true],
      ['true == true', true],
      ['true == false', false],
      ['$response.body#/flag == true', true],
      ["$response.body#/flag == 'true'", false],
      ['1 == true', false],
    ]);
  });

  it('a number beside a numeric string compares as numbers', () => {
    holds([
      ["$statusCode == '200'", true],
      ["'200' == 200", true],
      ["$statusCode == ' 200 '", true],
      ["$statusCode == '2e2'", true],
      ["$statusCode < '300'", true],
      ['$response.body#/version == 10', true],
      ['$response.body#/code == 7', true],
      ["$statusCode == '0x10'", false],
      ["'' == 0", false],
      ["'abc' == 5", false],
      ["'abc' < 5", false],
      ["'abc' > 5", false],
    ]);
  });

  it('two numeric strings are ordered as numbers, but equal only as text', () => {
    holds([
      ["'10' > '9'", true],
      ["'9' < '10'", true],
      ["$response.body#/version > '9'", true],
      ["'1e1' >= '9'", true],
      ["'007' == '7'", false],
      ["'007' != '7'", true],
      ["$response.body#/code == '7'", false],
      ["$response.body#/code == '007'", true],
    ]);
  });

  it('strings compare without case', () => {
    holds([
      ["$response.body#/name == 'ann'", true],
      ["$response.body#/name == 'ANN'", true],
      ["$response.body#/name != 'ANN'", false],
      ["$response.body#/name == 'anne'", false],
      ["'B' > 'a'", true],
      ["'abc' < 'ABD'", true],
    ]);
  });

  it('null equals only null', () => {
    holds([
      ['$response.body#/nothing == null', true],
      ['$response.body#/nothing != null', false],
      ['$response.body#/zero == null', false],
      ['$response.body#/zero != null', true],
      ["$response.body#/nothing == ''", false],
      ['$response.body#/nothing < 1', false],
      ['$response.body#/nothing >= 0', false],
      ['null < 1', false],
    ]);
  });

  it('a missing value makes every comparison false, != too', () => {
    holds([
      ['$response.body#/missing == null', false],
      ['$response.body#/missing != null', false],
      ['$response.body#/missing == 1', false],
      ['$response.body#/missing != 1', false],
      ['$response.body#/missing < 1', false],
      ['$response.body#/missing <= 1', false],
      ['$response.body#/missing > 1', false],
      ['$response.body#/missing >= 1', false],
      ['$response.body#/missing == $response.body#/absent', false],
      ['1 != $response.body#/missing', false],
      ['$inputs.constructor != null', false],
      ['$response.body#/missing', false],
      ['!$response.body#/missing', true],
    ]);
    expect(evaluateCondition('$statusCode == 200', { inputs: {}, outputs: {}, steps: {}, workflows: {}, sourceDescriptions: {} })).toBe(false);
  });

  it('objects and arrays are equal when their JSON is, whatever the order of their keys', () => {
    holds([
      ['$response.body#/user == $response.body#/sameUser', true],
      ['$response.body#/user != $response.body#/sameUser', false],
      ['$response.body#/user == $response.body#/otherUser', false],
      ['$response.body#/tags == $inputs.tags', true],
      ['$response.body#/tags == $inputs.reversed', false],
      ["$response.body#/tags == 'a,b'", false],
      ['$response.body#/user < $response.body#/sameUser', false],
    ]);
  });

  it('reaches into a body with .name and [index], and reads a condition written in braces', () => {
    holds([
      ["$response.body.user.roles[0] == 'x'", true],
      ['$response.body.count == $inputs.limit', true],
      ['{$statusCode == 200}', true],
      [' { $statusCode == 404 } ', false],
    ]);
  });
});

describe('parseCondition', () => {
  it('gives && a tighter hold than ||, and ! the value beside it', () => {
    const statusCode = { kind: 'expression', expression: { source: 'statusCode' }, text: '$statusCode' };
    expect(parseCondition('!$statusCode || 1 < 2 && true')).toEqual({
      kind: 'binary',
      operator: '||',
      left: { kind: 'not', operand: statusCode },
      right: { kind: 'binary', operator: '&&', left: { kind: 'compare', operator: '<', left: { kind: 'literal', value: 1 }, right: { kind: 'literal', value: 2 } }, right: { kind: 'literal', value: true } },
    });
  });

  it.each([
    ['$', '"$" is not a runtime expression: $ is not one of $url, $method, $statusCode, $request, $response, $inputs, $outputs, $steps, $workflows, $sourceDescriptions, $components'],
    ['$ == 200', '"$" is not a runtime expression: $ is not one of $url, $method, $statusCode, $request, $response, $inputs, $outputs, $steps, $workflows, $sourceDescriptions, $components'],
    ['$statusCode == $steps.login.inputs.x', '"$steps.login.inputs.x" is not a runtime expression: $steps is followed by <id>.outputs.<name> (or .inputs.<name> for a workflow)'],
    ['', 'it ends too soon'],
    ['$statusCode ==', 'it ends too soon'],
    ['($statusCode == 200', 'a ( is not closed'],
    ['$statusCode == 200)', ') is left over'],
    ['1 2', '2 is left over'],
    ["$statusCode == 200 'x'", '"x" is left over'],
    ['$statusCode == 200 == 200', '== is left over'],
    ['&& true', '&& is not where a value goes'],
    ["$response.body#/name == 'ann", 'a string is not closed'],
    ['$statusCode = 200', '"= 200" is not a value, an operator or a runtime expression'],
    ['truex', '"truex" is not a value, an operator or a runtime expression'],
    ['$statusCode == 200 and true', '"and true" is not a value, an operator or a runtime expression'],
  ])('%j does not parse: it says why', (condition, why) => {
    expect(thrown(() => parseCondition(condition))).toEqual(`the condition ${JSON.stringify(condition)} does not parse: ${why}`);
  });

  it('evaluateCondition throws what parseCondition does', () => {
    expect(thrown(() => evaluateCondition('$ == 200', CONTEXT))).toEqual('the condition "$ == 200" does not parse: "$" is not a runtime expression: $ is not one of $url, $method, $statusCode, $request, $response, $inputs, $outputs, $steps, $workflows, $sourceDescriptions, $components');
  });
});
