// @ts-check
export const DEFAULT_ERROR_SET = ['400', '401', '403', '404', '409', '422', '426', '429', '500', '502', '504'];

/**
 * Every operation documents the full canonical error set, so clients can rely on one
 * shape of failure handling everywhere.
 * @type {import('@redocly/openapi-core').Oas3Rule}
 */
export const CanonicalErrorSet = (options) => {
  /** @type {string[]} the statuses every operation documents; option `statuses` changes them */
  const required = (options?.statuses ?? DEFAULT_ERROR_SET).map(String);
  return {
    Operation: {
      enter(operation, ctx) {
        const documented = Object.keys(operation.responses ?? {});
        const missing = required.filter((status) => !documented.includes(status));
        if (missing.length === 0) return;
        ctx.report({
          message: `Operation \`${operation.operationId ?? ctx.key}\` does not document ${missing.join(', ')} from the canonical error set.`,
          location: ctx.location.child(['responses']).key(),
        });
      },
    },
  };
};
