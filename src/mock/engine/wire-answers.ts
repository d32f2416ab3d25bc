import type { IncomingMessage } from 'node:http';
import type { IHttpOperation } from '@stoplight/types';
import type { EngineHooks, EngineRequest, PrismEngine, StateAnswer } from './prism-engine.js';

/**
 * Why an answer may be given again to the same request: the engine built it without the
 * mock's state (`EngineResponse.reusable`). `operation` is the one it answered (none for
 * Prism's own 404/405); `whileStateless` says the state was left out only because the
 * plan does not make the operation stateful, which a reload can change.
 */
export interface Reusable {
  operation: IHttpOperation | undefined;
  whileStateless: boolean;
  /**
   * The state's answer it was made with: it is given again only when the state, asked
   * again about the same request, gives this same answer (a worker's copy of a session).
   */
  decision?: StateAnswer;
}

/** What a request finds: the answer to give again, or the state's answer it was asked for (to be used, not asked twice). */
export type Found = { answer: WireAnswer } | { decided: ReturnType<NonNullable<EngineHooks['decide']>> };

/** An answer as it goes on the wire: status, every header (CORS included) as writeHead takes them, the body's bytes. */
export interface WireAnswer {
  status: number;
  headers: Array<string | string[]>;
  body: Buffer | undefined;
  reusable: Reusable;
}

const MAX_ANSWERS = 10_000;
const MAX_BYTES = 64 * 1024 * 1024;
/** A request this large (URL and headers) is not worth keeping. */
const MAX_KEY_LENGTH = 16 * 1024;

export interface WireAnswers {
  /** The request's key when its answer may be kept or found: a request without a body. */
  keyOf(req: IncomingMessage): string | undefined;
  /** The answer given before to the same request, if nothing since can change it. */
  find(engine: PrismEngine, key: string, hooks: EngineHooks | undefined, request: () => EngineRequest): Found | undefined;
  keep(engine: PrismEngine, key: string, answer: WireAnswer): void;
}

/**
 * Answers kept as bytes, per request, so that the same request is answered again
 * without Prism: its negotiation, security and validation, the mocker, the serializer,
 * the headers. The key is the whole request (method, URL with its query, every header
 * line as sent) of a request without a body: everything Prism and the server read to
 * answer. Prism's answer without `Prefer: dynamic` (which is in the key) is a function
 * of the request alone; the engine says which answers are made of it alone (the state
 * took no part), or of it and one answer of the state's that mints nothing (a worker's
 * copy of a session), and only those are kept. What can change such an answer is
 * checked again each time: a forced answer queued for the operation (`respond-with`), a
 * plan that now makes it stateful, the state's answer (asked again, it must be the same
 * object), a reloaded spec (another engine: everything kept is dropped).
 */
export function createWireAnswers(): WireAnswers {
  const answers = new Map<string, WireAnswer>();
  let owner: PrismEngine | undefined;
  let bytes = 0;
  const forEngine = (engine: PrismEngine) => {
    if (owner !== engine) {
      answers.clear();
      bytes = 0;
      owner = engine;
    }
  };
  return {
    keyOf(req) {
      const headers = req.headers;
      if (headers['transfer-encoding'] !== undefined || (headers['content-length'] !== undefined && headers['content-length'] !== '0')) return undefined;
      const key = `${req.method}\u0000${req.url}\u0000${req.rawHeaders.join('\u0000')}`;
      return key.length <= MAX_KEY_LENGTH ? key : undefined;
    },
    find(engine, key, hooks, request) {
      if (owner !== engine) return undefined;
      const answer = answers.get(key);
      if (!answer) return undefined;
      const { operation, whileStateless, decision } = answer.reusable;
      if (operation && hooks) {
        // Without a way to ask without taking it, a forced answer could be missed.
        if (!hooks.isForced || hooks.isForced(operation)) return undefined;
        if (whileStateless && hooks.consults?.(operation) !== false) return undefined;
        if (decision) {
          // Asked as the engine would ask (the session still live, its use noted); once.
          const decided = hooks.decide?.(operation, request());
          return decided === decision ? { answer } : { decided };
        }
      }
      return decision ? undefined : { answer };
    },
    keep(engine, key, answer) {
      forEngine(engine);
      const size = key.length + (answer.body?.length ?? 0);
      if (answers.size >= MAX_ANSWERS || bytes + size > MAX_BYTES) {
        answers.clear();
        bytes = 0;
      }
      answers.set(key, answer);
      bytes += size;
    },
  };
}
