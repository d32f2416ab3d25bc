import { QueryClient, QueryObserver } from '@tanstack/query-core';
import { describe, expectTypeOf, it } from 'vitest';
import { createApiClient, type ApiError, type ApiErrorBody, type ErrorBodyOf, type SchemaModule, type SchemaViolation, type ValidateMode } from '../../src/index.js';
import { createAuthQueries, createQueryFactories, type ErrorOf } from '../../src/react-query/index.js';
import * as authSchemas from '../../generated/schemas.js';
import type { components as GalaxyComponents, paths as GalaxyPaths } from '../fixtures/zod/galaxy/api-types.js';
import * as galaxySchemas from '../fixtures/zod/galaxy/schemas.js';
import type { paths as RangePaths } from '../fixtures/types/ranges.js';

type Galaxy = GalaxyComponents['schemas'];

describe('the Auth API: error.documented is the envelope its statuses document', () => {
  const api = createApiClient({ baseUrl: 'http://127.0.0.1:4010' });

  it('narrowing on status types documented, with no cast', async () => {
    const result = await api.POST('/api/v1/auth/login', { body: { email: 'ada@example.com', password: 'correct-horse-battery' } });
    if (result.status === 422) {
      expectTypeOf(result.error.documented).toEqualTypeOf<ApiErrorBody | undefined>();
      if (result.error.documented) expectTypeOf(result.error.documented.errors).toEqualTypeOf<ApiErrorBody['errors']>();
      // @ts-expect-error: documented is undefined for a body that is not the documented one
      result.error.documented.detail;
    }
    if (result.status === 401) expectTypeOf(result.error).toEqualTypeOf<ApiError<401, ApiErrorBody>>();
    // Not documented: nothing is ever documented for it.
    if (result.status === 418) expectTypeOf(result.error.documented).toEqualTypeOf<undefined>();
    if (result.status === 0) expectTypeOf(result.error.documented).toEqualTypeOf<undefined>();
    // The raw body stays unknown, as the wire may carry anything.
    if (result.error) expectTypeOf(result.error.body).toEqualTypeOf<unknown>();
  });
});

describe('a corpus spec with its own error shape: Galaxy (RFC 7807 errors)', () => {
  const galaxy = createApiClient<GalaxyPaths>({ baseUrl: 'http://127.0.0.1:4010', schemas: galaxySchemas });

  it('each status carries its own documented body', async () => {
    const created = await galaxy.POST('/planets', { body: { id: 1, name: 'Mars' } });
    if (created.status === 201) expectTypeOf(created.data).toEqualTypeOf<Galaxy['Planet']>();
    if (created.status === 400) expectTypeOf(created.error.documented).toEqualTypeOf<Galaxy['BadRequestError'] | undefined>();
    if (created.status === 403) expectTypeOf(created.error.documented).toEqualTypeOf<Galaxy['ForbiddenError'] | undefined>();
    if (created.status === 404) expectTypeOf(created.error.documented).toEqualTypeOf<undefined>(); // createPlanet documents no 404

    const planet = await galaxy.GET('/planets/{planetId}', { params: { path: { planetId: 1 } } });
    if (planet.status === 404) {
      expectTypeOf(planet.error.documented).toEqualTypeOf<Galaxy['NotFoundError'] | undefined>();
      expectTypeOf(planet.error.documented?.title).toEqualTypeOf<string | undefined>();
      // @ts-expect-error: Galaxy's 404 is not the Auth API's envelope
      expectTypeOf(planet.error.documented).toEqualTypeOf<ApiErrorBody | undefined>();
    }
    const me = await galaxy.GET('/me');
    if (me.status === 401) expectTypeOf(me.error).toEqualTypeOf<ApiError<401, Galaxy['UnauthorizedError']>>();
  });
});

describe('ranges and default, keyed as openapi-typescript keys them', () => {
  type Op = RangePaths['/x']['get'];

  it('its own code first, then its range, then default; JSON bodies only', async () => {
    // 404 is documented without a body: nothing is documented, the range does not stand in.
    expectTypeOf<ErrorBodyOf<Op, 404>>().toEqualTypeOf<never>();
    expectTypeOf<ErrorBodyOf<Op, 429>>().toEqualTypeOf<{ title?: string }>();
    expectTypeOf<ErrorBodyOf<Op, 503>>().toEqualTypeOf<{ message: string }>(); // default's JSON, not its text/html

    const api = createApiClient<RangePaths>({ baseUrl: 'http://127.0.0.1:4010' });
    const result = await api.GET('/x');
    if (result.status === 429) expectTypeOf(result.error.documented).toEqualTypeOf<{ title?: string } | undefined>();
    if (result.status === 500) expectTypeOf(result.error.documented).toEqualTypeOf<{ message: string } | undefined>();
    if (result.status === 200) expectTypeOf(result.data).toEqualTypeOf<string>();
  });
});

describe('TanStack Query keeps it: error narrows to the documented body by status', () => {
  const queryClient = new QueryClient();

  it('the Auth API', () => {
    const { authQueries } = createAuthQueries(createApiClient({ baseUrl: 'http://api.test' }));
    const error = new QueryObserver(queryClient, authQueries.me()).getCurrentResult().error;
    if (error?.status === 422) expectTypeOf(error.documented).toEqualTypeOf<ApiErrorBody | undefined>();
  });

  it('Galaxy', () => {
    const queries = createQueryFactories(createApiClient<GalaxyPaths>({ baseUrl: 'http://api.test' }));
    const error = new QueryObserver(queryClient, queries.query('/planets/{planetId}', { params: { path: { planetId: 1 } } })).getCurrentResult().error;
    if (error?.status === 404) expectTypeOf(error.documented).toEqualTypeOf<Galaxy['NotFoundError'] | undefined>();
    type PlanetError = ErrorOf<GalaxyPaths, '/planets/{planetId}', 'get'>;
    expectTypeOf<Extract<PlanetError, { status: 404 }>>().toEqualTypeOf<ApiError<404, Galaxy['NotFoundError']>>();
  });
});

describe('validate, schemas and onViolation', () => {
  it('takes a zod 4 module as schemas, structurally', () => {
    createApiClient({ baseUrl: 'http://127.0.0.1:4010', schemas: authSchemas, validate: 'warn', onViolation: (violation) => expectTypeOf(violation).toEqualTypeOf<SchemaViolation>() });
    expectTypeOf(authSchemas).toExtend<SchemaModule>();
    expectTypeOf<SchemaViolation['pointer']>().toEqualTypeOf<string>();
    expectTypeOf<SchemaViolation['in']>().toEqualTypeOf<'request' | 'path' | 'query' | 'response'>();
  });

  it('per call too', async () => {
    const api = createApiClient({ baseUrl: 'http://127.0.0.1:4010', schemas: authSchemas });
    await api.GET('/api/v1/auth/me', { validate: 'throw' });
    expectTypeOf<ValidateMode>().toEqualTypeOf<'off' | 'warn' | 'throw'>();
    // @ts-expect-error: no such mode
    await api.GET('/api/v1/auth/me', { validate: 'strict' });
    // @ts-expect-error: schemas is the generated module, not a single schema
    createApiClient({ baseUrl: 'http://127.0.0.1:4010', schemas: authSchemas.operations['/api/v1/auth/me'].get.responses[200] });
  });
});
