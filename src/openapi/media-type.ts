/**
 * Whether a media type (or a Content-Type header) is JSON: `application/json`, or any
 * `+json` suffix such as `application/problem+json`. The client keeps its own copy of
 * this one-liner: it ships to browsers and imports nothing from the Node side.
 */
export function isJsonMediaType(mediaType: string | null | undefined): boolean {
  return typeof mediaType === 'string' && /[/+]json\b/i.test(mediaType);
}
