import { CookieJar } from 'tough-cookie';

export interface JarFetch {
  /** A fetch that keeps cookies as a browser does: what the client's `fetch` option takes. */
  fetch: (request: Request) => Promise<Response>;
  jar: CookieJar;
  /** The value of a cookie the jar would send to `url`. */
  cookie(url: string, name: string): Promise<string | undefined>;
  /** The headers of the last request as it went out, the jar's cookies in them. */
  lastSent(): Headers | undefined;
}

/**
 * One browser's cookies (tough-cookie, RFC 6265): every `Set-Cookie` line is stored by
 * name, domain and Path, `Max-Age=0` or a past `Expires` deletes, and each request
 * carries what the jar holds for its URL, Secure cookies included on localhost and
 * 127.0.0.1 as browsers treat them. A request that brings its own `Cookie` keeps each of
 * its cookies over the jar's of the same name: a step's explicit cookie wins.
 */
export function createJarFetch(transport: (request: Request) => Promise<Response> = (request) => fetch(request)): JarFetch {
  const jar = new CookieJar();
  let sent: Headers | undefined;
  return {
    jar,
    lastSent: () => sent,
    async fetch(request) {
      const stored = await jar.getCookieString(request.url);
      const headers = new Headers(request.headers);
      const own = headers.get('cookie');
      const names = new Set((own ?? '').split(';').map((pair) => pair.split('=')[0]!.trim()).filter(Boolean));
      const kept = stored.split(';').map((pair) => pair.trim()).filter((pair) => pair && !names.has(pair.split('=')[0]!.trim()));
      const cookie = [...kept, ...(own ? [own] : [])].join('; ');
      if (cookie) headers.set('cookie', cookie);
      sent = headers;
      const response = await transport(new Request(request, { headers }));
      for (const line of response.headers.getSetCookie()) await jar.setCookie(line, request.url, { ignoreError: true });
      return response;
    },
    async cookie(url, name) {
      return (await jar.getCookies(url)).find((cookie) => cookie.key === name)?.value;
    },
  };
}
