// @ts-check
import { errorResponses, isJsonMediaType, resolveAt } from './responses.js';

const ENVELOPE_FIELDS = { code: 'integer', detail: 'string', type: 'string' };

/**
 * Every 4xx/5xx response is the canonical error envelope. Checked by shape (required
 * `code`, `detail`, `type` with their types), not by component name, so a spec that
 * names its envelope differently still passes when the shape is right.
 * @type {import('@redocly/openapi-core').Oas3Rule}
 */
export const ErrorEnvelope = () => {
  return {
    Operation: {
      enter(operation, ctx) {
        for (const { status, response, location } of errorResponses(operation, ctx)) {
          const content = response.content ?? {};
          const jsonTypes = Object.keys(content).filter(isJsonMediaType);
          if (jsonTypes.length === 0) {
            ctx.report({
              message: `Error response ${status} has no JSON body; it must use the error envelope.`,
              location,
            });
            continue;
          }
          for (const mediaType of jsonTypes) {
            const schemaLocation = location.child(['content', mediaType, 'schema']);
            const schema = resolveAt(ctx, content[mediaType].schema, schemaLocation);
            const problem = envelopeProblem(schema.node, schema.location, ctx);
            if (problem) {
              ctx.report({
                message: `Error response ${status} (${mediaType}) is not the error envelope: ${problem}.`,
                location: schemaLocation,
              });
            }
          }
        }
      },
    },
  };
};

/**
 * @param {any} schema
 * @param {import('@redocly/openapi-core').Location} location
 * @param {import('@redocly/openapi-core').UserContext} ctx
 * @returns {string | undefined}
 */
function envelopeProblem(schema, location, ctx) {
  if (!schema) return 'it has no schema';
  const required = Array.isArray(schema.required) ? schema.required : [];
  const properties = schema.properties ?? {};
  for (const [field, type] of Object.entries(ENVELOPE_FIELDS)) {
    if (!required.includes(field)) return `\`${field}\` is not required`;
    const property = resolveAt(ctx, properties[field], location.child(['properties', field])).node;
    const types = [property?.type].flat();
    if (!types.includes(type)) return `\`${field}\` must be of type ${type}`;
  }
  return undefined;
}
