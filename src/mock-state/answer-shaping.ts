import { timestamp, type StateRequest, type StateValues } from './decision.js';
import type { OperationPlan, Shape, StatePlan } from './plan-types.js';

/**
 * The documented answer with the remembered values in it: the example body (as Prism
 * or the MSW handlers made it) with each shape's place filled, and the documented
 * `Set-Cookie` lines with fresh tokens in place of the example's. The example is never
 * changed: the places on the way to a filled one are copied.
 */
export function shapeBody(plan: StatePlan, operation: OperationPlan, status: number, body: unknown, values: StateValues | undefined): unknown {
  if (!values) return body;
  let shaped = body;
  for (const shape of operation.shapes[String(status)] ?? []) {
    const value = valueFor(plan, shape, getAt(shaped, shape.at), values);
    if (value !== undefined) shaped = setAt(shaped, shape.at, value);
  }
  return shaped;
}

function valueFor(plan: StatePlan, shape: Shape, current: unknown, values: StateValues): unknown {
  switch (shape.fill) {
    case 'user':
      return values.user;
    case 'entity':
      return values.entity;
    case 'entities':
      return values.entities;
    case 'count':
      return values.count;
    case 'sessions': {
      // Each session over the documented item, so fields the state does not know keep their example.
      const template = (Array.isArray(current) && isRecord(current[0]) ? current[0] : plan.sessions?.sessionItem?.template) ?? {};
      return values.sessions?.map((session) => ({ ...template, ...session }));
    }
    case 'token':
      return values.tokens?.[shape.slot]?.value;
    case 'expiry': {
      const token = values.tokens?.[shape.slot];
      return token ? timestamp(token.expiresAt) : undefined;
    }
    case 'lifetime':
      return values.tokens?.[shape.slot]?.lifetimeSeconds;
  }
}

/** The documented `Set-Cookie` lines with each token cookie's value replaced by the minted token; every attribute stays as documented. */
export function mintSetCookies(operation: OperationPlan, status: number, lines: string[], values: StateValues | undefined): string[] {
  const slots = operation.cookies[String(status)];
  if (!slots || !values?.tokens) return lines;
  return lines.map((line) => {
    const equals = line.indexOf('=');
    const slot = equals > 0 ? slots[line.slice(0, equals).trim()] : undefined;
    const token = slot ? values.tokens?.[slot] : undefined;
    if (!token) return line;
    const end = line.indexOf(';', equals);
    return `${line.slice(0, equals + 1)}${token.value}${end === -1 ? '' : line.slice(end)}`;
  });
}

export interface RequestParts {
  key: string;
  /** Header lookup by lower-case name. */
  header: (name: string) => string | undefined;
  query: URLSearchParams;
  pathParams: Record<string, string>;
  /** The body as a value; read only for an operation whose rules need it. */
  body: () => unknown;
  ipAddress: string | undefined;
}

/** What the rules need of a request, and nothing more (the engine sends it between processes). */
export function stateRequestOf(plan: StatePlan, parts: RequestParts): StateRequest {
  const headers: Record<string, string> = {};
  const query: Record<string, string> = {};
  const names = new Set(['cookie', 'authorization', 'user-agent']);
  for (const slot of plan.sessions?.slots ?? []) {
    for (const carrier of slot.carriers) {
      if (carrier.in === 'header') names.add(carrier.name.toLowerCase());
      if (carrier.in === 'query') {
        const value = parts.query.get(carrier.name);
        if (value !== null) query[carrier.name] = value;
      }
    }
  }
  for (const name of names) {
    const value = parts.header(name);
    if (value !== undefined) headers[name] = value;
  }
  const readsBody = plan.operations[parts.key]?.readsBody === true;
  return { key: parts.key, pathParams: parts.pathParams, query, headers, body: readsBody ? parts.body() : undefined, ipAddress: parts.ipAddress };
}

/**
 * A request body as the rules read it: JSON, or a URL-encoded form (an OAuth token
 * endpoint's usual body) as an object of its fields. Anything else, or a body that does
 * not parse, is no value.
 */
export function bodyValue(contentType: string | undefined | null, text: string | undefined): unknown {
  if (text === undefined || text === '') return undefined;
  const type = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/x-www-form-urlencoded') return Object.fromEntries(new URLSearchParams(text));
  if (type !== 'application/json' && !/^application\/[^/]+\+json$/.test(type)) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function getAt(root: unknown, at: string[]): unknown {
  let node = root;
  for (const name of at) node = isRecord(node) ? node[name] : undefined;
  return node;
}

function setAt(root: unknown, at: string[], value: unknown): unknown {
  if (at.length === 0) return value;
  const [head, ...rest] = at;
  const base = isRecord(root) ? root : {};
  return { ...base, [head!]: setAt(base[head!], rest, value) };
}
