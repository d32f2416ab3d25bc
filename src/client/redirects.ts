/**
 * `follow` (default): same-origin redirects are followed as fetch would follow them;
 * a redirect to another origin is not (see CrossOriginRedirects). `error`: no redirect
 * is followed. `manual`: the 3xx is returned as it came. A refused redirect is an
 * ApiError of type `redirect_blocked`, a manual one of type `redirect`.
 */
export type RedirectMode = 'follow' | 'error' | 'manual';

/**
 * What `redirect: 'follow'` does with a redirect to another origin (scheme, host or
 * port differs from the request's):
 * - `block` (default): not followed; the call ends as `redirect_blocked`.
 * - `follow`: followed, but only as a bare request: no body and none of the request's
 *   headers (the client's `headers`, per-call headers, Authorization, Cookie, API keys)
 *   apart from Accept and Accept-Language, and no cookies. A 307/308 that must resend
 *   its body is therefore still blocked; a 303, or a 301/302 after a POST, becomes a GET.
 * - `follow-with-credentials`: followed with the body and every header, as fetch would.
 *   Only for a target the app trusts with the user's password and keys.
 */
export type CrossOriginRedirects = 'block' | 'follow' | 'follow-with-credentials';

export interface RedirectSettings {
  redirect: RedirectMode;
  crossOriginRedirects: CrossOriginRedirects;
}

/** One request on the wire. `init` is whatever fetch takes; the follower sets `redirect`. */
export interface Hop {
  url: string;
  init: RequestInit;
}

export type Send = (hop: Hop) => Promise<Response>;

export type Followed =
  | { kind: 'final'; response: Response }
  /** A redirect the follower did not follow. `reason` ("to https://…: not followed …") completes the ApiError's detail. */
  | { kind: 'stopped'; response: Response; type: 'redirect_blocked' | 'redirect'; reason: string };

export type RedirectFollower = (first: Hop, settings: RedirectSettings, send: Send) => Promise<Followed>;

// As in the fetch standard: these, with a Location, are redirects; every other 3xx is a response.
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 20;
const REQUEST_BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location'];
// An allow-list, not a deny-list: any header the app added may be a credential, whatever its name.
const HEADERS_SAFE_ACROSS_ORIGINS = new Set(['accept', 'accept-language']);

/**
 * Follows redirects hop by hop (each sent with `redirect: 'manual'`), so that the policy
 * above decides what reaches another origin: fetch's own following resends the body of
 * a 307/308 and every custom header (an API key, the password of a login) to wherever
 * the Location points. Every hop carries the attempt's signal, so one timeout covers
 * the whole chain.
 */
export function createRedirectFollower(): RedirectFollower {
  // In a page the browser hides redirects from scripts (see below), so it is told up
  // front to follow them itself: probing with 'manual' first would send a redirected
  // call twice, and a POST answered by a 303 would be processed twice. Elsewhere, set
  // once fetch has answered 'manual' with an opaque redirect anyway (a worker, say).
  let fetchFollowsItself = typeof window !== 'undefined' && typeof document !== 'undefined';

  return async (first, settings, send) => {
    if (fetchFollowsItself && settings.redirect === 'follow') return { kind: 'final', response: await send(withRedirect(first, 'follow')) };
    let origin: string | undefined; // parsed at the first redirect: most calls have none
    let hop = first;
    for (let redirects = 0; ; redirects += 1) {
      const response = await send(withRedirect(hop, 'manual'));

      if (response.type === 'opaqueredirect') {
        // A browser: it hides a redirect's status and Location from page scripts, so no
        // hop can be inspected and the policy above cannot be applied hop by hop. Letting
        // the browser follow is the fallback, because the browser enforces CORS on every
        // cross-origin hop itself: a JSON body or a custom header means a preflight, and
        // neither the request nor its answer goes through unless the other origin
        // explicitly allows this page's origin (and, for cookies, credentials). That is
        // weaker than 'block' (an origin that opts in does get the body), but it is all a
        // page can do; `redirect: 'error'` still refuses every redirect without a resend.
        // Outside a page this is a surprise, and its price is that this one call reaches
        // the server twice (the probe and the followed resend); later calls are spared.
        if (settings.redirect === 'error') return stopped(response, 'redirect_blocked', "(the browser does not disclose where to): not followed (redirect: 'error')");
        if (settings.redirect === 'manual') return stopped(response, 'redirect', "(the browser does not disclose where to), returned as is (redirect: 'manual')");
        fetchFollowsItself = true;
        return { kind: 'final', response: await send(withRedirect(hop, 'follow')) };
      }

      const location = REDIRECT_STATUSES.has(response.status) ? response.headers.get('location') : null;
      if (location === null) return { kind: 'final', response };
      const target = httpUrl(location, hop.url);
      const where = target?.origin ?? `"${location}"`;
      if (settings.redirect === 'manual') return stopped(response, 'redirect', `to ${where}, returned as is (redirect: 'manual')`);
      if (settings.redirect === 'error') return stopped(response, 'redirect_blocked', `to ${where}: not followed (redirect: 'error')`);
      if (!target) return stopped(response, 'redirect_blocked', `to ${where}, which is not an http(s) URL: not followed`);
      if (redirects === MAX_REDIRECTS) return stopped(response, 'redirect_blocked', `to ${where}: more than ${MAX_REDIRECTS} redirects, not followed`);

      origin ??= new URL(first.url).origin;
      const next = nextHop(hop, response.status, target, target.origin === origin ? 'follow-with-credentials' : settings.crossOriginRedirects);
      if (typeof next === 'string') return stopped(response, 'redirect_blocked', next);
      void response.body?.cancel().catch(() => {}); // a followed hop's body is never read: free the connection
      hop = next;
    }
  };
}

/** The request for the Location, or why it may not be sent; `policy` is the one for the target's origin. */
function nextHop(hop: Hop, status: number, target: URL, policy: CrossOriginRedirects): Hop | string {
  const method = (hop.init.method ?? 'GET').toUpperCase();
  // As fetch does: a 303, and a 301/302 after a POST, turn into a GET without a body.
  const becomesGet = (status === 303 && method !== 'GET' && method !== 'HEAD') || ((status === 301 || status === 302) && method === 'POST');
  const headers = new Headers(hop.init.headers);
  if (becomesGet) for (const name of REQUEST_BODY_HEADERS) headers.delete(name);
  const body = becomesGet ? null : (hop.init.body ?? null);
  const next: Hop = { url: target.href, init: { ...hop.init, method: becomesGet ? 'GET' : method, headers, body } };

  if (policy === 'follow-with-credentials') return next;
  if (policy === 'block') return `to ${target.origin}, another origin: not followed (crossOriginRedirects: 'block')`;
  if (body !== null) {
    return `to ${target.origin}, another origin, with the request body: not followed (crossOriginRedirects: 'follow' never resends a body there, 'follow-with-credentials' does)`;
  }
  for (const name of [...headers.keys()]) if (!HEADERS_SAFE_ACROSS_ORIGINS.has(name)) headers.delete(name);
  return { url: next.url, init: { ...next.init, credentials: 'omit' } };
}

/** The hop as sent with `redirect`: itself when it already says so (the transport builds first hops with 'manual'). */
function withRedirect(hop: Hop, redirect: RequestRedirect): Hop {
  return hop.init.redirect === redirect ? hop : { url: hop.url, init: { ...hop.init, redirect } };
}

function httpUrl(location: string, base: string): URL | undefined {
  try {
    const url = new URL(location, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

function stopped(response: Response, type: 'redirect_blocked' | 'redirect', reason: string): Followed {
  return { kind: 'stopped', response, type, reason };
}
