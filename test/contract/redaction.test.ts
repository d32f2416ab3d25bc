import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { formatCoverageTable, toJsonReport, toJunitXml } from '../../src/contract/report.js';
import { TEST_CREDENTIAL } from '../../src/contract/request-builder.js';
import { runContract } from '../../src/contract/run-contract.js';
import { startLiveBackend } from '../fixtures/live-backend.js';
import { runAuthkit } from '../helpers/run-script.js';
import { tempDir } from '../helpers/temp-dir.js';
import { sendJson, startWireServer } from '../helpers/wire-server.js';

/** How often `needle` occurs in `haystack`. */
const occurrences = (haystack: string, needle: string) => haystack.split(needle).length - 1;

/** JUnit escapes every non-ASCII character (`…` is `&#8230;`): read it as a CI server would. */
const decodeXml = (xml: string) =>
  xml
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCodePoint(parseInt(code, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

describe('a live contract run writes no secrets', () => {
  it('tokens the server issued and cookies the run sent appear in no output, only the redaction marker does', async () => {
    const backend = await startLiveBackend({ leakySessions: true, seedContractSessions: true });
    onTestFinished(backend.close);
    const reports = await tempDir('redaction-');

    const result = await runAuthkit(['contract', '--base-url', backend.url, '--api', 'auth', '--reports', reports]);
    const outputs = {
      stdout: result.stdout,
      stderr: result.stderr,
      'contract.json': await readFile(join(reports, 'contract.json'), 'utf8'),
      'contract.junit.xml': decodeXml(await readFile(join(reports, 'contract.junit.xml'), 'utf8')),
    };

    // The fixture did what it is for: tokens went out, cookies came in, checks failed on them.
    expect(result.exitCode).toBe(1);
    expect(backend.issuedTokens).toHaveLength(4);
    expect(backend.issuedTokens.every((token) => /^[A-Za-z0-9_-]{43}$/.test(token))).toBe(true);
    const sentCookieValues = [...backend.receivedCookieValues];
    expect(sentCookieValues).toContain(TEST_CREDENTIAL);

    const hits = Object.entries(outputs).flatMap(([where, text]) =>
      [...backend.issuedTokens, ...sentCookieValues].map((secret) => ({ where, secret, count: occurrences(text, secret) })).filter((hit) => hit.count > 0),
    );
    expect(hits).toEqual([]);

    // The failing checks still say what is wrong, with the marker where the value was.
    const report = JSON.parse(outputs['contract.json']);
    const login = report.pairs.find((entry: { method: string; path: string; status: number }) => entry.method === 'POST' && entry.path === '/api/v1/auth/login' && entry.status === 200);
    expect(login.result).toBe('fail');
    expect(login.checks.response_headers_conformance.message).toMatch(/Set-Cookie: "access_token=…\(redacted, 43 chars\); Max-Age=900; Path=\/; Secure; SameSite=Lax" .*must match pattern ".*HttpOnly"/);
    const me = report.pairs.find((entry: { method: string; path: string; status: number }) => entry.method === 'GET' && entry.path === '/api/v1/auth/me' && entry.status === 401);
    expect(me.checks.envelope_conformance.message).toBe('error body is not JSON: No session for Cookie: access_token=…(redacted, 24 chars)');

    expect(outputs.stdout).toContain('access_token=…(redacted, 43 chars)');
    expect(outputs.stdout).toContain('No session for Cookie: access_token=…(redacted, 24 chars)');
    expect(outputs['contract.junit.xml']).toContain('access_token=…(redacted, 43 chars)');
    expect(outputs['contract.junit.xml']).toContain('No session for Cookie: access_token=…(redacted, 24 chars)');
    for (const text of Object.values(outputs)) expect(text).not.toMatch(/(access|refresh)_token=(?!…\(redacted|;|")/);
  }, 60_000);
});

// A spec whose credentials are headers: an API key the spec names, a bearer token, and
// a session token in a response header whose name says what it is.
const envelope = { type: 'object', required: ['code', 'detail', 'type'], properties: { code: { type: 'integer' }, detail: { type: 'string' }, type: { type: 'string' } } };
const unauthorized = {
  description: 'Unauthorized',
  headers: { 'X-Session-Token': { schema: { type: 'string', pattern: '^never$' } } },
  content: { 'application/json': { schema: envelope } },
};
const HEADER_KEYS_SPEC = {
  openapi: '3.1.0',
  info: { title: 'Key API', version: '1.0.0' },
  components: { securitySchemes: { tenantKey: { type: 'apiKey', in: 'header', name: 'X-Tenant-Key' }, bearer: { type: 'http', scheme: 'bearer' } } },
  paths: {
    '/things': { get: { operationId: 'listThings', security: [{ tenantKey: [] }], responses: { '200': { description: 'OK', content: { 'application/json': { schema: { type: 'object' } } } }, '401': unauthorized } } },
    '/me': { get: { operationId: 'getMe', security: [{ bearer: [] }], responses: { '200': { description: 'OK', content: { 'application/json': { schema: { type: 'object' } } } }, '401': unauthorized } } },
  },
};
/** Long enough that the 80-character excerpt of a body ends inside the token that follows it. */
const PREAMBLE = 'Unauthorized: the bearer token this request presented was not issued here, ';

describe('header credentials in a live run', () => {
  it('API keys, bearer tokens and session headers are redacted, and an excerpt never keeps part of a token', async () => {
    expect(PREAMBLE.length).toBeLessThan(80);
    expect(PREAMBLE.length + TEST_CREDENTIAL.length).toBeGreaterThan(80);
    const sessionTokens: string[] = [];
    const server = await startWireServer((request, response) => {
      const key = request.headers['x-tenant-key'];
      const authorization = request.headers.authorization;
      if (!key && !authorization) return sendJson(response, 401, { code: 401, detail: 'Authentication failed', type: 'authentication_error' });
      const sessionToken = randomBytes(32).toString('base64url');
      sessionTokens.push(sessionToken);
      response.writeHead(401, { 'content-type': 'text/plain', 'x-session-token': sessionToken });
      response.end(request.path === '/things' ? `Rejected X-Tenant-Key: ${key}` : `${PREAMBLE}${authorization?.replace(/^Bearer /, '')}`);
    });

    const run = await runContract({ document: HEADER_KEYS_SPEC, baseUrl: server.url, mode: 'live' });
    const outputs = [formatCoverageTable(run), JSON.stringify(toJsonReport(run)), decodeXml(toJunitXml(run))];

    expect(server.seen.some((request) => request.headers.authorization === `Bearer ${TEST_CREDENTIAL}`)).toBe(true);
    expect(sessionTokens.length).toBeGreaterThan(0);
    for (const text of outputs) {
      // Not the whole of any secret, nor its first 12 characters: half a token is still a leak.
      for (const secret of [TEST_CREDENTIAL, `Bearer ${TEST_CREDENTIAL}`, ...sessionTokens]) expect(text).not.toContain(secret.slice(0, 12));
    }
    const things = run.pairs.find((pair) => pair.id === 'GET /things → 401')!;
    const me = run.pairs.find((pair) => pair.id === 'GET /me → 401')!;
    const message = (result: typeof things, name: string) => result.checks.find((check) => check.name === name)?.message;
    expect(message(things, 'envelope_conformance')).toBe('error body is not JSON: Rejected X-Tenant-Key: …(redacted, 24 chars)');
    expect(message(things, 'response_headers_conformance')).toMatch(/^X-Session-Token: "…\(redacted, 43 chars\)" .*must match pattern "\^never\$"$/);
    expect(message(me, 'envelope_conformance')).toBe(`error body is not JSON: ${PREAMBLE}…`);
  });
});
