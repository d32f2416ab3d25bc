import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeSamples, curlSample, shellQuote } from '../../src/docs/code-samples.js';
import { firstServerUrl, sampleRequest } from '../../src/docs/sample-request.js';
import { withCodeSamples } from '../../src/docs/with-code-samples.js';
import type { OpenApiDocument } from '../../src/openapi/document.js';
import { listOperations } from '../../src/openapi/operations.js';
import { AUTH_BUNDLE, ROOT } from '../helpers/paths.js';

// The samples the reference page shows, exactly: the seed's wording (`const url …;
// const options …; try { fetch … }` and `curl --request POST \ --url …`), with the
// spec's own example values and placeholder credentials.
const auth: OpenApiDocument = JSON.parse(await readFile(AUTH_BUNDLE, 'utf8'));
const galaxy: OpenApiDocument = JSON.parse(await readFile(join(ROOT, 'node_modules', '@scalar', 'galaxy', 'dist', '3.1.json'), 'utf8'));

const AUTH_CLIENT = `import { createApiClient } from '@authkit/contract';

const api = createApiClient({ baseUrl: 'https://auth.authkit.dev' });
`;
const GALAXY_CLIENT = (options: string) => `import { createApiClient } from '@authkit/contract';
import type { paths } from './generated/api-types.js';

const api = createApiClient<paths>(${options});
`;
const tryFetch = (read = ['  const data = await response.json();', '  console.log(data);']) =>
  ['try {', '  const response = await fetch(url, options);', ...read, '} catch (error) {', '  console.error(error);', '}'].join('\n');

/** The samples of one operation, by label, as the page gets them. */
function samplesOf(document: OpenApiDocument, operationId: string, change?: (operation: any) => void): Record<string, string> {
  const copy = structuredClone(document);
  const operation = listOperations(copy).find((candidate) => candidate.operationId === operationId)!;
  change?.(operation);
  const page = withCodeSamples(copy);
  const samples = (page.paths as any)[operation.path][operation.method]['x-codeSamples'] as Array<{ lang: string; label: string; source: string }>;
  if (!change) expect(samples.map((sample) => `${sample.label} (${sample.lang})`)).toEqual(['Typed client (TypeScript)', 'fetch (JavaScript)', 'curl (Shell)']);
  return Object.fromEntries((change ? codeSamples(copy, operation, { baseUrl: 'https://galaxy.scalar.com', client: 'generated-paths' }) : samples).map((sample) => [sample.label, sample.source]));
}

const cases: Array<[string, { document: OpenApiDocument; operationId: string; change?: (operation: any) => void; want: Record<string, string> }]> = [
  ['Auth API logout: cookie credentials, no body (the seed page\'s operation)', {
    document: auth,
    operationId: 'logoutUser',
    want: {
      'Typed client': `${AUTH_CLIENT}
// In a browser the access_token cookie goes by itself: the client sends credentials: 'include'.
const result = await api.POST('/api/v1/auth/logout');
if (result.status === 200) console.log(result.data);
else console.error(result.error);`,
      fetch: `const url = 'https://auth.authkit.dev/api/v1/auth/logout';
const options = {method: 'POST', credentials: 'include'};

${tryFetch()}`,
      curl: `curl --request POST \\
  --url https://auth.authkit.dev/api/v1/auth/logout \\
  --cookie 'access_token=<access_token>'`,
    },
  }],
  ['Auth API login: the example body, no credentials', {
    document: auth,
    operationId: 'loginUser',
    want: {
      'Typed client': `${AUTH_CLIENT}
const result = await api.POST('/api/v1/auth/login', { body: { email: 'ada@example.com', password: 'correct-horse-battery' } });
if (result.status === 200) console.log(result.data);
else console.error(result.error);`,
      fetch: `const url = 'https://auth.authkit.dev/api/v1/auth/login';
const options = {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify({"email":"ada@example.com","password":"correct-horse-battery"})};

${tryFetch()}`,
      curl: `curl --request POST \\
  --url https://auth.authkit.dev/api/v1/auth/login \\
  --header 'Content-Type: application/json' \\
  --data '{"email":"ada@example.com","password":"correct-horse-battery"}'`,
    },
  }],
  ['Auth API me: the access cookie', {
    document: auth,
    operationId: 'getCurrentUser',
    want: {
      'Typed client': `${AUTH_CLIENT}
// In a browser the access_token cookie goes by itself: the client sends credentials: 'include'.
const result = await api.GET('/api/v1/auth/me');
if (result.status === 200) console.log(result.data);
else console.error(result.error);`,
      fetch: `const url = 'https://auth.authkit.dev/api/v1/auth/me';
const options = {method: 'GET', credentials: 'include'};

${tryFetch()}`,
      curl: `curl --request GET \\
  --url https://auth.authkit.dev/api/v1/auth/me \\
  --cookie 'access_token=<access_token>'`,
    },
  }],
  ['Auth API sessions/{sessionId}: the path parameter\'s example, a 204', {
    document: auth,
    operationId: 'revokeSession',
    want: {
      'Typed client': `${AUTH_CLIENT}
// In a browser the access_token cookie goes by itself: the client sends credentials: 'include'.
const result = await api.DELETE('/api/v1/auth/sessions/{sessionId}', { params: { path: { sessionId: '9b2e7c4a-1f3d-4e5b-8a6c-0d9e8f7a6b5c' } } });
if (result.status === 204) console.log('done');
else console.error(result.error);`,
      fetch: `const url = 'https://auth.authkit.dev/api/v1/auth/sessions/9b2e7c4a-1f3d-4e5b-8a6c-0d9e8f7a6b5c';
const options = {method: 'DELETE', credentials: 'include'};

${tryFetch(['  console.log(response.status);'])}`,
      curl: `curl --request DELETE \\
  --url https://auth.authkit.dev/api/v1/auth/sessions/9b2e7c4a-1f3d-4e5b-8a6c-0d9e8f7a6b5c \\
  --cookie 'access_token=<access_token>'`,
    },
  }],
  ['Galaxy getMe: basic, its first security requirement', {
    document: galaxy,
    operationId: 'getMe',
    want: {
      'Typed client': `${GALAXY_CLIENT("{ baseUrl: 'https://galaxy.scalar.com', headers: { Authorization: `Basic ${btoa('<username>:<password>')}` } }")}
const result = await api.GET('/me');
if (result.status === 200) console.log(result.data);
else console.error(result.error);`,
      fetch: `const url = 'https://galaxy.scalar.com/me';
const options = {method: 'GET', headers: {Authorization: \`Basic \${btoa('<username>:<password>')}\`}};

${tryFetch()}`,
      curl: `curl --request GET \\
  --url https://galaxy.scalar.com/me \\
  --user '<username>:<password>'`,
    },
  }],
  ['Galaxy getMe with bearer', {
    document: galaxy,
    operationId: 'getMe',
    change: (operation) => (operation.security = [{ bearerAuth: [] }]),
    want: {
      'Typed client': `${GALAXY_CLIENT("{ baseUrl: 'https://galaxy.scalar.com', headers: { Authorization: 'Bearer <token>' } }")}
const result = await api.GET('/me');
if (result.status === 200) console.log(result.data);
else console.error(result.error);`,
      fetch: `const url = 'https://galaxy.scalar.com/me';
const options = {method: 'GET', headers: {Authorization: 'Bearer <token>'}};

${tryFetch()}`,
      curl: `curl --request GET \\
  --url https://galaxy.scalar.com/me \\
  --header 'Authorization: Bearer <token>'`,
    },
  }],
  ['Galaxy getMe with the header API key', {
    document: galaxy,
    operationId: 'getMe',
    change: (operation) => (operation.security = [{ apiKeyHeader: [] }]),
    want: {
      'Typed client': `${GALAXY_CLIENT("{ baseUrl: 'https://galaxy.scalar.com', headers: { 'X-API-Key': '<X-API-Key>' } }")}
const result = await api.GET('/me');
if (result.status === 200) console.log(result.data);
else console.error(result.error);`,
      fetch: `const url = 'https://galaxy.scalar.com/me';
const options = {method: 'GET', headers: {'X-API-Key': '<X-API-Key>'}};

${tryFetch()}`,
      curl: `curl --request GET \\
  --url https://galaxy.scalar.com/me \\
  --header 'X-API-Key: <X-API-Key>'`,
    },
  }],
  ['Galaxy getMe with the query API key', {
    document: galaxy,
    operationId: 'getMe',
    change: (operation) => (operation.security = [{ apiKeyQuery: [] }]),
    want: {
      'Typed client': `${GALAXY_CLIENT("{ baseUrl: 'https://galaxy.scalar.com' }")}
// The api_key credential goes in the query: add ?api_key=<api_key> to the URL.
const result = await api.GET('/me');
if (result.status === 200) console.log(result.data);
else console.error(result.error);`,
      fetch: `const url = 'https://galaxy.scalar.com/me?api_key=<api_key>';
const options = {method: 'GET'};

${tryFetch()}`,
      curl: `curl --request GET \\
  --url 'https://galaxy.scalar.com/me?api_key=<api_key>'`,
    },
  }],
  ['Galaxy getAllData: query parameters at their documented defaults', {
    document: galaxy,
    operationId: 'getAllData',
    want: {
      'Typed client': `${GALAXY_CLIENT("{ baseUrl: 'https://galaxy.scalar.com' }")}
const result = await api.GET('/planets', { params: { query: { limit: 10, offset: 0 } } });
if (result.status === 200) console.log(result.data);
else console.error(result.error);`,
      fetch: `const url = 'https://galaxy.scalar.com/planets?limit=10&offset=0';
const options = {method: 'GET'};

${tryFetch()}`,
      curl: `curl --request GET \\
  --url 'https://galaxy.scalar.com/planets?limit=10&offset=0'`,
    },
  }],
];

describe('code samples on the reference page', () => {
  it.each(cases)('%s', (_name, { document, operationId, change, want }) => {
    expect(samplesOf(document, operationId, change)).toEqual(want);
  });

  it('quotes a body holding a single quote for a POSIX shell, and the JavaScript string too', () => {
    const copy = structuredClone(auth);
    const operation = listOperations(copy).find((candidate) => candidate.operationId === 'loginUser')!;
    operation.requestBody!.content['application/json']!.example = { email: "o'brien@example.com", password: "it's-a-secret" };
    const request = sampleRequest(copy, operation);
    expect(curlSample(request, 'https://auth.authkit.dev')).toBe(`curl --request POST \\
  --url https://auth.authkit.dev/api/v1/auth/login \\
  --header 'Content-Type: application/json' \\
  --data '{"email":"o'\\''brien@example.com","password":"it'\\''s-a-secret"}'`);
    expect(shellQuote("a'b")).toBe(`'a'\\''b'`);
    const typed = codeSamples(copy, operation, { baseUrl: 'https://auth.authkit.dev', client: 'authkit-contract' })[0]!.source;
    expect(typed).toContain(`{ body: { email: 'o\\'brien@example.com', password: 'it\\'s-a-secret' } }`);
  });

  it('leaves the document it is given alone: only the page\'s copy has them', () => {
    const before = JSON.stringify(auth);
    const page = withCodeSamples(auth, { baseUrl: 'http://127.0.0.1:4010' });
    expect(JSON.stringify(auth)).toBe(before);
    const all = listOperations(page).flatMap((operation) => (page.paths as any)[operation.path][operation.method]['x-codeSamples']);
    expect(all).toHaveLength(21);
    expect(all.filter((sample: { source: string }) => sample.source.includes('http://127.0.0.1:4010'))).toHaveLength(21);
  });
});

describe('the base URL the samples call', () => {
  it.each([
    ['the first server', [{ url: 'https://auth.authkit.dev/' }, { url: 'http://127.0.0.1:4010' }], 'https://auth.authkit.dev'],
    ['its variables at their defaults', [{ url: '{protocol}://void.scalar.com/{path}', variables: { protocol: { default: 'https' }, path: { default: '' } } }], 'https://void.scalar.com'],
    ['a relative server on a placeholder host', [{ url: '/v1' }], 'https://api.example.com/v1'],
    ['no server: a placeholder host', undefined, 'https://api.example.com'],
  ])('%s', (_name, servers, want) => {
    expect(firstServerUrl({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths: {}, ...(servers ? { servers } : {}) } as OpenApiDocument)).toBe(want);
  });
});
