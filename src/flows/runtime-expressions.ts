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
    if (/~(?![01])/.test(pointer)) fail(`a JSON pointer writes ~ as ~0 and / as ~1 (${pointer})`);
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
      // A step has only outputs (Arazzo 1.1's ABNF: `$steps.<id>.outputs.<name>`); a workflow has inputs too.
      const [id, field, ...names] = tail.split('.');
      const fields = head === 'steps' ? ['outputs'] : ['outputs', 'inputs'];
      const shape = `$${head} is followed by <id>.outputs.<name> (or .inputs.<name> for a workflow)`;
      if (!id || !fields.includes(field ?? '')) fail(shape);
      const { name, pointer } = withPointer(names.join('.'));
      if (!NAME.test(name)) fail(shape);
      return { source: head, id: id!, field: field as 'outputs' | 'inputs', name, pointer };
    }
    case 'sourceDescriptions': {
      // What follows the name may have dots of its own (an operationId may).
      const [name, ...fields] = tail.split('.');
      const field = fields.join('.');
      if (!name || !field) fail('$sourceDescriptions is followed by <name>.<field>');
      return { source: 'sourceDescriptions', name: name!, field };
    }
    case 'components': {
      const [kind, ...names] = tail.split('.');
      const name = names.join('.');
      if (!kind || !name) fail('$components is followed by <kind>.<name>');
      return { source: 'components', kind: kind!, name };
    }
    default:
      return fail(`$${head} is not one of $url, $method, $statusCode, $request, $response, $inputs, $outputs, $steps, $workflows, $sourceDescriptions, $components`);
  }
}

/**
 * A member of an object, only if it is its own: `$inputs.constructor` or
 * `$response.body#/toString` name nothing, not what every object inherits.
 */
function own(record: unknown, key: string): unknown {
  return record !== null && typeof record === 'object' && Object.hasOwn(record, key) ? (record as Record<string, unknown>)[key] : undefined;
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
      if (expression.part === 'header') return own(message.headers, expression.name.toLowerCase());
      return own(expression.part === 'query' ? message.query : message.path, expression.name);
    }
    case 'inputs':
      return atPointer(own(context.inputs, expression.name), expression.pointer);
    case 'outputs':
      return atPointer(own(context.outputs, expression.name), expression.pointer);
    case 'steps':
      return atPointer(own(own(own(context.steps, expression.id), 'outputs'), expression.name), expression.pointer);
    case 'workflows':
      return atPointer(own(own(own(context.workflows, expression.id), expression.field), expression.name), expression.pointer);
    case 'sourceDescriptions':
      return own(own(context.sourceDescriptions, expression.name), expression.field);
    case 'components':
      return own(own(context.components, expression.kind), expression.name);
  }
}

/** Evaluates a runtime expression given as text. */
export function evaluate(text: string, context: ExpressionContext): unknown {
  return evaluateExpression(parseExpression(text), context);
}

const EMBEDDED = /\{(\$[^{}]+)\}/g;

/** The expressions embedded in a string as `{$…}`, each parsed (throws on one that is not). */
export function templateExpressions(text: string): Array<{ match: string; expression: Expression }> {
  return [...text.matchAll(EMBEDDED)].map((found) => ({ match: found[0], expression: parseExpression(found[1]!.trim()) }));
}

/**
 * A string with each `{$…}` in it replaced by its value as text (a missing value is
 * empty; an object or array is its JSON). In one pass: a value is never read as a
 * replacement pattern (`$&`, `$$`) nor searched again for expressions.
 */
export function interpolate(text: string, context: ExpressionContext): string {
  templateExpressions(text); // Every one must parse before any is evaluated.
  return text.replace(EMBEDDED, (_match, inner: string) => {
    const found = evaluateExpression(parseExpression(inner.trim()), context);
    return found === undefined ? '' : typeof found === 'object' ? JSON.stringify(found) : String(found);
  });
}

/**
 * A value as a step sends it: a string that is one expression becomes that value (of
 * its own type); a string with `{$…}` in it has each replaced by its value as text;
 * objects and arrays are evaluated member by member; anything else is a constant.
 */
export function evaluateValue(value: unknown, context: ExpressionContext): unknown {
  if (typeof value === 'string') {
    if (isWholeExpression(value)) return evaluate(value, context);
    return interpolate(value, context);
  }
  if (Array.isArray(value)) return value.map((item) => evaluateValue(item, context));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, evaluateValue(item, context)]));
  return value;
}

/** A string a step reads as one runtime expression (of its value's own type), not as text. */
export function isWholeExpression(value: string): boolean {
  return value.startsWith('$') && !/\s/.test(value);
}

/** RFC 6901's array index: 0, or digits without a leading zero. */
const INDEX = /^(0|[1-9]\d*)$/;

/** RFC 6901: the value at a JSON pointer; undefined where it leads nowhere. */
export function atPointer(value: unknown, pointer: string): unknown {
  if (pointer === '') return value;
  let node = value;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) node = INDEX.test(segment) ? node[Number(segment)] : undefined;
    else if (node !== null && typeof node === 'object') node = own(node, segment);
    else return undefined;
  }
  return node;
}

/**
 * Sets the value at a JSON pointer in a copy of `root` (a request body's `replacements`).
 * RFC 6901: the empty pointer is the whole body and `/` its member with the empty name;
 * `/-` is the end of an array. What is missing on the way is made an object; in an
 * array, a key that is neither an index nor `-` changes nothing.
 */
export function withValueAt(root: unknown, pointer: string, value: unknown): unknown {
  if (pointer === '') return value;
  const [head, ...rest] = pointer.slice(1).split('/');
  const key = head!.replace(/~1/g, '/').replace(/~0/g, '~');
  const next = rest.length === 0 ? '' : `/${rest.join('/')}`;
  if (Array.isArray(root)) {
    const copy = [...root];
    if (key !== '-' && !INDEX.test(key)) return copy;
    const index = key === '-' ? copy.length : Number(key);
    copy[index] = withValueAt(copy[index], next, value);
    return copy;
  }
  const base = root !== null && typeof root === 'object' ? (root as Record<string, unknown>) : {};
  return { ...base, [key]: withValueAt(own(base, key), next, value) };
}
