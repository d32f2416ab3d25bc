// @ts-check
// Redocly loads plugins as plain ESM at lint time (CLI and openapi-core alike), so the
// house rules are JavaScript checked by tsc through JSDoc rather than TypeScript.
import { CanonicalErrorSet } from './canonical-error-set.js';
import { ErrorEnvelope } from './error-envelope.js';
import { ErrorExampleCode } from './error-example-code.js';
import { OperationIdCamelCase } from './operation-id-camel-case.js';

const rules = {
  'canonical-error-set': CanonicalErrorSet,
  'error-envelope': ErrorEnvelope,
  'error-example-code': ErrorExampleCode,
  'operation-id-camel-case': OperationIdCamelCase,
};

/** @returns {import('@redocly/openapi-core').Plugin} */
export default function housePlugin() {
  return {
    id: 'house',
    rules: { oas3: rules },
  };
}
