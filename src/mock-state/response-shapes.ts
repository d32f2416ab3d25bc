import type { OpenApiDocument } from '../openapi/document.js';
import type { ResponseSpec } from '../openapi/operations.js';
import type { CollectionAction, SessionRole, Shape, SlotName, TokenSlot } from './plan-types.js';
import { setCookieExamples } from './session-plan.js';
import { propertiesOf, rawJsonSchemaOf, resolveSchema, sameSchema, type JsonSchema } from './spec-reading.js';

const ACCESS_TOKEN_FIELD = /^(access_?token|token|id_?token|jwt|session_?token)$/i;
const REFRESH_TOKEN_FIELD = /^refresh_?token$/i;
const LIFETIME_FIELD = /^(expires_?in|access_?expires_?in)$/i;

export interface ShapeContext {
  document: OpenApiDocument;
  role: SessionRole | undefined;
  userSchema: unknown;
  slots: TokenSlot[];
  collection: { action: CollectionAction; entitySchema: unknown } | undefined;
}

/**
 * Where remembered values go in a successful answer's body, found by walking its
 * documented schema: the user wherever the documented user is (the whole body of `me`,
 * `user` inside the sign-in's answer), the sessions list's array, a collection's entity
 * or entities, and on answers that open or rotate a session its tokens (`access_token`),
 * their expiry (`accessExpiresAt`) and lifetime (`expires_in`). Only 2xx answers are
 * shaped: an error answer is the documented example, as Prism serves it.
 */
export function shapesOf(context: ShapeContext, response: ResponseSpec): Shape[] {
  if (!/^2\d\d$/.test(response.key)) return [];
  const raw = rawJsonSchemaOf(response.content);
  const root = raw === undefined ? undefined : resolveSchema(context.document, raw);
  if (!root) return [];
  const shapes: Shape[] = [];
  const issuesTokens = context.role === 'create' || context.role === 'rotate';
  const visit = (schemaRef: unknown, schema: JsonSchema, at: string[], depth: number) => {
    const entity = context.collection?.entitySchema;
    if (entity && sameSchema(context.document, schemaRef, entity) && context.collection!.action !== 'list') return void shapes.push({ at, fill: 'entity' });
    if (context.userSchema && sameSchema(context.document, schemaRef, context.userSchema)) return void shapes.push({ at, fill: 'user' });
    if (schema.type === 'array') {
      if (context.role === 'list') return void shapes.push({ at, fill: 'sessions' });
      if (context.collection?.action === 'list') return void shapes.push({ at, fill: 'entities' });
      return;
    }
    if (depth > 2) return;
    const properties = propertiesOf(context.document, schema);
    const rawProperties = (resolveSchema(context.document, schemaRef)?.properties ?? {}) as Record<string, unknown>;
    for (const [name, property] of Object.entries(properties)) {
      const here = [...at, name];
      if (issuesTokens && property.type === 'string' && REFRESH_TOKEN_FIELD.test(name)) shapes.push({ at: here, fill: 'token', slot: 'refresh' });
      else if (issuesTokens && property.type === 'string' && ACCESS_TOKEN_FIELD.test(name)) shapes.push({ at: here, fill: 'token', slot: 'access' });
      else if (issuesTokens && property.format === 'date-time' && /expire/i.test(name)) shapes.push({ at: here, fill: 'expiry', slot: /refresh/i.test(name) ? 'refresh' : 'access' });
      else if (issuesTokens && (property.type === 'integer' || property.type === 'number') && LIFETIME_FIELD.test(name)) shapes.push({ at: here, fill: 'lifetime', slot: 'access' });
      else if (context.collection?.action === 'list' && (property.type === 'integer') && /^(total|count|total_?count)$/i.test(name)) shapes.push({ at: here, fill: 'count' });
      else visit(rawProperties[name], property, here, depth + 1);
    }
  };
  visit(raw, root, [], 0);
  // A list whose array is one of several properties: only the first array is the list.
  const lists = shapes.filter((shape) => shape.fill === 'sessions' || shape.fill === 'entities');
  return shapes.filter((shape) => !lists.includes(shape) || shape === lists[0]);
}

/** Which documented `Set-Cookie` line of an answer carries which token, by the cookie's name. */
export function cookieSlotsOf(document: OpenApiDocument, response: ResponseSpec, slots: TokenSlot[]): Record<string, SlotName> {
  const found: Record<string, SlotName> = {};
  for (const line of setCookieExamples(document, response.headers)) {
    const name = line.slice(0, line.indexOf('=')).trim();
    const slot = slots.find((candidate) => candidate.carriers.some((carrier) => carrier.in === 'cookie' && carrier.name === name));
    if (slot && /^2\d\d$/.test(response.key)) found[name] = slot.name;
  }
  return found;
}
