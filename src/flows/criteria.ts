import { query } from 'jsonpath-rfc9535';
import type { Criterion } from './arazzo-types.js';
import { evaluateCondition } from './conditions.js';
import { evaluate, evaluateValue, type ExpressionContext } from './runtime-expressions.js';

export interface CriterionResult {
  criterion: Criterion;
  passed: boolean;
  /** Why it failed, in words a reader of the report can act on. */
  message?: string;
}

/**
 * One criterion of a step: a simple condition, a regular expression the context must
 * match, or a JSONPath (RFC 9535, jsonpath-rfc9535) that must find something in the
 * context. XPath is not supported, and says so (Arazzo 1.1: a criterion that cannot be
 * evaluated fails).
 */
export function checkCriterion(criterion: Criterion, context: ExpressionContext): CriterionResult {
  const type = typeof criterion.type === 'object' ? criterion.type.type : (criterion.type ?? 'simple');
  try {
    if (type === 'simple') {
      const passed = evaluateCondition(criterion.condition, context);
      return passed ? { criterion, passed } : { criterion, passed, message: `${criterion.condition} is false${describeOperands(criterion.condition, context)}` };
    }
    const value = criterion.context === undefined ? undefined : evaluate(criterion.context, context);
    if (value === undefined || value === null) return { criterion, passed: false, message: `${criterion.context} has no value` };
    if (type === 'regex') {
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      const passed = new RegExp(criterion.condition).test(text);
      return passed ? { criterion, passed } : { criterion, passed, message: `${criterion.context} does not match /${criterion.condition}/` };
    }
    if (type === 'jsonpath') {
      if (typeof criterion.type === 'object' && criterion.type.version !== 'draft-goessner-dispatch-jsonpath-00') return { criterion, passed: false, message: `JSONPath version ${criterion.type.version} is not one Arazzo names` };
      // Arazzo 1.0.1's own example (`$[?count(@.pets) > 0]`) filters the context as the one
      // member of a list; 1.1's (`$.pets[*]`) reads it as it is. Either finding nodes passes.
      const path = String(evaluateValue(criterion.condition, context));
      const passed = query(value as never, path).length > 0 || query([value] as never, path).length > 0;
      return passed ? { criterion, passed } : { criterion, passed, message: `${path} finds nothing in ${criterion.context}` };
    }
    return { criterion, passed: false, message: `${type} criteria are not supported by this runner` };
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
