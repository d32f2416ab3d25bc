// What a frontend app writes. Type-checked against the packed tarball, so a broken
// `exports` map or a missing declaration file fails the build of this fixture.
import { ApiError, createApiClient, unwrap, type ApiErrorBody, type LoginResponse, type User } from '@authkit/contract';

const api = createApiClient({
  baseUrl: 'https://auth.example.com',
  timeoutMs: 10_000,
  retry: { attempts: 3 },
  sessionRefresh: true,
  onUpgradeRequired: () => window.location.reload(),
});

export async function signIn(email: string, password: string): Promise<LoginResponse | string> {
  const result = await api.POST('/api/v1/auth/login', { body: { email, password } });
  switch (result.status) {
    case 200:
      return result.data;
    case 422:
      return result.error.errors.map((issue) => issue.msg).join('\n');
    case 429:
      return `Too many attempts: ${result.error.detail}`;
    default:
      return result.error?.detail ?? 'Unexpected response';
  }
}

export async function currentUser(): Promise<User | undefined> {
  try {
    return unwrap(await api.GET('/api/v1/auth/me'));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return undefined;
    throw error;
  }
}

export function describeError(body: ApiErrorBody): string {
  return `${body.code} ${body.type}: ${body.detail}`;
}

export async function misuse(): Promise<void> {
  // @ts-expect-error: not a path of the Auth API
  await api.GET('/api/v1/users');
  // @ts-expect-error: the password is required
  await api.POST('/api/v1/auth/login', { body: { email: 'ada@example.com' } });
  const result = await api.GET('/api/v1/auth/me');
  // @ts-expect-error: data is not narrowed yet
  result.data.email;
}

// The mock subpath, as a team's vitest globalSetup uses it.
import { startMock, type MockServer } from '@authkit/contract/mock';

export async function withMock<T>(use: (url: string) => Promise<T>): Promise<T> {
  // @ts-expect-error: the spec to serve is required; nothing defaults to the toolkit's own files
  await startMock({ port: 4010 });
  const mock: MockServer = await startMock({ spec: 'generated/openapi.json', port: 4010 });
  try {
    return await use(mock.url);
  } finally {
    await mock.close();
  }
}
