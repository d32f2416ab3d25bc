import type { Ajv2020, ValidateFunction } from 'ajv/dist/2020.js';

import type { SchemaProblem } from './schema-problem.js';

export type { SchemaProblem } from './schema-problem.js';

/**
 * Judges values against schemas that stand alone (a header's `{ type: integer, minimum: 0 }`),
 * each compiled once. The caller says how ajv is made: the mock's primary process loads it
 * on first use, so its start does not pay for a validator it rarely needs; the MSW handlers,
 * which run in a browser too, import it as they import the rest of ajv.
 * A schema that cannot be compiled alone (a `$ref` into the document) judges nothing.
 */
export function createSchemaProblem(makeAjv: () => Ajv2020): SchemaProblem {
  let ajv: Ajv2020 | undefined;
  const compiled = new WeakMap<object, ValidateFunction | undefined>();
  return (schema, value) => {
    if (schema === null || typeof schema !== 'object') return undefined;
    ajv ??= makeAjv();
    if (!compiled.has(schema)) {
      let validate: ValidateFunction | undefined;
      try {
        validate = ajv.compile(schema);
      } catch {
        validate = undefined;
      }
      compiled.set(schema, validate);
    }
    const validate = compiled.get(schema);
    if (!validate || validate(value)) return undefined;
    return ajv.errorsText(validate.errors, { dataVar: 'value' });
  };
}

/** The options every standalone ajv takes: formats checked, unknown keywords tolerated. */
export const STANDALONE_AJV_OPTIONS = { strict: false, allErrors: true, validateSchema: false } as const;
