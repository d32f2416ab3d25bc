import { createRequire } from 'node:module';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import { createSchemaProblem, STANDALONE_AJV_OPTIONS } from '../../schema/standalone-schema.js';

// ajv, loaded on the first forced header only: the mock's primary process (where the
// control runs) validates nothing else, and its start should not pay ~65 ms for a validator.
const requireCjs = createRequire(import.meta.url);

export const headerSchemaProblem = createSchemaProblem(() => {
  const { Ajv2020: Ajv } = requireCjs('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const ajv = new Ajv(STANDALONE_AJV_OPTIONS);
  (requireCjs('ajv-formats') as (instance: Ajv2020) => void)(ajv);
  return ajv;
});
