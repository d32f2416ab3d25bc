// Query parameters that carry credentials by their name: `access_token`, `api_key`,
// `apikey`, `token`, `session_id`, `signature`, `password`, `jwt`, `code` (OAuth's), …
// (Prism's own `__code` and `__server` are not).
const SECRET_NAME = /(^|[_.-])(access|refresh|id|auth|session|api|x[_-]?api|client)?[_.-]?(token|key|secret|password|passwd|pwd|pass|session|sessionid|session_?id|sid|sig|signature|credential|auth|authorization|jwt|otp|ticket|bearer|refresh)s?$|^(apikey|hapikey|code)$/i;

/**
 * A request's URL as the mock's log lines show it: the value of every query parameter
 * whose name says it carries a credential (or that the spec's schemes name: `alsoSecret`)
 * is replaced by its length, so a token sent as `?access_token=…` never reaches a log line.
 */
export function redactedUrl(url: string, alsoSecret: ReadonlySet<string> = new Set()): string {
  const question = url.indexOf('?');
  if (question === -1) return url;
  const query = url.slice(question + 1).split('&').map((pair) => {
    const equals = pair.indexOf('=');
    if (equals === -1) return pair;
    const name = safeDecode(pair.slice(0, equals));
    const value = pair.slice(equals + 1);
    return (SECRET_NAME.test(name) || alsoSecret.has(name)) && value !== '' ? `${pair.slice(0, equals)}=…(redacted, ${safeDecode(value).length} chars)` : pair;
  });
  return `${url.slice(0, question)}?${query.join('&')}`;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}
