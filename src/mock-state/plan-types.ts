import type { DocumentedHeaders } from './forced-headers.js';
/**
 * What a mock remembers, read once from the spec: which operations open, rotate and
 * close sessions, how their tokens travel, what an account is made of, which paths are
 * collections, and where each answer's body takes the remembered values. Plain JSON, so
 * the mock engine's primary can hand it to its workers.
 */
export interface StatePlan {
  /** Every operation of the spec, by `METHOD /path` (`POST /api/v1/auth/login`). */
  operations: Record<string, OperationPlan>;
  /** Undefined when the spec marks no operation `x-authkit-session: create`. */
  sessions: SessionPlan | undefined;
  collections: CollectionPlan[];
}

export type SessionRole = 'create' | 'rotate' | 'destroy' | 'register' | 'current-user' | 'list' | 'revoke';
export const SESSION_ROLES: readonly SessionRole[] = ['create', 'rotate', 'destroy', 'register', 'current-user', 'list', 'revoke'];

export type SlotName = 'access' | 'refresh';

/** How a client presents a token: a cookie, a header or query parameter (apiKey), or `Authorization: Bearer`. */
export type TokenCarrier = { in: 'cookie' | 'header' | 'query'; name: string } | { in: 'bearer' };

export interface TokenSlot {
  name: SlotName;
  /** The security schemes that carry it. */
  schemes: string[];
  carriers: TokenCarrier[];
  /** From the documented cookie's Max-Age or the body's `expires_in`; else 15 minutes (access) or 14 days (refresh). */
  lifetimeSeconds: number;
  /** Kept from the documented token (`rt_`), so a minted one reads like it. */
  prefix: string;
}

export interface SessionPlan {
  slots: TokenSlot[];
  /** The body fields of the session-opening request that name the account and prove it. */
  credentials: { identifier: string; secret: string; caseInsensitive: boolean };
  /** How a user record is made: the documented user, field by field. */
  user: { template: Record<string, unknown>; fields: UserField[] };
  /** Accounts the spec's own examples describe: they can sign in from the start. */
  seedAccounts: Array<{ identifier: string; secret: string; user: Record<string, unknown> }>;
  /** The fields of one item of the sessions list, and what each shows. */
  sessionItem: { template: Record<string, unknown>; fields: Array<{ name: string; source: SessionFieldSource }> } | undefined;
}

export type UserField = { name: string; from: 'id-uuid' | 'id-integer' | 'id-string' | 'created-at' | 'request' };
export type SessionFieldSource = 'id' | 'created-at' | 'last-seen-at' | 'expires-at' | 'user-agent' | 'ip-address' | 'current' | 'user-id';

export interface CollectionPlan {
  /** The collection's path (`/items`) and its item path (`/items/{itemId}`). */
  path: string;
  itemPath: string | undefined;
  /** The entity's id property, and the path parameter that names it. */
  idProperty: string;
  idParam: string | undefined;
  idKind: 'uuid' | 'integer' | 'string';
  /** Date-time properties the mock stamps: when an entity was created, and last changed. */
  timestamps: { created: string | undefined; updated: string | undefined };
  /** The documented entity: a stored one is the request body merged over it. */
  template: Record<string, unknown>;
  /** The entity's own properties, writeOnly ones left out: all a stored entity keeps of a request body. */
  fields: string[];
  /** Entities the spec's examples list: the collection starts with them. */
  seed: Array<Record<string, unknown>>;
}

export type CollectionAction = 'create' | 'list' | 'read' | 'replace' | 'update' | 'delete';

/** Where a remembered value goes in an answer's body: a path of property names from the body's root. */
export type Shape =
  | { at: string[]; fill: 'user' | 'sessions' | 'entity' | 'entities' | 'count' }
  | { at: string[]; fill: 'token' | 'expiry' | 'lifetime'; slot: SlotName };

export interface OperationPlan {
  key: string;
  operationId: string;
  method: string;
  path: string;
  /** Documented exact statuses, and the names of each one's examples (for respond-with). */
  statuses: number[];
  exampleNames: Record<string, string[]>;
  /** By status: the documented response headers, for the headers respond-with may force. */
  headers: Record<string, DocumentedHeaders>;
  /** The lowest documented 2xx: what a request that succeeds gets. */
  success: number | undefined;
  role: SessionRole | undefined;
  /**
   * The operation's security as the session sees it: each requirement (any one will do)
   * lists the session tokens it needs, each by its slot and where that scheme carries it
   * (all of them, of one session). Undefined when no requirement names a session token.
   */
  requirements: Array<Array<{ slot: SlotName; carrier: TokenCarrier }>> | undefined;
  /** Path parameters in template order. */
  pathParams: string[];
  collection: { index: number; action: CollectionAction } | undefined;
  /** Whether the state answers this operation (otherwise Prism's rules alone do). */
  stateful: boolean;
  /** By status: where the remembered values go in that answer's body. */
  shapes: Record<string, Shape[]>;
  /** By status: which documented `Set-Cookie` line carries which token slot (by cookie name). */
  cookies: Record<string, Record<string, SlotName>>;
  /** Where a rotating or closing request carries its token in its body (`refresh_token`, RFC 7009's `token`), if it does. */
  bodyTokenField: string | undefined;
  /** Whether the rules read the request's body (sign-in, register, a body token, a collection's writes): only then does it travel to the state. */
  readsBody: boolean;
}

export const RESERVED_PREFIX = '/__authkit';

export function operationKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path}`;
}
