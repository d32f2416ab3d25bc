// @ts-check
/** Helpers the house rules share for walking an operation's responses. */

/** @param {string} status */
export function isErrorStatus(status) {
  return /^[45](\d\d|XX)$/.test(status);
}

/**
 * Each error response of an operation, resolved through $ref, with the location of
 * the resolved node so problems point at the file that holds it.
 * @param {any} operation the Operation node as the spec has it
 * @param {import('@redocly/openapi-core').UserContext} ctx
 * @returns {Array<{ status: string, response: any, location: any }>}
 */
export function errorResponses(operation, ctx) {
  const responses = operation?.responses ?? {};
  return Object.keys(responses)
    .filter(isErrorStatus)
    .map((status) => {
      const resolved = ctx.resolve(responses[status]);
      const location = resolved.location ?? ctx.location.child(['responses', status]);
      return { status, response: resolved.node, location };
    })
    .filter((entry) => entry.response);
}

/** @param {string} mediaType */
export function isJsonMediaType(mediaType) {
  return /^application\/([\w.+-]+\+)?json(;|$)/i.test(mediaType);
}

/**
 * Resolves a node that sits in the file of `location`. ctx.resolve defaults to the file
 * of the operation being visited, which is wrong once a $ref led into another file.
 * @param {import('@redocly/openapi-core').UserContext} ctx @param {any} node @param {import('@redocly/openapi-core').Location} location
 * @returns {{ node: any, location: any }}
 */
export function resolveAt(ctx, node, location) {
  const resolved = ctx.resolve(node, location.source.absoluteRef);
  return { node: resolved.node, location: resolved.location ?? location };
}
