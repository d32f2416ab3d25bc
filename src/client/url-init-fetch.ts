/**
 * Marks a fetch that takes `(url, init)`, as the global fetch does: the client then hands it
 * each hop as it is, with no Request built around it. Not part of the package's API (a
 * custom `fetch` gets a Request, as openapi-fetch gives it): the contract run's own exchange
 * with its mock uses it, where 13,013 Requests, each with its AbortSignal and body stream,
 * were about half a second of that process's CPU.
 */
const TAKES_URL_AND_INIT = Symbol('authkit: fetch(url, init)');

export type UrlInitFetch = ((url: string, init: RequestInit) => Promise<Response>) & { [TAKES_URL_AND_INIT]: true };

export function takesUrlAndInit(fetch: (url: string, init: RequestInit) => Promise<Response>): UrlInitFetch {
  return Object.assign(fetch, { [TAKES_URL_AND_INIT]: true as const });
}

export function isUrlInitFetch(fetch: unknown): fetch is UrlInitFetch {
  return typeof fetch === 'function' && (fetch as Partial<UrlInitFetch>)[TAKES_URL_AND_INIT] === true;
}
