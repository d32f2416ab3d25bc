// Arazzo's runtime expressions (`$statusCode`, `$response.body#/user/id`,
// `$steps.login.outputs.token`, `{$inputs.email}` inside a string), by the ABNF of
// Arazzo 1.0.1. Hand-written: the two packages that implement the grammar
// (@swaggerexpert/arazzo-runtime-expression and -criterion) are not on the npm registry
// this project installs from, and Redocly's respect-core evaluates expressions by
// rewriting them into JavaScript for `new Function` (and compares strings by case).

/** One parsed expression: where its value comes from, and a JSON pointer into it. */
export type Expression =
  | { source: 'url' | 'method' | 'statusCode' }
  | { source: 'request' | 'response'; part: 'header' | 'query' | 'path'; name: string }
  | { source: 'request' | 'response'; part: 'body'; pointer: string }
  | { source: 'inputs' | 'outputs'; name: string; pointer: string }
  | { source: 'steps' | 'workflows'; id: string; field: 'outputs' | 'inputs'; name: string; pointer: string }
  | { source: 'sourceDescriptions'; name: string; field: string }
  | { source: 'components'; kind: string; name: string };

export interface ExpressionContext {
  url?: string;
  method?: string;
  statusCode?: number;
  request?: MessageView;
  response?: MessageView;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  steps: Record<string, { outputs: Record<string, unknown> }>;
  workflows: Record<string, { inputs: Record<string, unknown>; outputs: Record<string, unknown> }>;
  sourceDescriptions: Record<string, { url: string }>;
  components?: Record<string, Record<string, unknown>>;
}

/** A request or a response as expressions read it. */
export interface MessageView {
  /** Header names in lower case. Several Set-Cookie lines are one value, joined by `, `. */
  headers: Record<string, string>;
  query?: Record<string, string>;
  path?: Record<string, string>;
  body: unknown;
}

const NAME = /^[^.#\s]+/;

/** Parses one runtime expression; throws with what is wrong, naming the expression. */
export function parseExpression(text: string): Expression {
  const fail = (why: string): never => {
    throw new Error(`${JSON.stringify(text)} is not a runtime expression: ${why}`);
  };
  if (!text.startsWith('$')) fail('it must start with $');
  const [head, ...rest] = text.slice(1).split('.');
  const tail = rest.join('.');
  const withPointer = (value: string) => {
    const hash = value.indexOf('#');
    const name = hash === -1 ? value : value.slice(0, hash);
    const pointer = hash === -1 ? '' : value.slice(hash + 1);
    if (pointer !== '' && !pointer.startsWith('/')) fail(`a JSON pointer starts with / (${pointer})`);
    return { name, pointer };
  };
  switch (head) {
    case 'url':
    case 'method':
    case 'statusCode':
      if (tail !== '') fail(`$${head} takes nothing after it`);
      return { source: head };
    case 'request':
    case 'response': {
      const [part, ...names] = tail.split('.');
      if (part === 'header' || part === 'query' || part === 'path') {
        const name = names.join('.');
        if (!name) fail(`name the ${part} to read ($${head}.${part}.<name>)`);
        return { source: head, part, name };
      }
      if (/^body($|[#.[])/.test(tail)) {
        const after = tail.slice('body'.length);
        // In a condition, `.name` and `[0]` after the body reach into it, as a JSON pointer does.
        if (after.startsWith('.') || after.startsWith('[')) {
          const segments = after.replace(/\[(\d+)\]/g, '.$1').split('.').filter(Boolean);
          return { source: head, part: 'body', pointer: segments.map((segment) => `/${segment.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('') };
        }
        const { pointer } = withPointer(tail);
        return { source: head, part: 'body', pointer };
      }
      return fail(`$${head} is followed by header., query., path. or body`);
    }
    case 'inputs':
    case 'outputs': {
      const { name, pointer } = withPointer(tail);
      if (!NAME.test(name)) fail(`name the ${head === 'inputs' ? 'input' : 'output'} ($${head}.<name>)`);
      return { source: head, name, pointer };
    }
    case 'steps':
    case 'workflows': {
      const [id, field, ...names] = tail.split('.');
      if (!id || (field !== 'outputs' && field !== 'inputs') || names.length === 0) fail(`$${head} is followed by <id>.outputs.<name> (or .inputs.<name> for a workflow)`);
      const { name, pointer } = withPointer(names.join('.'));
      return { source: head, id: id!, field: field as 'outputs' | 'inputs', name, pointer };
    }
    case 'sourceDescriptions': {
      const [name, field] = tail.split('.');
      if (!name || !field) fail('$sourceDescriptions is followed by <name>.<field>');
      return { source: 'sourceDescriptions', name: name!, field: field! };
    }
    case 'components': {
      const [kind, name] = tail.split('.');
      if (!kind || !name) fail('$components is followed by <kind>.<name>');
      return { source: 'components', kind: kind!, name: name! };
    }
    default:
      return fail(`$${head} is not one of $url, $method, $statusCode, $request, $response, $inputs, $outputs, $steps, $workflows, $sourceDescriptions, $components`);
  }
}

/** The value an expression names in the context; undefined when there is none. */
export function evaluateExpression(expression: Expression, context: ExpressionContext): unknown {
  switch (expression.source) {
    case 'url':
      return context.url;
    case 'method':
      return context.method;
    case 'statusCode':
      return context.statusCode;
    case 'request':
    case 'response': {
      const message = expression.source === 'request' ? context.request : context.response;
      if (!message) return undefined;
      if (expression.part === 'body') return atPointer(message.body, expression.pointer);
      if (expression.part === 'header') return message.headers[expression.name.toLowerCase()];
      return (expression.part === 'query' ? message.query : message.path)?.[expression.name];
    }
    case 'inputs':
      return atPointer(context.inputs[expression.name], expression.pointer);
    case 'outputs':
      return atPointer(context.outputs[expression.name], expression.pointer);
    case 'steps':
      return atPointer(context.steps[expression.id]?.outputs[expression.name], expression.pointer);
    case 'workflows':
      return atPointer(context.workflows[expression.id]?.[expression.field][expression.name], expression.pointer);
    case 'sourceDescriptions':
      return (context.sourceDescriptions[expression.name] as Record<string, unknown> | undefined)?.[expression.field];
    case 'components':
      return context.components?.[expression.kind]?.[expression.name];
  }
}

/** Evaluates a runtime expression given as text. */
export function evaluate(text: string, context: ExpressionContext): unknown {
  return evaluateExpression(parseExpression(text), context);
}

/** The expressions embedded in a string as `{$…}`, each parsed (throws on one that is not). */
export function templateExpressions(text: string): Array<{ match: string; expression: Expression }> {
  return [...text.matchAll(/\{(\$[^{}]+)\}/g)].map((found) => ({ match: found[0], expression: parseExpression(found[1]!.trim()) }));
}

/**
 * A value as a step sends it: a string that is one expression becomes that value (of
 * its own type); a string with `{$…}` in it has each replaced by its value as text;
 * objects and arrays are evaluated member by member; anything else is a constant.
 */
export function evaluateValue(value: unknown, context: ExpressionContext): unknown {
  if (typeof value === 'string') {
    if (value.startsWith('$') && !/\s/.test(value)) return evaluate(value, context);
    if (!value.includes('{$')) return value;
    let text = value;
    for (const { match, expression } of templateExpressions(value)) {
      const found = evaluateExpression(expression, context);
      text = text.replace(match, found === undefined ? '' : typeof found === 'object' ? JSON.stringify(found) : String(found));
    }
    return text;
  }
  if (Array.isArray(value)) return value.map((item) => evaluateValue(item, context));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, evaluateValue(item, context)]));
  return value;
}

/** RFC 6901: the value at a JSON pointer; undefined where it leads nowhere. */
export function atPointer(value: unknown, pointer: string): unknown {
  if (pointer === '') return value;
  let node = value;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) node = /^\d+$/.test(segment) ? node[Number(segment)] : undefined;
    else if (node !== null && typeof node === 'object') node = (node as Record<string, unknown>)[segment];
    else return undefined;
  }
  return node;
}

/** Sets the value at a JSON pointer in a copy of `root` (a request body's `replacements`). */
export function withValueAt(root: unknown, pointer: string, value: unknown): unknown {
  if (pointer === '' || pointer === '/') return value;
  const [head, ...rest] = pointer.slice(1).split('/');
  const key = head!.replace(/~1/g, '/').replace(/~0/g, '~');
  const next = rest.length === 0 ? '' : `/${rest.join('/')}`;
  if (Array.isArray(root)) {
    const copy = [...root];
    const index = key === '-' ? copy.length : Number(key);
    copy[index] = withValueAt(copy[index], next, value);
    return copy;
  }
  const base = root !== null && typeof root === 'object' ? (root as Record<string, unknown>) : {};
  return { ...base, [key]: withValueAt(base[key], next, value) };
}
