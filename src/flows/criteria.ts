import { query } from 'jsonpath-rfc9535';
import type { Criterion } from './arazzo-types.js';
import { evaluateCondition } from './conditions.js';
import { evaluate, interpolate, type ExpressionContext } from './runtime-expressions.js';

export interface CriterionResult {
  criterion: Criterion;
  passed: boolean;
  /** Why it failed, in words a reader of the report can act on. */
  message?: string;
}

/** The JSONPath versions an Expression Type Object may name: Arazzo 1.0.1's, and 1.1's RFC 9535 (what jsonpath-rfc9535 implements). */
const JSONPATH_VERSIONS = ['rfc9535', 'draft-goessner-dispatch-jsonpath-00'];

/**
 * One criterion of a step: a simple condition, a regular expression the context must
 * match, or a JSONPath (RFC 9535, jsonpath-rfc9535) that must find something in the
 * context. In a regex or a JSONPath, runtime expressions are embedded as `{$…}` (Arazzo
 * 1.1), so `$.pets[*]` is a JSONPath, never an expression. XPath is not supported, and
 * says so (Arazzo 1.1: a criterion that cannot be evaluated fails).
 */
export function checkCriterion(criterion: Criterion, context: ExpressionContext): CriterionResult {
  try {
    const type = criterion.type !== null && typeof criterion.type === 'object' ? criterion.type.type : (criterion.type ?? 'simple');
    if (type === 'simple') {
      const passed = evaluateCondition(criterion.condition, context);
      return passed ? { criterion, passed } : { criterion, passed, message: `${criterion.condition} is false${describeOperands(criterion.condition, context)}` };
    }
    if (type !== 'regex' && type !== 'jsonpath') return { criterion, passed: false, message: `${type} criteria are not supported by this runner` };
    if (criterion.context === undefined) return { criterion, passed: false, message: `a ${type} criterion needs a context (a runtime expression, such as $response.body)` };
    const value = evaluate(criterion.context, context);
    if (value === undefined || value === null) return { criterion, passed: false, message: `${criterion.context} has no value` };
    if (type === 'regex') {
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      const pattern = interpolate(criterion.condition, context);
      const passed = new RegExp(pattern).test(text);
      return passed ? { criterion, passed } : { criterion, passed, message: `${criterion.context} does not match /${pattern}/` };
    }
    if (typeof criterion.type === 'object' && !JSONPATH_VERSIONS.includes(criterion.type.version)) return { criterion, passed: false, message: `JSONPath version ${criterion.type.version} is not one Arazzo names (${JSONPATH_VERSIONS.join(', ')})` };
    const path = interpolate(criterion.condition, context);
    // Arazzo's own example (`$[?count(@.pets) > 0]`) filters the context as the one member
    // of a list, so a filter at the root is tried that way too; any other path (1.1's
    // `$.pets[*]`) reads the context only as it is: `$[*]` finds nothing in `[]`.
    let passed: boolean;
    try {
      passed = query(value as never, path).length > 0 || (/^\$\s*\[\s*\?/.test(path) && query([value] as never, path).length > 0);
    } catch (error) {
      return { criterion, passed: false, message: `${path} is not a JSONPath (RFC 9535): ${(error as Error).message}` };
    }
    return passed ? { criterion, passed } : { criterion, passed, message: `${path} finds nothing in ${criterion.context}` };
  } catch (error) {
    return { criterion, passed: false, message: (error as Error).message };
  }
}

/** The values a failed condition compared, so the report says `$statusCode == 200 is false ($statusCode is 401)`. */
function describeOperands(condition: string, context: ExpressionContext): string {
  const values = [...new Set(condition.match(/\$[^\s()!=<>&|]+/g) ?? [])].map((text) => {
    let value: unknown;
    try {
      value = evaluate(text, context);
    } catch {
      return undefined;
    }
    const shown = value === undefined ? 'missing' : JSON.stringify(value);
    return `${text} is ${shown.length > 80 ? `${shown.slice(0, 77)}…` : shown}`;
  });
  const known = values.filter((value): value is string => value !== undefined);
  return known.length > 0 ? ` (${known.join(', ')})` : '';
}
