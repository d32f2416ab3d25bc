import type { OpenApiDocument } from '../openapi/document.js';
import { deref } from '../openapi/document.js';
import type { CaseResult, ContractRequest } from './cases.js';

// CI uploads the contract reports as artifacts, and a live run sends and receives real
// credentials. Nothing the runner writes may carry one: the checks quote what the wire
// carried, and this module takes the secrets out of that text before a result is built.

/**
 * What a secret is replaced with: that something was there and how long it was (enough
 * to tell an empty or cut-short token from a whole one), never any of its characters.
 */
export function redacted(secret: string): string {
  return `…(redacted, ${secret.length} ${secret.length === 1 ? 'char' : 'chars'})`;
}

const MARKER = /…\(redacted, \d+ chars?\)/;
const WHOLE_MARKER = new RegExp(`^${MARKER.source}$`);
/** Splits a text into what lies between markers (even indexes) and the markers (odd). */
const AROUND_MARKERS = new RegExp(`(${MARKER.source})`);

/** `name=value` with the value redacted; an empty value (a cookie being cleared) is no secret and stays. */
function redactCookiePair(pair: string): string {
  // Without `=` the whole part is the value: browsers send a nameless cookie that way.
  const valueStart = pair.indexOf('=') + 1;
  const raw = pair.slice(valueStart);
  const value = raw.trim();
  if (value === '' || WHOLE_MARKER.test(value)) return pair;
  const lead = raw.slice(0, raw.indexOf(value));
  return `${pair.slice(0, valueStart)}${lead}${redacted(value)}${raw.slice(lead.length + value.length)}`;
}

/** A request's `Cookie` header, `a=1; b=2`, with every value redacted; the names stay, they say what was sent. */
export function redactCookieHeader(value: string): string {
  return value.split(';').map(redactCookiePair).join(';');
}

/** A `Set-Cookie` value with the cookie's value redacted and its attributes kept: Path, HttpOnly and the rest are what a check judges. */
export function redactSetCookie(value: string): string {
  const [pair = '', ...attributes] = value.split(';');
  return [redactCookiePair(pair), ...attributes].join(';');
}

/** Headers whose whole value is a credential, whatever the spec says. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization']);
/** X-Api-Key, Api-Key, X-Auth-Token, X-Access-Token…: names that say they carry a key even where no scheme declares them. */
const API_KEY_STYLE_NAME = '(?:x-)?(?:api|auth|access|session)[-_]?(?:key|token|secret)';
const API_KEY_STYLE = new RegExp(`^${API_KEY_STYLE_NAME}$`, 'i');

/** Whether a header carries a credential. `apiKeyHeaders` are the lower-cased names the spec's `apiKey` schemes put in a header. */
export function isSecretHeader(name: string, apiKeyHeaders: ReadonlySet<string> = new Set()): boolean {
  const lower = name.toLowerCase();
  return lower === 'cookie' || lower === 'set-cookie' || CREDENTIAL_HEADERS.has(lower) || apiKeyHeaders.has(lower) || API_KEY_STYLE.test(name);
}

/** A header's value as a report may show it: cookies pair by pair, any other credential whole, the rest as it is. */
export function redactHeaderValue(name: string, value: string, apiKeyHeaders: ReadonlySet<string> = new Set()): string {
  const lower = name.toLowerCase();
  if (lower === 'cookie') return redactCookieHeader(value);
  if (lower === 'set-cookie') return redactSetCookie(value);
  return isSecretHeader(name, apiKeyHeaders) && value !== '' && !WHOLE_MARKER.test(value) ? redacted(value) : value;
}

/** Base64, base64url, hex, JWT dots and percent-encoding: the characters a token is made of. */
const TOKEN_CHARACTER = /[A-Za-z0-9\-._~+/=%]/;

/**
 * The start of a body, for a message. It never ends inside a run of token characters:
 * half a token is still most of a secret, and no scrub could recognise it afterwards.
 */
export function bodyExcerpt(text: string, max = 80): string {
  if (text.length <= max) return text;
  let end = max;
  if (TOKEN_CHARACTER.test(text[end]!)) while (end > 0 && TOKEN_CHARACTER.test(text[end - 1]!)) end--;
  return `${text.slice(0, end)}…`;
}

/** The names the spec's `apiKey` security schemes give their credentials, by where they travel. */
export interface SecretNames {
  /** Lower-cased: header names are case-insensitive. */
  headers: Set<string>;
  cookies: Set<string>;
  query: Set<string>;
}

export function secretNamesOf(document: OpenApiDocument): SecretNames {
  const names: SecretNames = { headers: new Set(), cookies: new Set(), query: new Set() };
  for (const reference of Object.values(document.components?.securitySchemes ?? {})) {
    const scheme = deref<{ type?: string; in?: string; name?: string }>(document, reference);
    if (scheme?.type !== 'apiKey' || !scheme.name) continue;
    if (scheme.in === 'header') names.headers.add(scheme.name.toLowerCase());
    else if (scheme.in === 'cookie') names.cookies.add(scheme.name);
    else if (scheme.in === 'query') names.query.add(scheme.name);
  }
  return names;
}

/**
 * Below this length a value is too likely to occur by chance ("true", a status code) to
 * be replaced wherever it appears; it is still redacted as the value of a cookie it is
 * known to belong to. Every real token is far longer.
 */
const MIN_FREE_TEXT_SECRET = 8;

/** A character of a cookie's value as free text shows it: not what ends a pair, a parameter or a quoted string. */
const COOKIE_VALUE_CHARACTER = `[^\\s;,"'\\\\<>&()\\[\\]{}…]`;

interface ScrubGroups {
  header?: string;
  name?: string;
  quoted?: string;
  open?: string;
  line?: string;
  cookie?: string;
  cookieValue?: string;
}

/** Texts whose scrub is kept at once (a run's distinct messages are far fewer). */
const MAX_SCRUBS_KEPT = 10_000;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Learns every secret a run sends or receives (cookie values, credential headers, API
 * keys) and scrubs them out of any text: a quoted header, a body excerpt that echoes
 * one, an error message. Scrubbing is idempotent: markers are never scrubbed again.
 */
export class Redactor {
  readonly #names: SecretNames;
  readonly #values = new Set<string>();
  /** Each secret learned (not its encoded forms): learning it again adds nothing. Every request and answer of a run carries the same few. */
  readonly #learned = new Set<string>();
  /** Whether a header name carries a credential, as isSecretHeader says for this run's names: asked for every header on the wire. */
  readonly #secretHeader = new Map<string, boolean>();
  readonly #cookieNames: Set<string>;
  /** Built on first use and again after anything new is learned. */
  #pattern: RegExp | undefined;
  /**
   * What scrub() made of each text under the current pattern. Every result's check
   * messages go through scrub() twice (as judged, and once more at the end), and most are
   * the same few sentences (`not an error`, `status not documented`): a scrub is a
   * function of the text and the pattern, so one per text until something new is learned.
   */
  readonly #scrubbed = new Map<string, string>();

  constructor(names: SecretNames = { headers: new Set(), cookies: new Set(), query: new Set() }) {
    this.#names = names;
    this.#cookieNames = new Set(names.cookies);
  }

  /** The secrets a request the run is about to send carries. */
  learnRequest(request: ContractRequest): void {
    for (const [name, value] of Object.entries(request.cookies)) this.learnCookie(name, value);
    for (const [name, value] of Object.entries(request.headers)) this.#learnHeader(name, value);
    for (const name of this.#names.query) {
      const value = request.query[name];
      if (value !== undefined) this.learnValue(String(value));
    }
  }

  /** The secrets in headers on the wire, either way: Cookie, Set-Cookie, Authorization, API keys. */
  learnHeaders(headers: Headers): void {
    for (const setCookie of headers.getSetCookie()) this.#learnHeader('set-cookie', setCookie);
    headers.forEach((value, name) => {
      if (name !== 'set-cookie') this.#learnHeader(name, value);
    });
  }

  learnCookie(name: string, value: string): void {
    if (name !== '' && !this.#cookieNames.has(name)) {
      this.#cookieNames.add(name);
      this.#pattern = undefined;
    }
    this.learnValue(value);
  }

  learnValue(value: string): void {
    const secret = value.trim();
    if (this.#learned.has(secret)) return;
    if (secret === '' || WHOLE_MARKER.test(secret)) return;
    this.#learned.add(secret);
    // An echo may carry the value encoded: in a URL, or inside a JSON string.
    for (const form of [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]) {
      if (this.#values.has(form)) continue;
      this.#values.add(form);
      this.#pattern = undefined;
    }
  }

  #learnHeader(name: string, value: string): void {
    const lower = name.toLowerCase();
    if (lower === 'cookie') {
      for (const pair of value.split(';')) this.#learnCookiePair(pair);
    } else if (lower === 'set-cookie') {
      this.#learnCookiePair(value.split(';')[0] ?? '');
    } else if (this.#isSecretHeader(name)) {
      this.learnValue(value);
      // `Bearer <token>`: an echo may quote the token alone.
      const credentials = /^\S+\s+(\S.*)$/.exec(value.trim())?.[1];
      if (credentials) this.learnValue(credentials);
    }
  }

  #isSecretHeader(name: string): boolean {
    let secret = this.#secretHeader.get(name);
    if (secret === undefined) {
      secret = isSecretHeader(name, this.#names.headers);
      this.#secretHeader.set(name, secret);
    }
    return secret;
  }

  #learnCookiePair(pair: string): void {
    const equals = pair.indexOf('=');
    if (equals === -1) this.learnValue(pair);
    else this.learnCookie(pair.slice(0, equals).trim(), pair.slice(equals + 1));
  }

  /**
   * `text` with secrets replaced by their marker: the value of a credential header quoted
   * in it (`Cookie: …`, `Authorization: "…"`) as redactHeaderValue shows it, the value of
   * every known cookie, and every learned secret wherever it appears.
   */
  scrub(text: string): string {
    const pattern = this.#scrubPattern();
    const known = this.#scrubbed.get(text);
    if (known !== undefined) return known;
    // Markers already in the text are left alone, so that scrubbing twice changes nothing.
    const scrubbed = text
      .split(AROUND_MARKERS)
      .map((part, index) => (index % 2 === 1 ? part : part.replace(pattern, (match, ...rest) => this.#replacement(match, rest.at(-1) as ScrubGroups))))
      .join('');
    if (this.#scrubbed.size >= MAX_SCRUBS_KEPT) this.#scrubbed.clear();
    this.#scrubbed.set(text, scrubbed);
    return scrubbed;
  }

  #replacement(match: string, groups: ScrubGroups): string {
    const { header, name, quoted, open = '', line = '', cookie, cookieValue } = groups;
    if (header !== undefined && name !== undefined) {
      return quoted !== undefined ? `${header}"${redactHeaderValue(name, quoted, this.#names.headers)}"` : `${header}${open}${redactHeaderValue(name, line, this.#names.headers)}`;
    }
    if (cookie !== undefined && cookieValue !== undefined) return `${cookie}${redacted(cookieValue)}`;
    return redacted(match);
  }

  /** A result as a report may show it: its reason and check messages scrubbed. */
  scrubResult(result: CaseResult): CaseResult {
    // Most results quote no secret: they come back as they are, not copied (every result
    // is scrubbed twice, and a copy of each check is garbage on 13,013 cases).
    let checks = result.checks;
    checks.forEach((check, index) => {
      if (check.message === undefined) return;
      const message = this.scrub(check.message);
      if (message === check.message) return;
      if (checks === result.checks) checks = [...checks];
      checks[index] = { ...check, message };
    });
    const reason = result.reason === undefined ? undefined : this.scrub(result.reason);
    const detail = result.detail === undefined ? undefined : this.scrub(result.detail);
    if (checks === result.checks && reason === result.reason && detail === result.detail) return result;
    return {
      ...result,
      checks,
      ...(reason !== undefined ? { reason } : {}),
      ...(detail !== undefined ? { detail } : {}),
    };
  }

  /** The same error, its message and stack scrubbed, for whoever prints it. */
  scrubError<T>(error: T): T {
    if (error instanceof Error) {
      error.message = this.scrub(error.message);
      if (error.stack) error.stack = this.scrub(error.stack);
    }
    return error;
  }

  #scrubPattern(): RegExp {
    if (this.#pattern) return this.#pattern;
    this.#scrubbed.clear();
    const longestFirst = (list: Iterable<string>) => [...list].sort((a, b) => b.length - a.length).map(escapeRegExp);
    const headerNames = [...longestFirst(['proxy-authorization', 'authorization', 'set-cookie', 'cookie', ...this.#names.headers]), API_KEY_STYLE_NAME];
    // `Name: "value"` to the closing quote, or else `Name: value` to the end of the line. A
    // quote left open is not part of the value: that is how a text scrubbed once, its
    // value already a marker, looks between the markers.
    const alternatives = [`(?<header>(?<![\\w-])(?<name>${headerNames.join('|')})\\s*:\\s*)(?:"(?<quoted>[^"\\r\\n]*)"|(?<open>"?)(?<line>[^\\r\\n]*))`];
    // Longest first: a whole `Bearer <token>` is replaced before the token inside it.
    const values = longestFirst([...this.#values].filter((value) => value.length >= MIN_FREE_TEXT_SECRET));
    if (this.#cookieNames.size > 0) {
      // `name=value` for a known cookie name, whatever the value's length. The value runs
      // to where a cookie value, a query parameter or a quoted string ends, and over any
      // learned secret whole, even one holding such a character.
      alternatives.push(`(?<cookie>(?<![\\w-])(?:${longestFirst(this.#cookieNames).join('|')})\\s*=\\s*)(?<cookieValue>(?:${[...values, COOKIE_VALUE_CHARACTER].join('|')})+)`);
    }
    if (values.length > 0) alternatives.push(values.join('|'));
    // Case-insensitive, as header names are: a value that differs only in case is over-redacted, never leaked.
    this.#pattern = new RegExp(alternatives.join('|'), 'gi');
    return this.#pattern;
  }
}
