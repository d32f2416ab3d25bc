import { describe, expectTypeOf, it } from 'vitest';
import type { components, operations, paths } from '../../generated/api-types.js';

type Envelope = components['schemas']['ErrorEnvelope'];
type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never;

describe('generated types', () => {
  it('the envelope has required code, detail, type and optional errors[]', () => {
    expectTypeOf<Envelope['code']>().toEqualTypeOf<number>();
    expectTypeOf<Envelope['detail']>().toEqualTypeOf<string>();
    expectTypeOf<Envelope['type']>().toEqualTypeOf<string>();
    expectTypeOf<Envelope['errors']>().toEqualTypeOf<components['schemas']['ValidationErrorDetail'][] | undefined>();
    expectTypeOf<components['schemas']['ValidationErrorDetail']['loc']>().toEqualTypeOf<(string | number)[]>();
  });

  it('logout documents 200 and every error of the canonical set as the envelope', () => {
    type Responses = operations['logoutUser']['responses'];
    expectTypeOf<keyof Responses>().toEqualTypeOf<200 | 400 | 401 | 403 | 404 | 409 | 422 | 426 | 429 | 500 | 502 | 504>();
    expectTypeOf<Json<Responses[200]>>().toEqualTypeOf<components['schemas']['LogoutResponse']>();
    expectTypeOf<Json<Responses[401]>>().toEqualTypeOf<Envelope>();
    expectTypeOf<Json<Responses[504]>>().toEqualTypeOf<Envelope>();
    expectTypeOf<Responses[429]['headers']['Retry-After']>().toEqualTypeOf<number>();
  });

  it('logout takes the two auth cookies, both optional', () => {
    expectTypeOf<operations['logoutUser']['parameters']['cookie']>().toEqualTypeOf<
      { access_token?: string; refresh_token?: string } | undefined
    >();
  });

  it('register requires email, password and displayName and answers 201 with a User', () => {
    type Body = NonNullable<operations['registerUser']['requestBody']>['content']['application/json'];
    expectTypeOf<Body>().toEqualTypeOf<{ email: string; password: string; displayName: string }>();
    expectTypeOf<Json<operations['registerUser']['responses'][201]>>().toEqualTypeOf<components['schemas']['User']>();
  });

  it('revoke takes sessionId in the path and answers 204 with no content', () => {
    expectTypeOf<paths['/api/v1/auth/sessions/{sessionId}']['delete']['parameters']['path']>().toEqualTypeOf<{ sessionId: string }>();
    expectTypeOf<operations['revokeSession']['responses'][204]['content']>().toEqualTypeOf<undefined>();
  });

  it('has no operation the spec does not have', () => {
    // @ts-expect-error: there is no signup path, only register
    expectTypeOf<paths['/api/v1/auth/signup']>().toBeObject();
    // @ts-expect-error: logout is POST only
    expectTypeOf<operations['logoutUser']['responses'][201]>().toBeObject();
  });
});
