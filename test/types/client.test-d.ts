import { describe, expectTypeOf, it } from 'vitest';
import { createApiClient, unwrap, type ApiClientOptions, type ApiError, type ApiErrorBody, type CallOptions, type CrossOriginRedirects, type RedirectMode, type LoginResponse, type LogoutResponse, type RefreshResponse, type SessionList, type User } from '../../src/index.js';

const api = createApiClient({ baseUrl: 'http://127.0.0.1:4010' });
const credentials = { email: 'ada@example.com', password: 'correct-horse-battery' };

describe('narrowing by status', () => {
  it('login: 200 narrows data to LoginResponse, each error status narrows error', async () => {
    const result = await api.POST('/api/v1/auth/login', { body: credentials });
    if (result.status === 200) {
      expectTypeOf(result.data).toEqualTypeOf<LoginResponse>();
      expectTypeOf(result.error).toEqualTypeOf<undefined>();
    }
    if (result.status === 422) {
      // The error carries the body the spec documents for 422: the envelope, when it is one.
      expectTypeOf(result.error).toEqualTypeOf<ApiError<422, ApiErrorBody>>();
      expectTypeOf(result.data).toEqualTypeOf<undefined>();
    }
    if (result.status === 429) expectTypeOf(result.error.status).toEqualTypeOf<429>();
    // 503 is not documented (no 5XX, no default): nothing is ever documented for it.
    if (result.status === 503) expectTypeOf(result.error).toEqualTypeOf<ApiError<503, never>>();
    if (result.status === 0) {
      expectTypeOf(result.error).toEqualTypeOf<ApiError<0, never>>();
      expectTypeOf(result.error.documented).toEqualTypeOf<undefined>();
      expectTypeOf(result.response).toEqualTypeOf<Response | undefined>();
    }
  });

  it('narrowing on error gives the documented success bodies', async () => {
    const result = await api.POST('/api/v1/auth/logout');
    if (!result.error) expectTypeOf(result.data).toEqualTypeOf<LogoutResponse>();
    else expectTypeOf(result.error).toMatchTypeOf<ApiError>();
  });

  it('register: 201 is the User; 409 is an ApiError', async () => {
    const result = await api.POST('/api/v1/auth/register', { body: { ...credentials, displayName: 'Ada' } });
    if (result.status === 201) expectTypeOf(result.data).toEqualTypeOf<User>();
    if (result.status === 409) expectTypeOf(result.error.type).toEqualTypeOf<string>();
  });

  it('revoke: 204 narrows data to undefined', async () => {
    const result = await api.DELETE('/api/v1/auth/sessions/{sessionId}', { params: { path: { sessionId: 'x' } } });
    if (result.status === 204) expectTypeOf(result.data).toEqualTypeOf<undefined>();
  });

  it('every operation has its own success body', async () => {
    const me = await api.GET('/api/v1/auth/me');
    if (me.status === 200) expectTypeOf(me.data).toEqualTypeOf<User>();
    const sessions = await api.GET('/api/v1/auth/sessions');
    if (sessions.status === 200) expectTypeOf(sessions.data).toEqualTypeOf<SessionList>();
    const refresh = await api.POST('/api/v1/auth/refresh');
    if (refresh.status === 200) expectTypeOf(refresh.data).toEqualTypeOf<RefreshResponse>();
  });

  it('a switch over status narrows each branch', async () => {
    const result = await api.GET('/api/v1/auth/me');
    switch (result.status) {
      case 200:
        expectTypeOf(result.data.email).toEqualTypeOf<string>();
        break;
      case 401:
        expectTypeOf(result.error.detail).toEqualTypeOf<string>();
        break;
    }
  });
});

describe('the throwing style keeps the types', () => {
  it('unwrap returns the success body', async () => {
    expectTypeOf(unwrap(await api.GET('/api/v1/auth/me'))).toEqualTypeOf<User>();
    expectTypeOf(await api.GET('/api/v1/auth/sessions').then(unwrap)).toEqualTypeOf<SessionList>();
    expectTypeOf(unwrap(await api.DELETE('/api/v1/auth/sessions/{sessionId}', { params: { path: { sessionId: 'x' } } }))).toEqualTypeOf<undefined>();
  });
});

describe('requests', () => {
  it('takes call options next to params and body', () => {
    const me = api.GET('/api/v1/auth/me', { timeoutMs: 500, retry: { attempts: 2 }, signal: new AbortController().signal });
    expectTypeOf(me).resolves.toHaveProperty('status');
    const logout = api.POST('/api/v1/auth/logout', { params: { cookie: { access_token: 'a' } }, retry: true });
    expectTypeOf(logout).resolves.toHaveProperty('data');
  });

  it('takes the body limit and the redirect policy, on the client and per call', async () => {
    const strict = createApiClient({ baseUrl: 'http://127.0.0.1:4010', maxBodyBytes: 64 * 1024, redirect: 'error', crossOriginRedirects: 'block' });
    const me = await strict.GET('/api/v1/auth/me', { maxBodyBytes: Infinity, redirect: 'manual', crossOriginRedirects: 'follow' });
    // A 3xx returned by redirect: 'manual' is an undocumented status: an ApiError.
    if (me.status === 302) expectTypeOf(me.error).toEqualTypeOf<ApiError<302, never>>();
    api.POST('/api/v1/auth/login', { body: credentials, crossOriginRedirects: 'follow-with-credentials' });
    expectTypeOf<CallOptions['redirect']>().toEqualTypeOf<RedirectMode | undefined>();
    expectTypeOf<ApiClientOptions['crossOriginRedirects']>().toEqualTypeOf<CrossOriginRedirects | undefined>();
  });

  it('the aliases are the generated component types', () => {
    expectTypeOf<ApiErrorBody>().toHaveProperty('code').toEqualTypeOf<number>();
  });

  it('rejects misuse', async () => {
    // @ts-expect-error: no such path
    await api.GET('/api/v1/auth/whoami');
    // @ts-expect-error: login is POST, not GET
    await api.GET('/api/v1/auth/login');
    // @ts-expect-error: body is required
    await api.POST('/api/v1/auth/login');
    // @ts-expect-error: password is required
    await api.POST('/api/v1/auth/login', { body: { email: 'ada@example.com' } });
    // @ts-expect-error: the path parameter is required
    await api.DELETE('/api/v1/auth/sessions/{sessionId}', { params: { path: {} } });
    // @ts-expect-error: retry takes a boolean or options
    await api.GET('/api/v1/auth/me', { retry: 3 });
    // @ts-expect-error: no such redirect mode
    await api.GET('/api/v1/auth/me', { redirect: 'never' });
    // @ts-expect-error: crossOriginRedirects takes a policy name, not a boolean
    await api.GET('/api/v1/auth/me', { crossOriginRedirects: true });
    // @ts-expect-error: maxBodyBytes is a number of bytes
    await api.GET('/api/v1/auth/me', { maxBodyBytes: '10MB' });
    // @ts-expect-error: no such cross-origin policy
    createApiClient({ baseUrl: 'http://127.0.0.1:4010', crossOriginRedirects: 'allow' });

    const result = await api.GET('/api/v1/auth/me');
    // @ts-expect-error: data may be undefined until the status is checked
    result.data.email;
    // @ts-expect-error: error may be undefined until the status is checked
    result.error.detail;
    if (result.status === 200) {
      // @ts-expect-error: no error on a 200
      result.error.detail;
    }
  });
});
