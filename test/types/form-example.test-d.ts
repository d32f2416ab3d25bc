import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { describe, expectTypeOf, test } from 'vitest';
import type { z } from 'zod';
import type { components } from '../../generated/api-types.js';
import { zRegisterRequest } from '../../generated/schemas.js';

// The README's sign-up form: react-hook-form with zod's resolver on the generated
// zRegisterRequest. The form's fields are the request's, and what it submits is the
// request body the typed client sends.

type RegisterRequest = components['schemas']['RegisterRequest'];

function useSignUpForm() {
  return useForm<z.input<typeof zRegisterRequest>, unknown, z.output<typeof zRegisterRequest>>({
    resolver: zodResolver(zRegisterRequest),
    defaultValues: { email: '', password: '', displayName: '' },
  });
}
type SignUpForm = ReturnType<typeof useSignUpForm>;

describe('the sign-up form on zRegisterRequest', () => {
  test('registers exactly the request\'s fields', () => {
    expectTypeOf<Parameters<SignUpForm['register']>[0]>().toEqualTypeOf<'email' | 'password' | 'displayName'>();
    // @ts-expect-error not a field of the request
    expectTypeOf<Parameters<SignUpForm['register']>[0]>().toEqualTypeOf<'email' | 'password' | 'displayName' | 'role'>();
  });

  test('submits the body the client sends', () => {
    type Submitted = Parameters<Parameters<SignUpForm['handleSubmit']>[0]>[0];
    expectTypeOf<Submitted>().toEqualTypeOf<RegisterRequest>();
  });
});
