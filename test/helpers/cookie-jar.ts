import { createJarFetch, type JarFetch } from '../../src/flows/cookie-jar.js';

export type CookieFetch = JarFetch;

/** One browser's cookies for a test client: the jar the flows runner keeps per workflow run. */
export function cookieJarFetch(transport?: (request: Request) => Promise<Response>): CookieFetch {
  return createJarFetch(transport);
}
