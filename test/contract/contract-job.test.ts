import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runFailed } from '../../src/contract/report.js';
import { SpecError } from '../../src/openapi/spec-problem.js';
import { runContractJob } from '../../src/pipeline/contract-job.js';
import { startLiveBackend } from '../fixtures/live-backend.js';
import { AUTH_SPEC, fixture } from '../helpers/paths.js';
import { runAuthkit } from '../helpers/run-script.js';
import { target } from '../helpers/targets.js';
import { tempDir } from '../helpers/temp-dir.js';

const pair = (run: Awaited<ReturnType<typeof runContractJob>>, id: string) => run.pairs.find((candidate) => candidate.id === id);

describe('authkit contract on other specs and servers', () => {
  it('a spec whose response example is broken: a spec finding with its pointer, not a failed pair; the mock serves a valid sample and names the finding', async () => {
    const reports = await tempDir('reports-');
    const result = await runAuthkit(['contract', '--spec', fixture('specs', 'broken-example.yaml'), '--reports', reports]);
    expect(result.stderr).toContain('[no-invalid-media-type-examples]');
    expect(result.stdout).toMatch(/^✔ Ping API 1\.0\.0 \(mock at http:\/\/127\.0\.0\.1:\d+\): 12\/12 pairs pass, 0 fail, 0 not exercised · negative cases 0 pass, 0 fail · 1 spec finding \(not failures: --strict fails on them\)/m);
    expect(result.stdout).toContain('  #/paths/~1api~1v1~1ping/get/responses/200/content/application~1json/example: /pong must be boolean');
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(await readFile(join(reports, 'contract.json'), 'utf8'));
    expect(report.findings).toEqual([{ pointer: '#/paths/~1api~1v1~1ping/get/responses/200/content/application~1json/example', reason: '/pong must be boolean' }]);
    const junit = await readFile(join(reports, 'contract.junit.xml'), 'utf8');
    expect(junit).toContain('tests="12" failures="0"');
  });

  it('with --strict-examples the mock answers it as Prism does, and the pair fails for that one cause: the checks it breaks are skipped, caused by it', async () => {
    const reports = await tempDir('reports-');
    const result = await runAuthkit(['contract', '--spec', fixture('specs', 'broken-example.yaml'), '--reports', reports, '--strict-examples']);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/^✖ Ping API 1\.0\.0 \(mock at http:\/\/127\.0\.0\.1:\d+\): 11\/12 pairs pass, 1 fail/m);
    expect(result.stdout).toContain('✗ GET /api/v1/ping → 200\n      not_mock_problem: the mock answered with its own problem, not the spec: Request/Response not valid: Response body property pong must be boolean\n');
    const report = JSON.parse(await readFile(join(reports, 'contract.json'), 'utf8'));
    const broken = report.pairs.find((entry: { status: number }) => entry.status === 200);
    expect(broken).toMatchObject({ method: 'GET', path: '/api/v1/ping', operationId: 'getPing', status: 200, result: 'fail' });
    const outcomes = Object.fromEntries(Object.entries(broken.checks as Record<string, { result: string; message?: string }>).map(([name, check]) => [name, `${check.result}${check.message === 'caused by not_mock_problem' ? ' (caused by not_mock_problem)' : ''}`]));
    expect(outcomes).toMatchObject({
      not_mock_problem: 'fail',
      status_code_conformance: 'skip (caused by not_mock_problem)',
      content_type_conformance: 'skip (caused by not_mock_problem)',
      no_response_violations: 'skip (caused by not_mock_problem)',
    });
    expect(Object.values(outcomes).filter((outcome) => outcome === 'fail')).toEqual(['fail']);
    const junit = await readFile(join(reports, 'contract.junit.xml'), 'utf8');
    expect(junit).toContain('tests="12" failures="1"');
    expect(junit).toMatch(/<testcase classname="GET \/api\/v1\/ping" name="GET \/api\/v1\/ping (→|&#8594;) 200"[^>]*>\s*<failure message="not_mock_problem: the mock answered with its own problem/);
  });

  it('--strict makes spec findings fail the run, as lint errors do', async () => {
    const reports = await tempDir('reports-');
    const result = await runAuthkit(['contract', '--spec', fixture('specs', 'broken-example.yaml'), '--reports', reports, '--strict']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('[no-invalid-media-type-examples]');
  });

  it('an OpenAPI 3.0 JSON spec runs the whole matrix', async () => {
    const run = await runContractJob({ target: target({ spec: fixture('specs', 'ping-3.0.json') }) });
    expect(run.pairs.map((entry) => entry.result)).toEqual(Array(12).fill('pass'));
  });

  it('an invalid spec stops with the lint error, at its rule and line, before the mock (started meanwhile) reads it or listens', async () => {
    const failure = await runContractJob({ target: target({ spec: fixture('broken', 'dangling-ref.yaml') }) }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SpecError);
    expect((failure as SpecError).problems[0]).toMatchObject({ rule: 'no-unresolved-refs', line: 43 });
  });

  it('a live backend without a session: only what needs none reaches its success; every protected operation answers 401', async () => {
    const backend = await startLiveBackend();
    onTestFinished(backend.close);
    const run = await runContractJob({ target: target({ api: 'auth' }), baseUrl: backend.url });
    const protectedOnes = ['GET /api/v1/auth/me → 200', 'GET /api/v1/auth/sessions → 200', 'POST /api/v1/auth/refresh → 200', 'POST /api/v1/auth/logout → 200'];
    expect(protectedOnes.map((id) => [pair(run, id)?.result, pair(run, id)?.reason])).toEqual(protectedOnes.map(() => ['not_exercised', "the server answered 401; a live server's status cannot be forced"]));
    expect(pair(run, 'POST /api/v1/auth/login → 200')?.result).toBe('pass');
  });

  it('a live backend, in the session --session-flow signIn opens: reachable statuses are checked, the sign-out last, the rest reported as not exercised', async () => {
    const backend = await startLiveBackend();
    onTestFinished(backend.close);
    const run = await runContractJob({ target: target({ api: 'auth' }), baseUrl: backend.url, sessionFlow: 'signIn' });
    expect(run.mode).toBe('live');
    expect(runFailed(run)).toBe(false);
    for (const id of ['GET /api/v1/auth/me → 200', 'GET /api/v1/auth/sessions → 200', 'POST /api/v1/auth/refresh → 200', 'POST /api/v1/auth/logout → 200']) expect([id, pair(run, id)?.result]).toEqual([id, 'pass']);
    expect(pair(run, 'POST /api/v1/auth/login → 200')?.result).toBe('pass');
    expect(pair(run, 'POST /api/v1/auth/register → 409')?.result).toBe('pass');
    // The probe revokes the spec's example session id, which this server never issued.
    expect(pair(run, 'DELETE /api/v1/auth/sessions/{sessionId} → 404')?.result).toBe('pass');
    expect(pair(run, 'GET /api/v1/auth/me → 401')?.result).toBe('pass');
    expect(pair(run, 'POST /api/v1/auth/register → 422')?.result).toBe('pass');
    expect(pair(run, 'GET /api/v1/auth/me → 429')).toMatchObject({ result: 'not_exercised', reason: expect.stringContaining('cannot be forced') });
    expect(run.negatives.map((negative) => negative.result)).toEqual(Array(7).fill('pass'));
  });

  it('a live backend that breaks the contract fails the pair with the reason', async () => {
    const backend = await startLiveBackend({ breakCurrentUser: true });
    onTestFinished(backend.close);
    const run = await runContractJob({ target: target({ api: 'auth' }), baseUrl: backend.url, sessionFlow: 'signIn' });
    expect(runFailed(run)).toBe(true);
    expect(pair(run, 'GET /api/v1/auth/me → 200')).toMatchObject({ result: 'fail', reason: expect.stringMatching(/response_schema_conformance: .*must have required property 'email'/) });
  });

  it('through prism proxy in front of the backend', async () => {
    const backend = await startLiveBackend({ seedContractSessions: true });
    onTestFinished(backend.close);
    const run = await runContractJob({ target: target({ api: 'auth' }), proxy: backend.url });
    expect(runFailed(run)).toBe(false);
    expect(pair(run, 'POST /api/v1/auth/login → 200')?.result).toBe('pass');
    expect(run.baseUrl).not.toBe(backend.url);
  });

  it('through prism proxy, a backend that breaks the contract is caught', async () => {
    const backend = await startLiveBackend({ breakCurrentUser: true, seedContractSessions: true });
    onTestFinished(backend.close);
    const run = await runContractJob({ target: target({ api: 'auth' }), proxy: backend.url });
    expect(runFailed(run)).toBe(true);
    expect(pair(run, 'GET /api/v1/auth/me → 200')?.reason).toMatch(/no_response_violations: Prism found the response breaks the spec: .*email/);
  });
});
