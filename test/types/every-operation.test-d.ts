import { describe, expectTypeOf, it } from 'vitest';
import type { ApiError, ApiResult, BodyOf, DocumentedStatus } from '../../src/index.js';
import type { paths } from '../../generated/api-types.js';

// Pins narrowing for every operation of the spec at once: for each documented status,
// narrowing on it gives exactly the documented body (2xx) or an ApiError of that status.
type Operations = {
  [P in keyof paths]: { [M in keyof paths[P] as paths[P][M] extends { responses: object } ? M : never]: paths[P][M] };
};
type EveryOperation = { [P in keyof Operations]: Operations[P][keyof Operations[P]] }[keyof Operations];

type Narrowed<Op, S extends number> = Extract<ApiResult<Op>, { status: S }>;
type Responses<Op> = Op extends { responses: infer R } ? R : never;

type DataMatches<Op> = {
  [S in DocumentedStatus<Op>]: S extends 200 | 201 | 204
    ? [Narrowed<Op, S>['data']] extends [BodyOf<Responses<Op>[S]>]
      ? [BodyOf<Responses<Op>[S]>] extends [Narrowed<Op, S>['data']]
        ? true
        : false
      : false
    : [Narrowed<Op, S>['error']] extends [ApiError<S>]
      ? [Narrowed<Op, S>['data']] extends [undefined]
        ? true
        : false
      : false;
}[DocumentedStatus<Op>];

type AllTrue<Op> = Op extends unknown ? DataMatches<Op> : never;

describe('every operation of the spec', () => {
  it('narrows every documented status to its body or an ApiError of that status', () => {
    expectTypeOf<AllTrue<EveryOperation>>().toEqualTypeOf<true>();
  });

  it('documents the canonical error set on every operation', () => {
    type ErrorSet = 400 | 401 | 403 | 404 | 409 | 422 | 426 | 429 | 500 | 502 | 504;
    type Missing<Op> = Op extends unknown ? Exclude<ErrorSet, DocumentedStatus<Op>> : never;
    expectTypeOf<Missing<EveryOperation>>().toEqualTypeOf<never>();
  });
});
