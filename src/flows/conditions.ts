import { evaluateExpression, parseExpression, type Expression, type ExpressionContext } from './runtime-expressions.js';

// Arazzo's simple conditions: literals (true, false, null, numbers, 'strings'), runtime
// expressions, `== != < <= > >=`, `! && ||` and parentheses; `.name` and `[0]` after a
// body reach into it. Hand-written for the reasons in runtime-expressions.ts, with the
// comparison rules Arazzo 1.1 spells out (1.0.1 leaves them loose): strings compare
// case-insensitively, a numeric string compares as its number, null equals only null,
// and a missing value makes a comparison false.

type Node =
  | { kind: 'literal'; value: unknown }
  | { kind: 'expression'; expression: Expression; text: string }
  | { kind: 'not'; operand: Node }
  | { kind: 'binary'; operator: '&&' | '||'; left: Node; right: Node }
  | { kind: 'compare'; operator: '==' | '!=' | '<' | '<=' | '>' | '>='; left: Node; right: Node };

type Token = { type: 'op'; value: string } | { type: 'literal'; value: unknown } | { type: 'expression'; value: string };

/** Parses a simple condition; throws naming what is wrong and where. */
export function parseCondition(source: string): Node {
  // The spec's own examples write a condition in braces, as an embedded expression: `{$statusCode == 200}`.
  const text = /^\{[\s\S]*\}$/.test(source.trim()) ? source.trim().slice(1, -1) : source;
  const tokens = tokenize(text, source);
  let index = 0;
  const fail = (why: string): never => {
    throw new Error(`the condition ${JSON.stringify(source)} does not parse: ${why}`);
  };
  const peek = () => tokens[index];
  const takeOp = (value: string) => {
    const token = peek();
    if (token?.type === 'op' && token.value === value) {
      index += 1;
      return true;
    }
    return false;
  };
  const primary = (): Node => {
    const token = tokens[index++];
    if (!token) return fail('it ends too soon');
    if (token.type === 'literal') return { kind: 'literal', value: token.value };
    if (token.type === 'expression') {
      try {
        return { kind: 'expression', expression: parseExpression(token.value), text: token.value };
      } catch (error) {
        return fail((error as Error).message);
      }
    }
    if (token.value === '(') {
      const inner = or();
      if (!takeOp(')')) fail('a ( is not closed');
      return inner;
    }
    if (token.value === '!') return { kind: 'not', operand: primary() };
    return fail(`${token.value} is not where a value goes`);
  };
  const comparison = (): Node => {
    const left = primary();
    const token = peek();
    if (token?.type === 'op' && ['==', '!=', '<', '<=', '>', '>='].includes(token.value)) {
      index += 1;
      return { kind: 'compare', operator: token.value as '==', left, right: primary() };
    }
    return left;
  };
  const and = (): Node => {
    let node = comparison();
    while (takeOp('&&')) node = { kind: 'binary', operator: '&&', left: node, right: comparison() };
    return node;
  };
  const or = (): Node => {
    let node = and();
    while (takeOp('||')) node = { kind: 'binary', operator: '||', left: node, right: and() };
    return node;
  };
  const root = or();
  if (index < tokens.length) fail(`${describe(tokens[index]!)} is left over`);
  return root;
}

/** Whether a simple condition holds in the context. */
export function evaluateCondition(source: string, context: ExpressionContext): boolean {
  return truthy(evaluateNode(parseCondition(source), context));
}

function evaluateNode(node: Node, context: ExpressionContext): unknown {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'expression':
      return evaluateExpression(node.expression, context);
    case 'not':
      return !truthy(evaluateNode(node.operand, context));
    case 'binary': {
      const left = truthy(evaluateNode(node.left, context));
      if (node.operator === '&&') return left && truthy(evaluateNode(node.right, context));
      return left || truthy(evaluateNode(node.right, context));
    }
    case 'compare':
      return compare(node.operator, evaluateNode(node.left, context), evaluateNode(node.right, context));
  }
}

function truthy(value: unknown): boolean {
  return value !== undefined && value !== null && value !== false;
}

function compare(operator: '==' | '!=' | '<' | '<=' | '>' | '>=', left: unknown, right: unknown): boolean {
  // A missing value makes any comparison false, `!=` too: `$response.body#/data != null` must not hold when there is no data.
  if (left === undefined || right === undefined) return false;
  if (operator === '!=') return !compare('==', left, right);
  if (left === null || right === null) return operator === '==' && left === right;
  const [a, b] = coerce(operator, left, right);
  if (operator === '==') return typeof a === 'object' || typeof b === 'object' ? sameJson(a, b) : a === b;
  if (typeof a !== typeof b || (typeof a !== 'number' && typeof a !== 'string')) return false;
  return operator === '<' ? a < (b as typeof a) : operator === '<=' ? a <= (b as typeof a) : operator === '>' ? a > (b as typeof a) : a >= (b as typeof a);
}

/** A decimal number written as text (`200`, `-1.5`, `2e3`); not `0x10`, `Infinity` or the empty string. */
const NUMERIC = /^\s*-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;

/**
 * A numeric string beside a number is that number, and two numeric strings are ordered
 * as numbers (`'10' > '9'`; for `==` they stay text, so `'007'` is not `'7'`); strings
 * compare without case.
 */
function coerce(operator: string, left: unknown, right: unknown): [unknown, unknown] {
  const numeric = (value: unknown) => typeof value === 'string' && NUMERIC.test(value);
  const asNumber = (value: unknown) => (numeric(value) ? Number(value) : value);
  if (typeof left === 'number' || typeof right === 'number') return [asNumber(left), asNumber(right)];
  if (operator !== '==' && numeric(left) && numeric(right)) return [asNumber(left), asNumber(right)];
  if (typeof left === 'string' && typeof right === 'string') return [left.toLowerCase(), right.toLowerCase()];
  return [left, right];
}

/** Objects and arrays are equal when their JSON is, whatever the order of their members. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, index) => sameJson(item, b[index]));
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

const OPERATORS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '!', '(', ')'];

function tokenize(text: string, source: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  const fail = (why: string): never => {
    throw new Error(`the condition ${JSON.stringify(source)} does not parse: ${why}`);
  };
  while (index < text.length) {
    const char = text[index]!;
    if (/\s/.test(char)) {
      index += 1;
      continue;
    }
    const operator = OPERATORS.find((candidate) => text.startsWith(candidate, index));
    if (operator) {
      tokens.push({ type: 'op', value: operator });
      index += operator.length;
      continue;
    }
    if (char === "'" || char === '"') {
      // Arazzo's strings are single-quoted, a quote doubled inside; double quotes are read alike.
      let value = '';
      index += 1;
      for (;;) {
        if (index >= text.length) fail('a string is not closed');
        if (text[index] === char) {
          if (text[index + 1] === char) {
            value += char;
            index += 2;
            continue;
          }
          index += 1;
          break;
        }
        value += text[index];
        index += 1;
      }
      tokens.push({ type: 'literal', value });
      continue;
    }
    if (char === '$') {
      // A lone `$` is a token too: the parser then says it is not a runtime expression.
      const match = /^\$[^\s()!=<>&|]*/.exec(text.slice(index))![0];
      tokens.push({ type: 'expression', value: match });
      index += match.length;
      continue;
    }
    const word = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)(?![\w$])/.exec(text.slice(index));
    if (word) {
      tokens.push({ type: 'literal', value: word[0] === 'true' ? true : word[0] === 'false' ? false : word[0] === 'null' ? null : Number(word[0]) });
      index += word[0].length;
      continue;
    }
    fail(`${JSON.stringify(text.slice(index, index + 12))} is not a value, an operator or a runtime expression`);
  }
  return tokens;
}

function describe(token: Token): string {
  return token.type === 'op' ? token.value : token.type === 'expression' ? token.value : JSON.stringify(token.value);
}
