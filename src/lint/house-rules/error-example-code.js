// @ts-check
import { errorResponses, isJsonMediaType, resolveAt } from './responses.js';

/**
 * Each error response carries an example, and the example's `code` is the response's
 * own status: an example copied from another status (the 401 pasted under every
 * error on the logout docs page) is caught here.
 * @type {import('@redocly/openapi-core').Oas3Rule}
 */
export const ErrorExampleCode = () => {
  return {
    Operation: {
      enter(operation, ctx) {
        for (const { status, response, location } of errorResponses(operation, ctx)) {
          const content = response.content ?? {};
          for (const mediaType of Object.keys(content).filter(isJsonMediaType)) {
            const media = content[mediaType];
            const mediaLocation = location.child(['content', mediaType]);
            const examples = collectExamples(media, mediaLocation, ctx);
            if (examples.length === 0) {
              ctx.report({ message: `Error response ${status} (${mediaType}) has no example.`, location: mediaLocation.key() });
            }
            for (const example of examples) {
              // An example without `code` is not the envelope: house/error-envelope and
              // no-invalid-media-type-examples report that, so it is not reported twice.
              if (!example.value || typeof example.value !== 'object' || !('code' in example.value)) continue;
              const code = example.value.code;
              if (/^\d{3}$/.test(status) && code !== Number(status)) {
                ctx.report({
                  message: `Example for error response ${status} has \`code\` ${JSON.stringify(code)}; it must be ${status}.`,
                  location: example.location,
                });
              }
            }
          }
        }
      },
    },
  };
};

/**
 * @param {any} media
 * @param {import('@redocly/openapi-core').Location} mediaLocation
 * @param {import('@redocly/openapi-core').UserContext} ctx
 */
function collectExamples(media, mediaLocation, ctx) {
  /** @type {Array<{ value: any, location: any }>} */
  const found = [];
  if (media.example !== undefined) {
    found.push({ value: media.example, location: mediaLocation.child(['example']) });
  }
  for (const [name, ref] of Object.entries(media.examples ?? {})) {
    const resolved = resolveAt(ctx, ref, mediaLocation.child(['examples', name]));
    const location = resolved.location.child(['value']);
    found.push({ value: resolved.node?.value, location });
  }
  return found;
}
