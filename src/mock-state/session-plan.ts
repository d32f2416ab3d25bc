import { deref, type OpenApiDocument } from '../openapi/document.js';
import type { OperationSpec } from '../openapi/operations.js';
import { SESSION_ROLES, type SessionFieldSource, type SessionPlan, type SessionRole, type SlotName, type TokenCarrier, type TokenSlot, type UserField } from './plan-types.js';
import { documentedValue, isObjectValue, isOpen, jsonSchemaOf, operationPointer, pathParamsOf, propertiesOf, rawJsonSchemaOf, requestExamples, resolveSchema, sameSchema, sampleOf, type JsonSchema } from './spec-reading.js';

export const SESSION_EXTENSION = 'x-authkit-session';

export interface PlanProblem {
  pointer: string;
  message: string;
}

/**
 * Each operation's part in a session. `x-authkit-session` on an operation says it
 * (`create`, `rotate`, `destroy`, `register`, `current-user`, `list`, `revoke`, or `none`);
 * once one operation is marked `create`, the rest follow from the spec where it is
 * plain: an open POST whose body holds the sign-in fields registers; a protected GET
 * answering the registered user is the current user; GET `…/sessions` lists and
 * DELETE `…/sessions/{id}` revokes.
 */
export function readSessionRoles(document: OpenApiDocument, operations: OperationSpec[]): { roles: Map<OperationSpec, SessionRole>; problems: PlanProblem[] } {
  const roles = new Map<OperationSpec, SessionRole>();
  const unmarked = new Set<OperationSpec>();
  const problems: PlanProblem[] = [];
  for (const operation of operations) {
    const raw = deref(document, document.paths?.[operation.path])?.[operation.method]?.[SESSION_EXTENSION];
    if (raw === undefined) {
      unmarked.add(operation);
      continue;
    }
    if (raw === 'none') continue;
    if (typeof raw !== 'string' || !(SESSION_ROLES as readonly string[]).includes(raw)) {
      problems.push({ pointer: `${operationPointer(operation)}/${SESSION_EXTENSION}`, message: `${JSON.stringify(raw)} is not a session role; use one of ${[...SESSION_ROLES, 'none'].join(', ')}` });
      continue;
    }
    // Several operations may share a role (a sign-in by password and one by code; the
    // same API under several tenants): the first of each says what the spec's account
    // and tokens look like.
    roles.set(operation, raw as SessionRole);
  }
  const create = [...roles].find(([, role]) => role === 'create')?.[0];
  if (!create) {
    for (const [operation, role] of roles) problems.push({ pointer: `${operationPointer(operation)}/${SESSION_EXTENSION}`, message: `${role} needs an operation marked \`${SESSION_EXTENSION}: create\` (the sign-in)` });
    return { roles: new Map(), problems };
  }
  if (!credentialsOf(document, create)) {
    problems.push({ pointer: `${operationPointer(create)}/${SESSION_EXTENSION}`, message: 'the sign-in needs a JSON request body with an account field (email, username, …) and a secret (password, or `format: password`)' });
    return { roles: new Map(), problems };
  }

  const has = (role: SessionRole) => [...roles.values()].includes(role);
  const credentials = credentialsOf(document, create)!;
  if (!has('register')) {
    // An open POST with the sign-in fields, not one that resets a password; a path that
    // says so (`/register`, `/signup`, `/users`) first.
    const candidates = [...unmarked].filter((operation) => {
      if (operation.method !== 'post' || operation === create || !isOpen(operation) || /reset|forgot|password|recover|verify|confirm/i.test(operation.path)) return false;
      const fields = Object.keys(propertiesOf(document, jsonSchemaOf(document, operation.requestBody?.content)));
      return fields.includes(credentials.identifier) && fields.includes(credentials.secret);
    });
    const register = candidates.find((operation) => /regist|sign_?-?up|users\/?$|accounts\/?$/i.test(operation.path)) ?? candidates[0];
    if (register) take(register, 'register');
  }
  const userSchema = userSchemaOf(document, roles);
  if (!has('current-user') && userSchema) {
    const current = [...unmarked].find((operation) => operation.method === 'get' && !isOpen(operation) && pathParamsOf(operation.path).length === 0 && sameSchema(document, rawJsonSchemaOf(operation.responses.find((response) => response.key === '200')?.content), userSchema));
    if (current) take(current, 'current-user');
  }
  if (!has('list')) {
    // `…/sessions` whose items are sessions as this mock keeps them: an id, and which one is the caller's.
    const list = [...unmarked].find((operation) => {
      if (operation.method !== 'get' || isOpen(operation) || !/\/sessions\/?$/i.test(operation.path)) return false;
      const sources = readSessionItem(document, operation)?.fields.map((field) => field.source) ?? [];
      return sources.includes('id') && sources.includes('current');
    });
    if (list) take(list, 'list');
  }
  if (!has('revoke')) {
    const revoke = [...unmarked].find((operation) => operation.method === 'delete' && !isOpen(operation) && /\/sessions\/\{[^}]+\}\/?$/i.test(operation.path));
    if (revoke) take(revoke, 'revoke');
  }
  return { roles, problems };

  function take(operation: OperationSpec, role: SessionRole) {
    roles.set(operation, role);
    unmarked.delete(operation);
  }
}

const SECRET_NAME = /^(password|passphrase|secret|pass|pin)$/i;
const IDENTIFIER_NAME = /^(email|e_?mail|username|user_?name|login|handle|phone|phone_?number)$/i;

/** The sign-in body's account field and secret field. */
export function credentialsOf(document: OpenApiDocument, create: OperationSpec): SessionPlan['credentials'] | undefined {
  const properties = propertiesOf(document, jsonSchemaOf(document, create.requestBody?.content));
  const names = Object.keys(properties);
  const secret = names.find((name) => properties[name]!.format === 'password') ?? names.find((name) => SECRET_NAME.test(name));
  const identifier = names.find((name) => properties[name]!.format === 'email') ?? names.find((name) => IDENTIFIER_NAME.test(name)) ?? names.find((name) => name !== secret && properties[name]!.type === 'string');
  if (!secret || !identifier || secret === identifier) return undefined;
  return { identifier, secret, caseInsensitive: properties[identifier]!.format === 'email' || /mail/i.test(identifier) };
}

/** The user as the spec documents one: what registering answers, else the sign-in's `user`, else what the current user is. */
function userSchemaOf(document: OpenApiDocument, roles: Map<OperationSpec, SessionRole>): unknown {
  const withRole = (role: SessionRole) => [...roles].find(([, candidate]) => candidate === role)?.[0];
  const success = (operation: OperationSpec | undefined) => operation?.responses.filter((response) => /^2\d\d$/.test(response.key)).sort((a, b) => a.key.localeCompare(b.key))[0];
  const registered = rawJsonSchemaOf(success(withRole('register'))?.content);
  if (registered && resolveSchema(document, registered)?.properties) return registered;
  const signedIn = resolveSchema(document, rawJsonSchemaOf(success(withRole('create'))?.content));
  const nested = signedIn?.properties?.user;
  if (nested) return nested;
  return rawJsonSchemaOf(success(withRole('current-user'))?.content);
}

export function sessionUserSchema(document: OpenApiDocument, roles: Map<OperationSpec, SessionRole>): unknown {
  return userSchemaOf(document, roles);
}

const TOKEN_SCHEME_TYPES = new Set(['apiKey', 'http', 'oauth2', 'openIdConnect']);

function carrierOf(scheme: { type?: string; in?: string; name?: string; scheme?: string }): TokenCarrier | undefined {
  if (scheme.type === 'apiKey' && (scheme.in === 'cookie' || scheme.in === 'header' || scheme.in === 'query') && scheme.name) return { in: scheme.in, name: scheme.name };
  if (scheme.type === 'http' && (scheme.scheme ?? '').toLowerCase() === 'bearer') return { in: 'bearer' };
  if (scheme.type === 'oauth2' || scheme.type === 'openIdConnect') return { in: 'bearer' };
  return undefined;
}

/**
 * The session's tokens and how each travels. The schemes the rotating operation asks
 * for carry the refresh token (unless other protected operations ask for them too);
 * every other token scheme a protected operation asks for carries the access token.
 */
export function readSlots(document: OpenApiDocument, operations: OperationSpec[], roles: Map<OperationSpec, SessionRole>): TokenSlot[] {
  const schemes = (document.components?.securitySchemes ?? {}) as Record<string, unknown>;
  const carriers = new Map<string, TokenCarrier>();
  for (const [name, raw] of Object.entries(schemes)) {
    const scheme = deref<{ type?: string }>(document, raw);
    const carrier = scheme && TOKEN_SCHEME_TYPES.has(scheme.type ?? '') ? carrierOf(scheme) : undefined;
    if (carrier) carriers.set(name, carrier);
  }
  const namedBy = (operation: OperationSpec) => operation.security.flatMap((requirement) => Object.keys(requirement)).filter((name) => carriers.has(name));
  const rotates = [...roles].filter(([, role]) => role === 'rotate').map(([operation]) => operation);
  const rotate = rotates[0];
  // A scheme the sign-in (or registration) itself asks for is the client's key (a
  // project's `apikey`), not a session's token: it is checked for presence, as Prism does.
  const clientKeys = new Set([...roles].filter(([, role]) => role === 'create' || role === 'register').flatMap(([operation]) => namedBy(operation)));
  for (const name of clientKeys) carriers.delete(name);
  const elsewhere = new Set(operations.filter((operation) => !rotates.includes(operation) && roles.get(operation) !== 'destroy').flatMap(namedBy));
  const refreshSchemes = [...new Set(rotates.flatMap(namedBy))].filter((name) => !elsewhere.has(name));
  const accessSchemes = [...elsewhere].filter((name) => !refreshSchemes.includes(name));
  const create = [...roles].find(([, role]) => role === 'create')?.[0];
  const lifetimes = documentedLifetimes(document, create, carriers);
  // A bearer API says how long its access token lives in the body: `expires_in`.
  const answered = documentedValue(document, create?.responses.find((response) => /^2\d\d$/.test(response.key)));
  const bodyLifetime = isObjectValue(answered) ? Object.entries(answered).find(([key, value]) => /^expires_?in$/i.test(key) && typeof value === 'number' && value > 0)?.[1] : undefined;
  const slot = (name: SlotName, names: string[]): TokenSlot => {
    const cookie = names.map((scheme) => carriers.get(scheme)!).find((carrier) => carrier.in === 'cookie') as { name: string } | undefined;
    const documented = cookie ? lifetimes.get(cookie.name) : undefined;
    return {
      name,
      schemes: names,
      carriers: names.map((scheme) => carriers.get(scheme)!),
      lifetimeSeconds: documented?.seconds ?? (name === 'access' && typeof bodyLifetime === 'number' ? bodyLifetime : name === 'access' ? 900 : 14 * 24 * 3600),
      prefix: documented?.prefix ?? '',
    };
  };
  const slots = [slot('access', accessSchemes)];
  // A refresh token travels in a cookie of its own, or in the rotating request's body.
  if (rotate && (refreshSchemes.length > 0 || bodyTokenFieldOf(document, rotate, 'rotate'))) slots.push(slot('refresh', refreshSchemes));
  return slots;
}

/** Each documented cookie of the sign-in's answer: its Max-Age, and the letters its value starts with (`rt_`). */
function documentedLifetimes(document: OpenApiDocument, create: OperationSpec | undefined, carriers: Map<string, TokenCarrier>): Map<string, { seconds: number | undefined; prefix: string }> {
  const found = new Map<string, { seconds: number | undefined; prefix: string }>();
  const cookieNames = new Set([...carriers.values()].flatMap((carrier) => (carrier.in === 'cookie' ? [carrier.name] : [])));
  for (const line of setCookieExamples(document, create?.responses.find((response) => /^2\d\d$/.test(response.key))?.headers)) {
    const name = line.slice(0, line.indexOf('=')).trim();
    if (!cookieNames.has(name)) continue;
    const value = line.slice(line.indexOf('=') + 1).split(';')[0]!.trim();
    const maxAge = /;\s*max-age=(\d+)/i.exec(line)?.[1];
    found.set(name, { seconds: maxAge ? Number(maxAge) : undefined, prefix: /^[a-z]{1,8}_/i.exec(value)?.[0] ?? '' });
  }
  return found;
}

/** A response's documented `Set-Cookie` lines: one per example. */
export function setCookieExamples(document: OpenApiDocument, headers: Record<string, unknown> | undefined): string[] {
  const entry = Object.entries(headers ?? {}).find(([name]) => name.toLowerCase() === 'set-cookie');
  if (!entry) return [];
  const header = deref<{ example?: unknown; examples?: Record<string, unknown> }>(document, entry[1]);
  const values = [header.example, ...Object.values(header.examples ?? {}).map((example) => deref<{ value?: unknown }>(document, example).value)];
  return values.filter((value): value is string => typeof value === 'string');
}

const BODY_TOKEN_FIELD: Record<'rotate' | 'destroy', RegExp> = { rotate: /^refresh_?token$/i, destroy: /^(token|refresh_?token|access_?token)$/i };

/** The body field a rotating request carries its refresh token in (`refresh_token`), or a closing one its token (RFC 7009's `token`), if any. */
export function bodyTokenFieldOf(document: OpenApiDocument, operation: OperationSpec, role: 'rotate' | 'destroy'): string | undefined {
  const content = operation.requestBody?.content ?? {};
  const form = content['application/x-www-form-urlencoded']?.schema;
  const schema = jsonSchemaOf(document, content) ?? (form === undefined ? undefined : resolveSchema(document, form));
  return Object.keys(propertiesOf(document, schema)).find((name) => BODY_TOKEN_FIELD[role].test(name));
}

/** How a user record is made from a registration: the documented user's fields, each from the request, a minted id, or the time. */
export function readUserPlan(document: OpenApiDocument, userSchema: unknown, secret: string): SessionPlan['user'] {
  const properties = propertiesOf(document, resolveSchema(document, userSchema));
  const template = sampleOf(document, userSchema);
  const fields: UserField[] = Object.entries(properties)
    .filter(([name, property]) => name !== secret && property.writeOnly !== true)
    .map(([name, property]) => {
      if (/^(id|user_?id|uid)$/i.test(name)) return { name, from: property.format === 'uuid' ? 'id-uuid' : property.type === 'integer' ? 'id-integer' : 'id-string' };
      if (property.format === 'date-time' && /created|registered|joined/i.test(name)) return { name, from: 'created-at' };
      return { name, from: 'request' };
    });
  return { template: isObjectValue(template) ? template : {}, fields };
}

/** Accounts the spec's examples describe: each sign-in example, with the registration example of the same account (else the first) for its profile. */
export function readSeedAccounts(document: OpenApiDocument, create: OperationSpec, register: OperationSpec | undefined, credentials: SessionPlan['credentials'], user: SessionPlan['user']): SessionPlan['seedAccounts'] {
  const registrations = register ? requestExamples(document, register).filter(isObjectValue) : [];
  const accounts: SessionPlan['seedAccounts'] = [];
  for (const example of requestExamples(document, create).filter(isObjectValue)) {
    const identifier = example[credentials.identifier];
    const secret = example[credentials.secret];
    if (typeof identifier !== 'string' || typeof secret !== 'string') continue;
    if (accounts.some((account) => account.identifier === identifier)) continue;
    const profile = registrations.find((registration) => registration[credentials.identifier] === identifier) ?? registrations[0] ?? {};
    const record: Record<string, unknown> = { ...user.template };
    for (const field of user.fields) if (field.from === 'request' && profile[field.name] !== undefined) record[field.name] = profile[field.name];
    if (user.fields.some((field) => field.name === credentials.identifier)) record[credentials.identifier] = identifier;
    // The documented user's id is the first account's; each other gets one of its own when seeded.
    if (accounts.length > 0) for (const field of user.fields) if (field.from.startsWith('id-')) delete record[field.name];
    accounts.push({ identifier, secret, user: record });
  }
  return accounts;
}

const SESSION_FIELD_NAMES: Array<[RegExp, SessionFieldSource]> = [
  [/^(id|session_?id)$/i, 'id'],
  [/^current$|^is_?current$|^this_?device$/i, 'current'],
  [/created|opened|started|signed_?in/i, 'created-at'],
  [/last_?(seen|used|active|activity)|updated/i, 'last-seen-at'],
  [/expire/i, 'expires-at'],
  [/user_?agent|^device$|^client$|browser/i, 'user-agent'],
  [/^ip$|ip_?address|^address$/i, 'ip-address'],
  [/^user_?id$/i, 'user-id'],
];

/** One item of the sessions list: its documented fields, and which of the session's facts each shows. */
export function readSessionItem(document: OpenApiDocument, list: OperationSpec | undefined): SessionPlan['sessionItem'] {
  const response = list?.responses.find((candidate) => candidate.key === '200') ?? list?.responses.find((candidate) => /^2\d\d$/.test(candidate.key));
  const schema = jsonSchemaOf(document, response?.content);
  if (!schema) return undefined;
  const arraySchema = schema.type === 'array' ? schema : Object.values(propertiesOf(document, schema)).find((property: JsonSchema) => property.type === 'array');
  const itemSchema = arraySchema ? resolveSchema(document, arraySchema.items) : undefined;
  if (!itemSchema) return undefined;
  const template = sampleOf(document, arraySchema!.items);
  const properties = propertiesOf(document, itemSchema);
  const fields = Object.keys(properties).flatMap((name) => {
    const source = SESSION_FIELD_NAMES.find(([pattern]) => pattern.test(name))?.[1];
    // Filled only where the value the mock has fits the documented type: an integer
    // `created` (epoch seconds) or `user_id` keeps its example.
    return source && fits(source, properties[name]!) ? [{ name, source }] : [];
  });
  return { template: isObjectValue(template) ? template : {}, fields };
}

function fits(source: SessionFieldSource, schema: JsonSchema): boolean {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (source === 'current') return types.includes('boolean');
  if (source === 'created-at' || source === 'last-seen-at' || source === 'expires-at') return types.includes('string') && schema.format === 'date-time';
  return types.includes('string') && (source !== 'id' || schema.format === undefined || schema.format === 'uuid');
}
