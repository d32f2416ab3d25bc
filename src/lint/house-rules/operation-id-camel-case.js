// @ts-check
const CAMEL_CASE = /^[a-z][a-zA-Z0-9]*$/;

/**
 * operationIds become method and type names in generated clients, so they are camelCase.
 * @type {import('@redocly/openapi-core').Oas3Rule}
 */
export const OperationIdCamelCase = () => {
  return {
    Operation: {
      enter(operation, ctx) {
        const id = operation.operationId;
        if (typeof id !== 'string' || id.length === 0) {
          ctx.report({ message: 'Operation has no operationId.', location: ctx.location.key() });
        } else if (!CAMEL_CASE.test(id)) {
          ctx.report({
            message: `operationId \`${id}\` is not camelCase.`,
            location: ctx.location.child(['operationId']),
          });
        }
      },
    },
  };
};
