import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { SchemaModule } from '../../src/client/schema-map.js';
import type { components, operations } from '../../generated/api-types.js';
import * as auth from '../../generated/schemas.js';
import type { components as galaxyComponents } from '../fixtures/zod/galaxy/api-types.js';
import * as galaxy from '../fixtures/zod/galaxy/schemas.js';
import type { components as featureComponents } from '../fixtures/zod/features/api-types.js';
import * as features from '../fixtures/zod/features/schemas.js';

// z.infer of each generated schema is openapi-typescript's type for the same component,
// both ways (toEqualTypeOf is TypeScript's own identity). Every component of each spec is listed.
type Auth = components['schemas'];
type Galaxy = galaxyComponents['schemas'];
type Features = featureComponents['schemas'];

describe('schemas.ts: z.infer is the component type', () => {
  it('the Auth API, every component', () => {
    expectTypeOf<z.infer<typeof auth.zRegisterRequest>>().toEqualTypeOf<Auth['RegisterRequest']>();
    expectTypeOf<z.infer<typeof auth.zUser>>().toEqualTypeOf<Auth['User']>();
    expectTypeOf<z.infer<typeof auth.zValidationErrorDetail>>().toEqualTypeOf<Auth['ValidationErrorDetail']>();
    expectTypeOf<z.infer<typeof auth.zErrorEnvelope>>().toEqualTypeOf<Auth['ErrorEnvelope']>();
    expectTypeOf<z.infer<typeof auth.zLoginRequest>>().toEqualTypeOf<Auth['LoginRequest']>();
    expectTypeOf<z.infer<typeof auth.zLoginResponse>>().toEqualTypeOf<Auth['LoginResponse']>();
    expectTypeOf<z.infer<typeof auth.zLogoutResponse>>().toEqualTypeOf<Auth['LogoutResponse']>();
    expectTypeOf<z.infer<typeof auth.zRefreshResponse>>().toEqualTypeOf<Auth['RefreshResponse']>();
    expectTypeOf<z.infer<typeof auth.zSession>>().toEqualTypeOf<Auth['Session']>();
    expectTypeOf<z.infer<typeof auth.zSessionList>>().toEqualTypeOf<Auth['SessionList']>();
    expectTypeOf<keyof Auth>().toEqualTypeOf<'RegisterRequest' | 'User' | 'ValidationErrorDetail' | 'ErrorEnvelope' | 'LoginRequest' | 'LoginResponse' | 'LogoutResponse' | 'RefreshResponse' | 'Session' | 'SessionList'>();
  });

  it('Scalar Galaxy, every component', () => {
    expectTypeOf<z.infer<typeof galaxy.zCredentials>>().toEqualTypeOf<Galaxy['Credentials']>();
    expectTypeOf<z.infer<typeof galaxy.zToken>>().toEqualTypeOf<Galaxy['Token']>();
    expectTypeOf<z.infer<typeof galaxy.zPaginatedResource>>().toEqualTypeOf<Galaxy['PaginatedResource']>();
    expectTypeOf<z.infer<typeof galaxy.zImageUploadedMessage>>().toEqualTypeOf<Galaxy['ImageUploadedMessage']>();
    expectTypeOf<z.infer<typeof galaxy.zBadRequestError>>().toEqualTypeOf<Galaxy['BadRequestError']>();
    expectTypeOf<z.infer<typeof galaxy.zForbiddenError>>().toEqualTypeOf<Galaxy['ForbiddenError']>();
    expectTypeOf<z.infer<typeof galaxy.zNotFoundError>>().toEqualTypeOf<Galaxy['NotFoundError']>();
    expectTypeOf<z.infer<typeof galaxy.zUnauthorizedError>>().toEqualTypeOf<Galaxy['UnauthorizedError']>();
  });

  // openapi-typescript marks a readOnly property `readonly`; zod's inferred objects have no
  // readonly keys (its object type maps them `-readonly`), so these two are equal but for
  // that modifier: each is assignable to the other, and the keys and the property types agree.
  it('Galaxy\'s two components with readOnly properties and the features spec\'s one: the same but for `readonly`', () => {
    expectTypeOf<z.infer<typeof galaxy.zUser>>().toExtend<Galaxy['User']>();
    expectTypeOf<Galaxy['User']>().toExtend<z.infer<typeof galaxy.zUser>>();
    expectTypeOf<z.infer<typeof galaxy.zPlanet>>().toExtend<Galaxy['Planet']>();
    expectTypeOf<Galaxy['Planet']>().toExtend<z.infer<typeof galaxy.zPlanet>>();
    expectTypeOf<z.infer<typeof galaxy.zPlanet>['id']>().toEqualTypeOf<Galaxy['Planet']['id']>();
    expectTypeOf<z.infer<typeof galaxy.zPlanet>['creator']>().not.toEqualTypeOf<Galaxy['Planet']['creator']>(); // readonly id inside
    expectTypeOf<keyof z.infer<typeof galaxy.zUser>>().toEqualTypeOf<keyof Galaxy['User']>();
    expectTypeOf<z.infer<typeof features.zAccount>>().toExtend<Features['Account']>();
    expectTypeOf<Features['Account']>().toExtend<z.infer<typeof features.zAccount>>();
    expectTypeOf<keyof Galaxy>().toEqualTypeOf<'User' | 'Credentials' | 'Token' | 'Planet' | 'PaginatedResource' | 'ImageUploadedMessage' | 'BadRequestError' | 'ForbiddenError' | 'NotFoundError' | 'UnauthorizedError'>();
  });

  it('the features spec (test/fixtures/zod/features), every component: recursion, discriminators, unions, enums, records, defaults, tuples', () => {
    expectTypeOf<z.infer<typeof features.zTreeNode>>().toEqualTypeOf<Features['TreeNode']>();
    expectTypeOf<z.infer<typeof features.zPerson>>().toEqualTypeOf<Features['Person']>();
    expectTypeOf<z.infer<typeof features.zPet>>().toEqualTypeOf<Features['Pet']>();
    expectTypeOf<z.infer<typeof features.zCat>>().toEqualTypeOf<Features['Cat']>();
    expectTypeOf<z.infer<typeof features.zDog>>().toEqualTypeOf<Features['Dog']>();
    expectTypeOf<z.infer<typeof features.zId>>().toEqualTypeOf<Features['Id']>();
    expectTypeOf<z.infer<typeof features.zContact>>().toEqualTypeOf<Features['Contact']>();
    expectTypeOf<z.infer<typeof features.zEmailContact>>().toEqualTypeOf<Features['EmailContact']>();
    expectTypeOf<z.infer<typeof features.zPhoneContact>>().toEqualTypeOf<Features['PhoneContact']>();
    expectTypeOf<z.infer<typeof features.zStamped>>().toEqualTypeOf<Features['Stamped']>();
    expectTypeOf<z.infer<typeof features.zStatus>>().toEqualTypeOf<Features['Status']>();
    expectTypeOf<z.infer<typeof features.zLevel>>().toEqualTypeOf<Features['Level']>();
    expectTypeOf<z.infer<typeof features.zMaybeColour>>().toEqualTypeOf<Features['MaybeColour']>();
    expectTypeOf<z.infer<typeof features.zVersion>>().toEqualTypeOf<Features['Version']>();
    expectTypeOf<z.infer<typeof features.zLabels>>().toEqualTypeOf<Features['Labels']>();
    expectTypeOf<z.infer<typeof features.zLoose>>().toEqualTypeOf<Features['Loose']>();
    expectTypeOf<z.infer<typeof features.zStrict>>().toEqualTypeOf<Features['Strict']>();
    expectTypeOf<z.infer<typeof features.zSettings>>().toEqualTypeOf<Features['Settings']>();
    expectTypeOf<z.infer<typeof features.zPoint>>().toEqualTypeOf<Features['Point']>();
    expectTypeOf<z.infer<typeof features.zGrid>>().toEqualTypeOf<Features['Grid']>();
    expectTypeOf<z.infer<typeof features.zEmpty>>().toEqualTypeOf<Features['Empty']>();
    expectTypeOf<z.infer<typeof features.zAnything>>().toEqualTypeOf<Features['Anything']>();
    expectTypeOf<z.infer<typeof features.zLinks>>().toEqualTypeOf<Features['Links']>();
    expectTypeOf<z.infer<typeof features.zProblem>>().toEqualTypeOf<Features['Problem']>();
    expectTypeOf<z.infer<typeof features.zVehicle>>().toEqualTypeOf<Features['Vehicle']>();
    expectTypeOf<z.infer<typeof features.zCar>>().toEqualTypeOf<Features['Car']>();
    expectTypeOf<z.infer<typeof features.zBike>>().toEqualTypeOf<Features['Bike']>();
    expectTypeOf<z.infer<typeof features.zHomeLinks>>().toEqualTypeOf<Features['HomeLinks']>();
    // A cycle no property closes is annotated with the component's type (z.lazy cannot be inferred inside it); what refers to it is inferred.
    // (An array of itself is such a cycle too, but openapi-typescript cannot type it: TS2502 in its own file.)
    expectTypeOf<z.infer<typeof features.zExpr>>().toEqualTypeOf<Features['Expr']>();
    expectTypeOf<z.infer<typeof features.zBinOp>>().toEqualTypeOf<Features['BinOp']>();
    expectTypeOf<z.infer<typeof features.zLiteral>>().toEqualTypeOf<Features['Literal']>();
    expectTypeOf<keyof Features>().toEqualTypeOf<
      | 'BinOp' | 'Expr' | 'Literal' | 'TreeNode' | 'Person' | 'Pet' | 'Cat' | 'Dog' | 'Id' | 'Contact' | 'EmailContact' | 'PhoneContact' | 'Stamped' | 'Status' | 'Level'
      | 'MaybeColour' | 'Version' | 'Labels' | 'Loose' | 'Strict' | 'Settings' | 'Point' | 'Grid' | 'Empty' | 'Anything' | 'Links' | 'Problem' | 'Account' | 'Vehicle' | 'Car' | 'Bike' | 'HomeLinks'
    >();

  });

  it('the Auth API\'s operation exports: bodies, parameters and responses are the operations\' types too', () => {
    type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
    expectTypeOf<z.infer<typeof auth.zRegisterUserBody>>().toEqualTypeOf<Json<operations['registerUser']['requestBody']>>();
    expectTypeOf<z.infer<typeof auth.zLoginUserBody>>().toEqualTypeOf<Json<operations['loginUser']['requestBody']>>();
    expectTypeOf<z.infer<typeof auth.zLoginUserResponse200>>().toEqualTypeOf<Json<operations['loginUser']['responses'][200]>>();
    expectTypeOf<z.infer<typeof auth.zRegisterUserResponse201>>().toEqualTypeOf<Json<operations['registerUser']['responses'][201]>>();
    expectTypeOf<z.infer<typeof auth.zListSessionsResponse200>>().toEqualTypeOf<Json<operations['listSessions']['responses'][200]>>();
    expectTypeOf<z.infer<typeof auth.zGetCurrentUserResponse401>>().toEqualTypeOf<Json<operations['getCurrentUser']['responses'][401]>>();
    expectTypeOf<z.infer<typeof auth.zRevokeSessionPathParameters>>().toEqualTypeOf<operations['revokeSession']['parameters']['path']>();
    expectTypeOf<z.infer<typeof auth.zLogoutUserCookieParameters>>().toEqualTypeOf<NonNullable<operations['logoutUser']['parameters']['cookie']>>();
    // 204: no body, so no entry.
    expectTypeOf<keyof (typeof auth.operations)['/api/v1/auth/sessions/{sessionId}']['delete']['responses']>().toEqualTypeOf<400 | 401 | 403 | 404 | 409 | 422 | 426 | 429 | 500 | 502 | 504>();
  });

  it('the operations map is what the client takes', () => {
    expectTypeOf(auth.operations).toExtend<SchemaModule['operations']>();
    expectTypeOf(galaxy.operations).toExtend<SchemaModule['operations']>();
    expectTypeOf(features.operations).toExtend<SchemaModule['operations']>();
    expectTypeOf(auth).toExtend<SchemaModule>();
  });
});
