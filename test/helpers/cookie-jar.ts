import { CookieJar } from 'tough-cookie';

export interface CookieFetch {
  /** A fetch that keeps cookies as a browser does (tough-cookie, RFC 6265): what the client's `fetch` option takes. */
  fetch: (input: Request) => Promise<Response>;
  jar: CookieJar;
  /** The value of a cookie the jar would send to `url`. */
  cookie(url: string, name: string): Promise<string | undefined>;
}

/**
 * One browser's cookies for a test client: every `Set-Cookie` line is stored by name
 * and Path, Max-Age=0 deletes, and each request carries what the jar holds for its URL
 * (Secure cookies included on localhost and 127.0.0.1, as browsers treat them). The
 * requests go out through `transport` (the global fetch by default).
 */
export function cookieJarFetch(transport: (request: Request) => Promise<Response> = (request) => fetch(request)): CookieFetch {
  const jar = new CookieJar();
  return {
    jar,
    async fetch(request) {
      const cookie = await jar.getCookieString(request.url);
      const headers = new Headers(request.headers);
      if (cookie) headers.set('cookie', cookie);
      const response = await transport(new Request(request, { headers }));
      for (const line of response.headers.getSetCookie()) await jar.setCookie(line, request.url);
      return response;
    },
    async cookie(url, name) {
      return (await jar.getCookies(url)).find((cookie) => cookie.key === name)?.value;
    },
  };
}
