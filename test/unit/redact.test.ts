import { describe, expect, it } from 'vitest';
import { redactedUrl } from '../../src/mock/redact-url.js';
import type { CaseResult, ContractRequest } from '../../src/contract/cases.js';
import { bodyExcerpt, isSecretHeader, redactCookieHeader, redacted, redactHeaderValue, redactSetCookie, Redactor, secretNamesOf } from '../../src/contract/redact.js';

const TOKEN = 'Zk3q9V1sX0b7Yt2Hn4Lm8Pc6Rw5Ae1Dg3Jf0Ku9Io7T'; // 43 characters, like 32 random bytes in base64url
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIzZjZiIn0.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg'; // 71 characters

describe('redacted: the marker', () => {
  it.each([
    [TOKEN, '…(redacted, 43 chars)'],
    ['x', '…(redacted, 1 char)'],
  ])('%s → %s', (input, expected) => expect(redacted(input)).toBe(expected));
});

describe('redactCookieHeader: every value of a request Cookie header', () => {
  it.each([
    [`access_token=${TOKEN}`, 'access_token=…(redacted, 43 chars)'],
    [`access_token=${TOKEN}; refresh_token=rt_5f0c8a9d2b7e4c1a`, 'access_token=…(redacted, 43 chars); refresh_token=…(redacted, 19 chars)'],
    ['a=1;b=2', 'a=…(redacted, 1 char);b=…(redacted, 1 char)'],
    ['padded=abc==', 'padded=…(redacted, 5 chars)'],
    ['nameless-token', '…(redacted, 14 chars)'],
    ['cleared=', 'cleared='],
    ['', ''],
    ['access_token=…(redacted, 43 chars)', 'access_token=…(redacted, 43 chars)'],
  ])('%s → %s', (input, expected) => expect(redactCookieHeader(input)).toBe(expected));
});

describe('redactSetCookie: the value goes, the attributes a check judges stay', () => {
  it.each([
    [`access_token=${TOKEN}; Path=/; Max-Age=900; HttpOnly; Secure; SameSite=Lax`, 'access_token=…(redacted, 43 chars); Path=/; Max-Age=900; HttpOnly; Secure; SameSite=Lax'],
    [`refresh_token=${TOKEN}; Max-Age=604800; Path=/api; Secure`, 'refresh_token=…(redacted, 43 chars); Max-Age=604800; Path=/api; Secure'],
    ['access_token=; Path=/; Max-Age=0; HttpOnly', 'access_token=; Path=/; Max-Age=0; HttpOnly'],
    [`id=${TOKEN}; Expires=Wed, 21 Oct 2026 07:28:00 GMT`, 'id=…(redacted, 43 chars); Expires=Wed, 21 Oct 2026 07:28:00 GMT'],
  ])('%s → %s', (input, expected) => expect(redactSetCookie(input)).toBe(expected));
});

describe('isSecretHeader and redactHeaderValue: credential headers whole, cookies pair by pair, the rest untouched', () => {
  const specApiKeys = new Set(['x-tenant-secret']);
  it.each([
    ['Authorization', `Bearer ${JWT}`, true, '…(redacted, 78 chars)'],
    ['authorization', 'Basic Y29udHJhY3Q6Y29udHJhY3QtdGVzdC1jcmVkZW50aWFs', true, '…(redacted, 50 chars)'],
    ['Proxy-Authorization', 'Basic abc', true, '…(redacted, 9 chars)'],
    ['X-Api-Key', 'k_live_0123456789', true, '…(redacted, 17 chars)'],
    ['Api-Key', 'k_live_0123456789', true, '…(redacted, 17 chars)'],
    ['X-Auth-Token', TOKEN, true, '…(redacted, 43 chars)'],
    ['X-Tenant-Secret', 'named-by-the-spec', true, '…(redacted, 17 chars)'],
    ['Cookie', `access_token=${TOKEN}`, true, 'access_token=…(redacted, 43 chars)'],
    ['Set-Cookie', `access_token=${TOKEN}; HttpOnly`, true, 'access_token=…(redacted, 43 chars); HttpOnly'],
    ['Content-Type', 'application/json', false, 'application/json'],
    ['Retry-After', '30', false, '30'],
    ['X-Request-Id', 'req-0123456789', false, 'req-0123456789'],
    ['Authorization', '', true, ''],
  ])('%s: %s → secret %s, %s', (name, value, secret, expected) => {
    expect(isSecretHeader(name, specApiKeys)).toBe(secret);
    expect(redactHeaderValue(name, value, specApiKeys)).toBe(expected);
  });
});

describe('bodyExcerpt: never ends inside a token', () => {
  it.each([
    ['short body', 80, 'short body'],
    ['', 80, ''],
    // The cut at 20 falls inside the token: the excerpt stops before it rather than keep half of it.
    [`session: ${TOKEN} rejected`, 20, 'session: …'],
    ['Service unavailable, please try again later', 20, 'Service unavailable,…'],
    [TOKEN, 20, '…'],
  ])('%j at %i → %j', (input, max, expected) => expect(bodyExcerpt(input, max)).toBe(expected));
});

const request = (overrides: Partial<ContractRequest>): ContractRequest => ({ method: 'get', path: '/x', pathParams: {}, query: {}, headers: {}, cookies: {}, body: undefined, ...overrides });

describe('Redactor: scrubs every secret it has learned out of free text', () => {
  const redactor = new Redactor(secretNamesOf({ openapi: '3.1.0', components: { securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'X-Tenant-Key' }, query: { type: 'apiKey', in: 'query', name: 'api_key' }, cookie: { type: 'apiKey', in: 'cookie', name: 'sid' } } } }));
  redactor.learnRequest(request({ cookies: { access_token: 'contract-test-credential' }, headers: { Authorization: `Bearer ${JWT}`, 'X-Tenant-Key': 'tenant key/0123' }, query: { api_key: 'query-key-4567' } }));
  redactor.learnValue('pass"word\\0123');
  redactor.learnHeaders(new Headers([['set-cookie', `refresh_token=${TOKEN}; Path=/; Secure`], ['set-cookie', 'short=a1; Path=/'], ['content-type', 'text/plain']]));

  it.each([
    // A Set-Cookie quoted by a failing header check: still says what is wrong.
    [`Set-Cookie: "refresh_token=${TOKEN}; Path=/; Secure" must match pattern "HttpOnly"`, 'Set-Cookie: "refresh_token=…(redacted, 43 chars); Path=/; Secure" must match pattern "HttpOnly"'],
    // A body excerpt echoing the request cookie.
    ['error body is not JSON: No session for Cookie: access_token=contract-test-credential', 'error body is not JSON: No session for Cookie: access_token=…(redacted, 24 chars)'],
    // An ajv message quoting a value, bare.
    [`/token must be equal to constant, got "${TOKEN}"`, '/token must be equal to constant, got "…(redacted, 43 chars)"'],
    // The whole Authorization value before the token inside it; the token alone too.
    [`Authorization: Bearer ${JWT}`, 'Authorization: …(redacted, 78 chars)'],
    [`token ${JWT} expired`, 'token …(redacted, 71 chars) expired'],
    ['X-Tenant-Key: tenant key/0123', 'X-Tenant-Key: …(redacted, 15 chars)'],
    ['GET /x?api_key=query-key-4567', 'GET /x?api_key=…(redacted, 14 chars)'],
    // Encoded echoes of a learned value.
    [`{"detail":"bad password ${JSON.stringify('pass"word\\0123').slice(1, -1)}"}`, '{"detail":"bad password …(redacted, 16 chars)"}'],
    [`next=/login%3Fkey%3D${encodeURIComponent('tenant key/0123')}`, 'next=/login%3Fkey%3D…(redacted, 19 chars)'],
    // Too short to replace anywhere, but redacted as a known cookie's value: one the run saw, or one the spec names.
    ['short=a1 and a1 elsewhere', 'short=…(redacted, 2 chars) and a1 elsewhere'],
    ['sid=s3', 'sid=…(redacted, 2 chars)'],
    // A quoted Cookie header: every value, known or not.
    ['Cookie: sid=s3; theme=dark', 'Cookie: sid=…(redacted, 2 chars); theme=…(redacted, 4 chars)'],
    // Nothing secret: unchanged.
    ['expected 200, got 401', 'expected 200, got 401'],
    ['access_token=; Max-Age=0', 'access_token=; Max-Age=0'],
  ])('%s → %s', (input, expected) => expect(redactor.scrub(input)).toBe(expected));

  it.each([
    `Cookie: access_token=contract-test-credential; refresh_token=${TOKEN}; Authorization: Bearer ${JWT}`,
    `Set-Cookie: "refresh_token=${TOKEN}; Path=/; Secure" (body) must match pattern "HttpOnly"`,
    `X-Session-Token: "${TOKEN}" (body) must match pattern "^never$"`,
    `Authorization: "Bearer ${JWT}`,
    `sid=s3 and token ${JWT}`,
  ])('is idempotent: %s scrubbed once scrubs to itself', (input) => {
    const once = redactor.scrub(input);
    expect(once).not.toBe(input);
    expect(redactor.scrub(once)).toBe(once);
  });

  it('scrubs the reason and every check message of a result', () => {
    const result: CaseResult = {
      id: 'GET /x → 401',
      kind: 'documented',
      method: 'GET',
      path: '/x',
      operationId: 'getX',
      status: 401,
      result: 'fail',
      checks: [
        { name: 'envelope_conformance', outcome: 'fail', message: `error body is not JSON: ${TOKEN}` },
        { name: 'client_conformance', outcome: 'pass' },
      ],
      reason: `envelope_conformance: error body is not JSON: ${TOKEN}`,
      durationMs: 3,
    };
    const scrubbed = redactor.scrubResult(result);
    expect(JSON.stringify(scrubbed)).not.toContain(TOKEN);
    expect(scrubbed.reason).toBe('envelope_conformance: error body is not JSON: …(redacted, 43 chars)');
    expect(scrubbed.checks[1]).toEqual({ name: 'client_conformance', outcome: 'pass' });
  });

  it('scrubs an error in place, message and stack', () => {
    const error = redactor.scrubError(new Error(`fetch failed for Cookie: refresh_token=${TOKEN}`));
    expect(error.message).toBe('fetch failed for Cookie: refresh_token=…(redacted, 43 chars)');
    expect(error.stack).not.toContain(TOKEN);
  });

  it('a new Redactor has learned no value, yet redacts quoted credential headers by their shape', () => {
    const fresh = new Redactor();
    expect(fresh.scrub(`token ${TOKEN}`)).toBe(`token ${TOKEN}`);
    expect(fresh.scrub('Cookie: a=1; b=22')).toBe('Cookie: a=…(redacted, 1 char); b=…(redacted, 2 chars)');
    expect(fresh.scrub('set-cookie: "sid=abc; Path=/"; retry')).toBe('set-cookie: "sid=…(redacted, 3 chars); Path=/"; retry');
    expect(fresh.scrub('X-Api-Key: k_live_1\nnext line')).toBe('X-Api-Key: …(redacted, 8 chars)\nnext line');
    expect(fresh.scrub('Content-Type: text/plain')).toBe('Content-Type: text/plain');
  });
});

describe('the mock\'s request lines', () => {
  it.each([
    ['/api/v1/auth/me', '/api/v1/auth/me'],
    ['/me?access_token=abc123', '/me?access_token=…(redacted, 6 chars)'],
    ['/x?api_key=k1&__code=429&limit=5', '/x?api_key=…(redacted, 2 chars)&__code=429&limit=5'],
    ['/x?apikey=zzz&token=t%20t&id=5', '/x?apikey=…(redacted, 3 chars)&token=…(redacted, 3 chars)&id=5'],
    ['/x?session=s&x-api-key=3&monkey=1&signature=ab', '/x?session=…(redacted, 1 chars)&x-api-key=…(redacted, 1 chars)&monkey=1&signature=…(redacted, 2 chars)'],
  ])('%s is shown as %s', (url, shown) => {
    expect(redactedUrl(url)).toBe(shown);
  });
});
