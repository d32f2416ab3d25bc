import type { CollectionPlan, SlotName, StatePlan } from './plan-types.js';
import { createRandom, mintToken, mintUuid, type Random } from './random.js';

/** How much a mock keeps before it forgets the oldest: sessions, accounts, and entities of each collection. */
export interface StateLimits {
  sessions: number;
  accounts: number;
  entitiesPerCollection: number;
}

export const DEFAULT_LIMITS: StateLimits = { sessions: 10_000, accounts: 10_000, entitiesPerCollection: 10_000 };

const MAX_ADVANCE_SECONDS = 100 * 365.25 * 24 * 3600;

export interface Account {
  userId: string;
  identifier: string;
  /** Kept as sent: a mock's accounts are made up, and it never shows or logs them. */
  secret: string;
  /** The documented user, filled in from the registration. */
  user: Record<string, unknown>;
}

export interface Token {
  value: string;
  expiresAt: number;
}

export interface SessionRecord {
  id: string;
  userId: string;
  createdAt: number;
  lastSeenAt: number;
  userAgent: string | undefined;
  ipAddress: string | undefined;
  tokens: Partial<Record<SlotName, Token>>;
}

export interface Override {
  status: number;
  example: string | undefined;
  /** Documented headers the answer carries with these values (`Retry-After: 1`). */
  headers?: Record<string, string>;
  remaining: number;
}

/**
 * Everything a mock remembers, with every lookup a Map's: accounts by their sign-in
 * name, sessions by id and by token, entities by id. Each map is bounded; past its
 * limit the oldest entry goes (a Map iterates in insertion order, so the oldest is the
 * first). Time is the machine's plus whatever a test advanced it by.
 */
export class MockState {
  readonly accounts = new Map<string, Account>();
  readonly accountsById = new Map<string, Account>();
  readonly sessions = new Map<string, SessionRecord>();
  readonly tokens = new Map<string, { sessionId: string; slot: SlotName }>();
  readonly sessionsByUser = new Map<string, Set<string>>();
  /** By collection path: entities by id, newest last. */
  readonly collections = new Map<string, Map<string, Record<string, unknown>>>();
  readonly overrides = new Map<string, Override[]>();
  /** Tokens that stopped working since last asked, and whether everything was forgotten: what copies elsewhere must drop. */
  private changes: { dead: string[]; cleared: boolean } = { dead: [], cleared: false };
  private offsetMs = 0;
  private random: Random;
  private resets = 0;
  private nextInteger = new Map<string, number>();
  readonly limits: StateLimits;

  constructor(
    private plan: StatePlan,
    private readonly options: { seed?: number; limits?: Partial<StateLimits>; trackChanges?: boolean } = {},
  ) {
    this.limits = { ...DEFAULT_LIMITS };
    for (const [name, value] of Object.entries(options.limits ?? {}) as Array<[keyof StateLimits, unknown]>) {
      if (value === undefined) continue;
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) throw new RangeError(`limits.${name} must be a whole number of 1 or more, not ${String(value)}`);
      this.limits[name] = value;
    }
    this.random = createRandom(options.seed);
    this.seed();
  }

  get currentPlan(): StatePlan {
    return this.plan;
  }

  now(): number {
    return Date.now() + this.offsetMs;
  }

  get advancedSeconds(): number {
    return this.offsetMs / 1000;
  }

  /** Moves the clock on; at most 100 years at a time, so every time stays a date. */
  advance(seconds: number): void {
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_ADVANCE_SECONDS) throw new RangeError(`seconds must be a number above 0 and at most ${MAX_ADVANCE_SECONDS} (100 years), not ${String(seconds)}`);
    this.offsetMs += seconds * 1000;
  }

  get clockOffsetMs(): number {
    return this.offsetMs;
  }

  /** What stopped working since the last call (and clears the record). */
  takeChanges(): { dead: string[]; cleared: boolean } {
    const changes = this.changes;
    this.changes = { dead: [], cleared: false };
    return changes;
  }

  /** A session was used through a copy elsewhere: it was last seen then. */
  touch(sessionId: string, at: number): void {
    const session = this.sessions.get(sessionId);
    if (session && at > session.lastSeenAt) session.lastSeenAt = at;
  }

  /** Back to the spec's own accounts and entities, no sessions, no overrides, the machine's time, the seed's first values. */
  reset(): void {
    for (const map of [this.accounts, this.accountsById, this.sessions, this.tokens, this.sessionsByUser, this.collections, this.overrides, this.nextInteger]) map.clear();
    this.offsetMs = 0;
    this.changes = { dead: [], cleared: true };
    // With a seed, the values after a reset are new too: a token from before it must not
    // come back as someone else's. Each reset of a seeded mock starts from the same place.
    this.resets += 1;
    this.random = createRandom(this.options.seed === undefined ? undefined : this.options.seed + this.resets * 0x9e3779b9);
    this.seed();
  }

  /** A reloaded spec: what is remembered stays; collections and accounts new to the spec are seeded. */
  replacePlan(plan: StatePlan): void {
    this.plan = plan;
    // Which operation needs which token may have changed: copies start again.
    this.changes.cleared = true;
    this.seed();
  }

  uuid(): string {
    return mintUuid(this.random);
  }

  token(prefix: string): string {
    return mintToken(this.random, prefix);
  }

  /** The next whole-number id of a collection (or of the accounts), after the largest seen. */
  integerId(scope: string): number {
    const next = (this.nextInteger.get(scope) ?? 0) + 1;
    this.nextInteger.set(scope, next);
    return next;
  }

  noteIntegerId(scope: string, id: unknown): void {
    if (typeof id === 'number' && Number.isInteger(id) && id > (this.nextInteger.get(scope) ?? 0)) this.nextInteger.set(scope, id);
  }

  accountKey(identifier: string): string {
    return this.plan.sessions?.credentials.caseInsensitive ? identifier.toLowerCase() : identifier;
  }

  findAccount(identifier: string): Account | undefined {
    return this.accounts.get(this.accountKey(identifier));
  }

  addAccount(account: Account): void {
    const key = this.accountKey(account.identifier);
    this.accounts.set(key, account);
    this.accountsById.set(account.userId, account);
    if (this.accounts.size > this.limits.accounts) {
      const [oldestKey, oldest] = this.accounts.entries().next().value as [string, Account];
      this.accounts.delete(oldestKey);
      this.accountsById.delete(oldest.userId);
      for (const id of [...(this.sessionsByUser.get(oldest.userId) ?? [])]) this.endSession(id);
    }
  }

  openSession(userId: string, seen: { userAgent: string | undefined; ipAddress: string | undefined }): SessionRecord {
    const now = this.now();
    const session: SessionRecord = { id: this.uuid(), userId, createdAt: now, lastSeenAt: now, ...seen, tokens: {} };
    this.sessions.set(session.id, session);
    const own = this.sessionsByUser.get(userId) ?? new Set<string>();
    own.add(session.id);
    this.sessionsByUser.set(userId, own);
    this.mintTokens(session);
    if (this.sessions.size > this.limits.sessions) this.endSession(this.sessions.keys().next().value as string);
    return session;
  }

  /** New tokens for every slot; the old ones stop working at once. */
  mintTokens(session: SessionRecord): void {
    for (const token of Object.values(session.tokens)) {
      if (!token) continue;
      this.tokens.delete(token.value);
      if (this.options.trackChanges) this.changes.dead.push(token.value);
    }
    const now = this.now();
    for (const slot of this.plan.sessions?.slots ?? []) {
      const token = { value: this.token(slot.prefix), expiresAt: now + slot.lifetimeSeconds * 1000 };
      session.tokens[slot.name] = token;
      this.tokens.set(token.value, { sessionId: session.id, slot: slot.name });
    }
  }

  endSession(id: string): void {
    const session = this.sessions.get(id);
    if (!session) return;
    this.sessions.delete(id);
    for (const token of Object.values(session.tokens)) {
      if (!token) continue;
      this.tokens.delete(token.value);
      if (this.options.trackChanges) this.changes.dead.push(token.value);
    }
    const own = this.sessionsByUser.get(session.userId);
    own?.delete(id);
    if (own?.size === 0) this.sessionsByUser.delete(session.userId);
  }

  /** The live session a token of this slot opens, or undefined: unknown, rotated, revoked, logged out or expired. */
  sessionByToken(value: string, slot: SlotName): SessionRecord | undefined {
    const found = this.tokens.get(value);
    if (!found || found.slot !== slot) return undefined;
    const session = this.sessions.get(found.sessionId);
    const token = session?.tokens[slot];
    if (!session || token?.value !== value) return undefined;
    if (token.expiresAt <= this.now()) return undefined;
    return session;
  }

  /** The user's sessions that have not expired, newest first. */
  liveSessionsOf(userId: string): SessionRecord[] {
    const now = this.now();
    const live = [...(this.sessionsByUser.get(userId) ?? [])]
      .map((id) => this.sessions.get(id)!)
      .filter((session) => Object.values(session.tokens).some((token) => token && token.expiresAt > now));
    return live.sort((a, b) => b.createdAt - a.createdAt);
  }

  /** A collection's entities, by its path as requested; a new one starts with the plan's documented entities. */
  collection(path: string, plan?: CollectionPlan): Map<string, Record<string, unknown>> {
    let entities = this.collections.get(path);
    if (!entities) {
      entities = new Map();
      this.collections.set(path, entities);
      // Listed newest first, as the documented example shows them: stored oldest first.
      for (const entity of [...(plan?.seed ?? [])].reverse()) {
        this.noteIntegerId(path, entity[plan!.idProperty]);
        entities.set(String(entity[plan!.idProperty]), { ...entity });
      }
    }
    return entities;
  }

  /** Stores an entity; one that was there keeps its place (lists go by creation, not by the last change). */
  putEntity(path: string, id: string, entity: Record<string, unknown>): void {
    const entities = this.collection(path);
    entities.set(id, entity);
    if (entities.size > this.limits.entitiesPerCollection) entities.delete(entities.keys().next().value as string);
  }

  takeOverride(key: string): Override | undefined {
    const queue = this.overrides.get(key);
    const next = queue?.[0];
    if (!queue || !next) return undefined;
    next.remaining -= 1;
    if (next.remaining <= 0) queue.shift();
    if (queue.length === 0) this.overrides.delete(key);
    return { ...next };
  }

  /** Accounts from the spec's examples and each collection's documented entities, where not already there. */
  private seed(): void {
    const sessions = this.plan.sessions;
    for (const account of sessions?.seedAccounts ?? []) {
      if (this.findAccount(account.identifier)) continue;
      const idField = sessions!.user.fields.find((field) => field.from.startsWith('id-'));
      const user = { ...account.user };
      const documentedId = idField ? user[idField.name] : undefined;
      let userId: string;
      if (documentedId !== undefined && !this.accountsById.has(String(documentedId))) {
        userId = String(documentedId);
        this.noteIntegerId('accounts', documentedId);
      } else {
        // Each seeded account is its own user: one without a documented id gets a fresh one.
        const minted = idField?.from === 'id-integer' ? this.integerId('accounts') : this.uuid();
        userId = String(minted);
        if (idField) user[idField.name] = minted;
      }
      this.addAccount({ userId, identifier: account.identifier, secret: account.secret, user });
    }
    // A collection without path parameters of its own is there from the start; one per
    // parent (`/users/{userId}/repos`) is made, with the same entities, when first asked for.
    for (const collection of this.plan.collections) if (!collection.path.includes('{')) this.collection(collection.path, collection);
  }
}
