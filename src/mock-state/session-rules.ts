import { documentedOrProblem, notFound, success, timestamp, unauthorized, type SessionGrant, type StateDecision, type StateRequest, type StateValues } from './decision.js';
import type { OperationPlan, SessionPlan, SlotName, TokenCarrier } from './plan-types.js';
import type { MockState, SessionRecord } from './state-store.js';

/**
 * A backend's session rules, as the spec's marks describe them: sign-in checks the
 * account and mints fresh tokens; registering adds an account (a taken one is a 409);
 * a protected operation needs a live token; rotating swaps both tokens and kills the
 * old ones; sign-out and revoke end a session. Undefined leaves the answer to Prism.
 */
export function sessionDecision(sessions: SessionPlan, state: MockState, operation: OperationPlan, request: StateRequest): StateDecision | undefined {
  switch (operation.role) {
    case 'create':
      return signIn(sessions, state, operation, request);
    case 'register':
      return register(sessions, state, operation, request);
    case 'rotate': {
      // A refresh token in the body is the one that counts, whatever else the request carries.
      const session = operation.bodyTokenField ? presentedInBody(state, operation, request, ['refresh']) : authenticate(sessions, state, operation, request);
      if (!session) return unauthorized(operation);
      state.mintTokens(session);
      return success(operation, { user: userOf(state, session), tokens: tokensOf(sessions, session) });
    }
    case 'destroy': {
      // RFC 7009's revoke names the token in its body: that session ends, whoever asks.
      const named = operation.bodyTokenField ? presentedInBody(state, operation, request, sessions.slots.map((slot) => slot.name)) : undefined;
      const session = named ?? (operation.requirements ? authenticate(sessions, state, operation, request) : anyPresented(sessions, state, request));
      if (!session && operation.requirements && !operation.bodyTokenField) return unauthorized(operation);
      if (session) state.endSession(session.id);
      return success(operation);
    }
    case 'current-user': {
      const session = authenticate(sessions, state, operation, request);
      if (!session) return unauthorized(operation);
      const user = userOf(state, session);
      return { ...success(operation, { user }), session: grantOf(session, user) };
    }
    case 'list': {
      const session = authenticate(sessions, state, operation, request);
      if (!session) return unauthorized(operation);
      return success(operation, { user: userOf(state, session), sessions: state.liveSessionsOf(session.userId).map((each) => sessionView(sessions, each, session.id)) });
    }
    case 'revoke': {
      const session = authenticate(sessions, state, operation, request);
      if (!session) return unauthorized(operation);
      const id = request.pathParams[operation.pathParams.at(-1) ?? ''];
      const target = id === undefined ? undefined : state.sessions.get(id);
      if (!target || target.userId !== session.userId) return notFound(operation, `Session ${id}`);
      state.endSession(target.id);
      return success(operation);
    }
    default:
      return undefined;
  }
}

/**
 * The session a protected request is made in: any one of the operation's security
 * requirements met by live tokens of one session. Undefined when none is met.
 * (Operations whose security names no session token never get here.)
 */
export function authenticate(_sessions: SessionPlan, state: MockState, operation: OperationPlan, request: StateRequest): SessionRecord | undefined {
  for (const tokens of operation.requirements ?? []) {
    if (tokens.length === 0) continue;
    let session: SessionRecord | undefined;
    let met = true;
    // Every session scheme of the requirement, each where it carries its token, all of one live session.
    for (const { slot, carrier } of tokens) {
      const value = carried(carrier, request);
      const found = value === undefined ? undefined : state.sessionByToken(value, slot);
      if (!found || (session && found.id !== session.id)) {
        met = false;
        break;
      }
      session = found;
    }
    if (met && session) {
      session.lastSeenAt = state.now();
      return session;
    }
  }
  return undefined;
}

/** Whether some requirement of the operation asks for no session token at all (`{}`, or another scheme only). */
export function openToAnyone(operation: OperationPlan): boolean {
  return (operation.requirements ?? []).some((slots) => slots.length === 0);
}

function signIn(sessions: SessionPlan, state: MockState, operation: OperationPlan, request: StateRequest): StateDecision {
  const body = (request.body ?? {}) as Record<string, unknown>;
  const identifier = body[sessions.credentials.identifier];
  const secret = body[sessions.credentials.secret];
  const account = typeof identifier === 'string' ? state.findAccount(identifier) : undefined;
  if (!account || account.secret !== secret) return documentedOrProblem(operation, [401], 'Wrong credentials: no account has this sign-in name and secret');
  const session = state.openSession(account.userId, { userAgent: request.headers['user-agent'], ipAddress: request.ipAddress });
  return success(operation, { user: account.user, tokens: tokensOf(sessions, session) });
}

function register(sessions: SessionPlan, state: MockState, operation: OperationPlan, request: StateRequest): StateDecision {
  const body = (request.body ?? {}) as Record<string, unknown>;
  const identifier = body[sessions.credentials.identifier];
  const secret = body[sessions.credentials.secret];
  if (typeof identifier !== 'string' || typeof secret !== 'string') return documentedOrProblem(operation, [422, 400], `${sessions.credentials.identifier} and ${sessions.credentials.secret} are required`);
  if (state.findAccount(identifier)) return documentedOrProblem(operation, [409, 422, 400], `An account with this ${sessions.credentials.identifier} already exists`);
  const user: Record<string, unknown> = { ...sessions.user.template };
  let userId: string | undefined;
  for (const field of sessions.user.fields) {
    if (field.from === 'id-uuid' || field.from === 'id-string') user[field.name] = userId = state.uuid();
    else if (field.from === 'id-integer') {
      const id = state.integerId('accounts');
      user[field.name] = id;
      userId = String(id);
    } else if (field.from === 'created-at') user[field.name] = timestamp(state.now());
    else if (body[field.name] !== undefined) user[field.name] = body[field.name];
  }
  state.addAccount({ userId: userId ?? state.uuid(), identifier, secret, user });
  return success(operation, { user });
}

/** A live session as a worker of the mock engine may keep it, to answer its next reads itself. */
export function grantOf(session: SessionRecord, user: Record<string, unknown> | undefined): SessionGrant {
  return { sessionId: session.id, user, tokens: Object.entries(session.tokens).map(([slot, token]) => ({ value: token!.value, slot: slot as SlotName, expiresAt: token!.expiresAt })) };
}

function userOf(state: MockState, session: SessionRecord): Record<string, unknown> | undefined {
  return state.accountsById.get(session.userId)?.user;
}

function tokensOf(sessions: SessionPlan, session: SessionRecord): StateValues['tokens'] {
  const tokens: NonNullable<StateValues['tokens']> = {};
  for (const slot of sessions.slots) {
    const token = session.tokens[slot.name];
    if (token) tokens[slot.name] = { ...token, lifetimeSeconds: slot.lifetimeSeconds };
  }
  return tokens;
}

/** One session as the sessions list documents it. */
function sessionView(sessions: SessionPlan, session: SessionRecord, currentId: string): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  const expiresAt = Math.max(...Object.values(session.tokens).map((token) => token?.expiresAt ?? 0));
  for (const field of sessions.sessionItem?.fields ?? []) {
    const value = {
      id: session.id,
      'created-at': timestamp(session.createdAt),
      'last-seen-at': timestamp(session.lastSeenAt),
      'expires-at': timestamp(expiresAt),
      'user-agent': session.userAgent,
      'ip-address': session.ipAddress,
      current: session.id === currentId,
      'user-id': session.userId,
    }[field.source];
    if (value !== undefined) view[field.name] = value;
  }
  return view;
}

/** The session a live token of this slot opens, wherever the request carries one (a stale cookie does not hide a good bearer). */
function presentedSession(sessions: SessionPlan, state: MockState, slot: SlotName, request: StateRequest): SessionRecord | undefined {
  for (const carrier of sessions.slots.find((candidate) => candidate.name === slot)?.carriers ?? []) {
    const value = carried(carrier, request);
    const session = value === undefined ? undefined : state.sessionByToken(value, slot);
    if (session) return session;
  }
  return undefined;
}

export function carried(carrier: TokenCarrier, request: Pick<StateRequest, 'headers' | 'query'>): string | undefined {
  if (carrier.in === 'bearer') return /^bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
  if (carrier.in === 'header') return request.headers[carrier.name.toLowerCase()];
  if (carrier.in === 'query') return request.query[carrier.name];
  return cookieValue(request.headers.cookie, carrier.name);
}

/**
 * One cookie of a `Cookie` header. With two of one name, the first: a browser lists the
 * cookie with the longer Path first (RFC 6265, 5.4), and servers read that one.
 */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim() || undefined;
  }
  return undefined;
}

function presentedInBody(state: MockState, operation: OperationPlan, request: StateRequest, slots: SlotName[]): SessionRecord | undefined {
  const body = request.body !== null && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : undefined;
  const value = operation.bodyTokenField ? body?.[operation.bodyTokenField] : undefined;
  if (typeof value !== 'string') return undefined;
  for (const slot of slots) {
    const session = state.sessionByToken(value, slot);
    if (session) return session;
  }
  return undefined;
}

function anyPresented(sessions: SessionPlan, state: MockState, request: StateRequest): SessionRecord | undefined {
  for (const slot of sessions.slots) {
    const session = presentedSession(sessions, state, slot.name, request);
    if (session) return session;
  }
  return undefined;
}
