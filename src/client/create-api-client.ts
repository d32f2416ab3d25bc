import type { paths as AuthApiPaths } from '../../generated/api-types.js';
import { ApiError } from './api-error.js';
import { DEFAULT_MAX_BODY_BYTES } from './bounded-body.js';
import { errorForOversizedBody, errorForRedirect, errorFromResponse, errorWithoutResponse, isEnvelope } from './error-body.js';
import { createTransport, type Exchange, type HttpMethod, type InitArgs, type PathsWithMethod, type RequestInitFor, type WireSettings } from './openapi-fetch-transport.js';
import type { CrossOriginRedirects, RedirectMode } from './redirects.js';
import type { ApiResult } from './result.js';
import type { SchemaModule } from './schema-map.js';
import type { SchemaViolation, ValidateMode, Validation } from './validation.js';
import { retryDelay, retryPolicyFor, sleep, type RetryPolicy, type RetrySetting } from './retry.js';
import { AttemptTimer } from './attempt-signal.js';
import { SessionRefresher } from './session-refresh.js';

export interface SessionRefreshOptions {
  /** The refresh endpoint, called with POST. Default `/api/v1/auth/refresh`. */
  path?: string;
  /** Paths whose 401 means bad credentials, not an expired session: never refreshed. */
  exclude?: string[];
}

export interface ApiClientOptions {
  /** Origin (and any prefix) the spec's paths are appended to, e.g. `https://auth.example.com`. */
  baseUrl: string;
  /** A fetch to use instead of the global one. */
  fetch?: (input: Request) => Promise<Response>;
  /** Headers sent with every call. */
  headers?: Record<string, string>;
  /** Per-attempt timeout in ms, a fresh timer for each attempt. Off by default, as with fetch. */
  timeoutMs?: number;
  /**
   * The largest body the client reads, in bytes, success and error bodies alike. Past it
   * (or at once, when Content-Length says so) the download stops and the call ends as an
   * ApiError of type `body_too_large`. Default 10 MiB; `Infinity` turns the bound off.
   */
  maxBodyBytes?: number;
  /**
   * `follow` (default) follows same-origin redirects; `error` refuses every redirect
   * (`redirect_blocked`); `manual` returns the 3xx as is (an ApiError of type `redirect`).
   */
  redirect?: RedirectMode;
  /**
   * Whether `redirect: 'follow'` follows a redirect to another origin. `block` (default):
   * no, the call ends as `redirect_blocked`. `follow`: yes, but with no body, no cookies
   * and none of the request's headers (API keys, Authorization, the client's `headers`),
   * so a 307/308 carrying a body is still blocked. `follow-with-credentials`: yes, with
   * the body and every header, as plain fetch would: only for a target you trust with them.
   */
  crossOriginRedirects?: CrossOriginRedirects;
  /** Retries: off by default. `true` or options turns them on for idempotent methods. */
  retry?: RetrySetting;
  /** Opt-in: on a 401, refresh the session once (single flight) and replay the call once. */
  sessionRefresh?: boolean | SessionRefreshOptions;
  /** Called with a 401 that stands: no refresh configured, or the refresh failed. */
  onUnauthorized?: (error: ApiError<401>) => void;
  /** Called on every 426: this client version is no longer supported. */
  onUpgradeRequired?: (error: ApiError<426>) => void;
  /**
   * What a body that breaks its schema does (`schemas` needed): `'off'` (default) nothing;
   * `'warn'` each violation goes to `onViolation` and the result is returned as usual;
   * `'throw'` the call ends as an ApiError of type `schema_violation`, and a request body
   * that breaks its schema is not sent. Error bodies are checked whenever `schemas` is
   * given, whatever `validate` says: only one that passes is the error's `documented`.
   */
  validate?: ValidateMode;
  /** The generated schemas module: `import * as schemas from './generated/schemas.js'`. */
  schemas?: SchemaModule;
  /** Called with each violation under `'warn'`; without it, one console.warn line each. */
  onViolation?: (violation: SchemaViolation) => void;
}

/** Options any single call takes next to openapi-fetch's params, body and headers. */
export interface CallOptions {
  timeoutMs?: number;
  /** `true` or options opts this call in, even a POST; `false` opts it out. */
  retry?: RetrySetting;
  signal?: AbortSignal;
  /** The client's `maxBodyBytes`, for this call. */
  maxBodyBytes?: number;
  /** The client's `redirect`, for this call. */
  redirect?: RedirectMode;
  /** The client's `crossOriginRedirects`, for this call. */
  crossOriginRedirects?: CrossOriginRedirects;
  /** The client's `validate`, for this call. */
  validate?: ValidateMode;
}

type ClientMethod<Paths extends {}, Method extends HttpMethod> = <
  Path extends PathsWithMethod<Paths, Method>,
  Init extends RequestInitFor<Paths[Path], Method & keyof Paths[Path]>,
>(
  path: Path,
  ...init: InitArgs<Init, CallOptions>
) => Promise<ApiResult<Paths[Path][Method & keyof Paths[Path]]>>;

export interface ApiClient<Paths extends {}> {
  GET: ClientMethod<Paths, 'get'>;
  POST: ClientMethod<Paths, 'post'>;
  PUT: ClientMethod<Paths, 'put'>;
  PATCH: ClientMethod<Paths, 'patch'>;
  DELETE: ClientMethod<Paths, 'delete'>;
  HEAD: ClientMethod<Paths, 'head'>;
  OPTIONS: ClientMethod<Paths, 'options'>;
}

const AUTH_API_SESSION: Required<SessionRefreshOptions> = {
  path: '/api/v1/auth/refresh',
  exclude: ['/api/v1/auth/login', '/api/v1/auth/register', '/api/v1/auth/logout'],
};

/** Without `schemas`, an error body is documented when it is the envelope on one of the Auth API's paths. */
const AUTH_API_PREFIX = '/api/v1/auth/';

type Attempt = Exchange | { kind: 'failure'; error: ApiError<0> };
/** Everything one attempt is sent with besides the request: the call's options over the client's. */
type AttemptSettings = WireSettings & { timeoutMs: number; signal: AbortSignal | undefined };
type CallInit = CallOptions & Record<string, unknown>;
const NO_INIT: CallInit = Object.freeze({});
type AnyResult = { status: number; data: unknown; error: ApiError | undefined; response: Response | undefined };

/**
 * The typed client frontend apps import. Calls look like openapi-fetch's and resolve
 * to `{ status, data, error, response }`; they never throw for HTTP or network
 * failures, which arrive as an ApiError in `error`.
 */
export function createApiClient<Paths extends {} = AuthApiPaths>(options: ApiClientOptions): ApiClient<Paths> {
  const transport = createTransport(options);
  const session = sessionSettings(options.sessionRefresh);
  const refresher = session ? new SessionRefresher(() => refreshSession(session.path)) : undefined;
  const { schemas, onViolation } = options;
  // Loaded only for a client given schemas: without them, none of the checking is in the bundle's first chunk.
  let loaded: Validation | undefined;
  const loading = schemas ? import('./validation.js').then((module) => (loaded = module.createValidation(schemas, onViolation, ApiError))) : undefined;
  loading?.catch(() => {}); // a failed load is each call's rejection, not an unhandled one
  const defaults: AttemptSettings = {
    timeoutMs: options.timeoutMs ?? 0,
    signal: undefined,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    redirect: options.redirect ?? 'follow',
    crossOriginRedirects: options.crossOriginRedirects ?? 'block',
  };

  async function attempt(method: HttpMethod, path: string, init: Record<string, unknown>, settings: AttemptSettings): Promise<Attempt> {
    const { timeoutMs, signal } = settings;
    // Without a timeout the attempt goes with the caller's signal as it is: no timer, no controller.
    const timer = timeoutMs ? new AttemptTimer(timeoutMs, signal) : undefined;
    try {
      return await transport(method, path, init, settings, timer ? timer.signal : signal);
    } catch (cause) {
      const kind = timer?.timedOut ? 'timeout' : signal?.aborted ? 'aborted' : 'network_error';
      return { kind: 'failure', error: errorWithoutResponse(kind, cause, timeoutMs) };
    } finally {
      timer?.dispose();
    }
  }

  async function refreshSession(path: string): Promise<boolean> {
    const outcome = await attempt('post', path, NO_INIT, defaults);
    return outcome.kind !== 'failure' && outcome.response.ok;
  }

  async function waitToRetry(policy: RetryPolicy, attemptNumber: number, delayMs: number, reason: number | 'network_error', method: HttpMethod, path: string, signal: AbortSignal | undefined): Promise<boolean> {
    policy.onRetry?.({ attempt: attemptNumber, delayMs, reason, method: method.toUpperCase(), path });
    try {
      await sleep(delayMs, signal);
      return true;
    } catch {
      return false;
    }
  }

  async function call(method: HttpMethod, path: string, init: CallInit = NO_INIT): Promise<AnyResult> {
    const { timeoutMs, retry, signal, maxBodyBytes, redirect, crossOriginRedirects, validate = options.validate ?? 'off', ...requestInit } = init;
    const validation = loaded ?? (loading && (await loading)); // once loaded, no await
    const refused = validation?.request(method, path, requestInit, validate);
    if (refused) return noResponse(refused);
    // A call that sets none of these (most calls) is sent with the client's settings as they are.
    const settings: AttemptSettings =
      timeoutMs === undefined && signal === undefined && maxBodyBytes === undefined && redirect === undefined && crossOriginRedirects === undefined
        ? defaults
        : {
            timeoutMs: timeoutMs ?? defaults.timeoutMs,
            signal,
            maxBodyBytes: maxBodyBytes ?? defaults.maxBodyBytes,
            redirect: redirect ?? defaults.redirect,
            crossOriginRedirects: crossOriginRedirects ?? defaults.crossOriginRedirects,
          };
    const policy = retryPolicyFor(method, options.retry, retry);
    const refreshable = refresher && session && !session.exclude.includes(path) && path !== session.path;
    let replayed = false;

    for (let attemptNumber = 1; ; attemptNumber += 1) {
      const sentAt = refresher?.generation ?? 0;
      const outcome = await attempt(method, path, requestInit, settings);

      if (outcome.kind === 'failure') {
        const delay = policy && outcome.error.type === 'network_error' ? retryDelay(policy, attemptNumber, 'network_error') : undefined;
        if (policy && delay !== undefined && (await waitToRetry(policy, attemptNumber, delay, 'network_error', method, path, signal))) continue;
        if (signal?.aborted && outcome.error.type !== 'aborted') return noResponse(errorWithoutResponse('aborted', signal.reason));
        return noResponse(outcome.error);
      }

      const { response } = outcome;
      if (response.status === 401 && refreshable && !replayed && (await refresher.recover(sentAt))) {
        replayed = true;
        attemptNumber -= 1; // the replay is not a retry: it does not use up an attempt
        continue;
      }
      const delay = policy ? retryDelay(policy, attemptNumber, { status: response.status, retryAfter: response.headers.get('retry-after') }) : undefined;
      if (policy && delay !== undefined) {
        if (await waitToRetry(policy, attemptNumber, delay, response.status, method, path, signal)) continue;
        return noResponse(errorWithoutResponse('aborted', signal?.reason));
      }
      const result = outcome.kind === 'read' ? judge(outcome, method, path, validation, validate) : toResult(outcome);
      if (result.status === 401) options.onUnauthorized?.(result.error as ApiError<401>);
      if (result.status === 426) options.onUpgradeRequired?.(result.error as ApiError<426>);
      return result;
    }
  }

  /**
   * The result of a response whose body was read. An error body is `documented` when it
   * passed its status's schema (`schemas` given), else when it is the Auth API's envelope
   * on one of its paths. A body that breaks its schema is reported or, under `'throw'`,
   * the result: status 0 for a 2xx, as any unusable 2xx (`code` holds its status).
   */
  function judge(exchange: ReadExchange, method: HttpMethod, path: string, validation: Validation | undefined, validate: ValidateMode): AnyResult {
    const { response, body } = exchange;
    if (response.ok) {
      const refused = exchange.readable ? validation?.success(method, path, response, body, validate) : errorFromResponse(response, body, 0);
      return refused ? noResponse(refused, response) : { status: response.status, data: body, error: undefined, response };
    }
    const { refused, documented } = validation ? validation.failure(method, path, response, body, validate) : { refused: undefined, documented: isEnvelope(body) && path.startsWith(AUTH_API_PREFIX) ? body : undefined };
    return failed(refused ?? errorFromResponse(response, body, response.status, documented), response);
  }

  const method = (name: HttpMethod) => (path: string, init?: CallInit) => call(name, path, init);
  return {
    GET: method('get'),
    POST: method('post'),
    PUT: method('put'),
    PATCH: method('patch'),
    DELETE: method('delete'),
    HEAD: method('head'),
    OPTIONS: method('options'),
  } as unknown as ApiClient<Paths>;
}

function sessionSettings(setting: ApiClientOptions['sessionRefresh']): Required<SessionRefreshOptions> | undefined {
  if (!setting) return undefined;
  return setting === true ? AUTH_API_SESSION : { path: setting.path ?? AUTH_API_SESSION.path, exclude: setting.exclude ?? AUTH_API_SESSION.exclude };
}

function noResponse(error: ApiError<0>, response?: Response): AnyResult {
  return { status: 0, data: undefined, error, response };
}

type ReadExchange = Extract<Exchange, { kind: 'read' }>;

/** A response whose body was not read whole: too large, or a redirect not followed. */
function toResult(exchange: Exclude<Exchange, ReadExchange>): AnyResult {
  const { response } = exchange;
  if (exchange.kind === 'too_large') return failed(errorForOversizedBody(response, exchange.size), response);
  return failed(errorForRedirect(response, exchange.type, exchange.reason, exchange.body), response);
}

/** A failure whose status is the error's: the HTTP status, or 0 when the response is unusable. */
function failed(error: ApiError, response: Response): AnyResult {
  return { status: error.status, data: undefined, error, response };
}
