import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { x } from 'tinyexec';
import { describe, expect, it, onTestFinished } from 'vitest';
import { flowsAnnotations, flowsMarkdownSummary, formatFlowsTable, writeFlowsReports } from '../../src/flows/flow-report.js';
import type { ArazzoDocument } from '../../src/flows/arazzo-types.js';
import type { FlowsRun } from '../../src/flows/flow-results.js';
import { runFlows } from '../../src/flows/run-flows.js';
import type { OpenApiDocument } from '../../src/openapi/document.js';
import { runFlowsJob } from '../../src/pipeline/flows-job.js';
import { resolveSingleTarget } from '../../src/pipeline/project.js';
import { startMock } from '../../src/mock/index.js';
import { startLiveBackend, type LiveBackendOptions } from '../fixtures/live-backend.js';
import { AUTH_BUNDLE, ROOT } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp-dir.js';

// The Auth API's own workflows (spec/flows/auth.arazzo.yaml), run as `authkit flows`
// runs them: against a fresh mock that remembers sessions, against the MSW handlers in
// this process, against a correct live backend, and against three broken ones, each of
// which must be caught by the step that names its defect.
const AUTH = resolveSingleTarget({}, ROOT);
const WORKFLOWS = ['signIn', 'sessionLifecycle', 'registration', 'signUp', 'refreshRotation', 'sessionManagement', 'rateLimitedLogin'];

/** Each workflow's result, and each failed step as `workflow › step`. */
function outcome(runs: FlowsRun[]) {
  const workflows = runs.flatMap((run) => run.workflows);
  return {
    results: Object.fromEntries(workflows.map((workflow) => [workflow.workflowId, workflow.result])),
    failedSteps: workflows.flatMap((workflow) => workflow.steps.filter((step) => step.result === 'fail').map((step) => `${workflow.workflowId} › ${step.stepId}`)),
  };
}

const allPass = Object.fromEntries(WORKFLOWS.map((id) => [id, 'pass']));

describe('the Auth API\'s flows', { timeout: 120_000 }, () => {
  it('pass against a fresh mock; the rate-limited login waits the forced Retry-After (1 s) once, then signs in', async () => {
    const waits: number[] = [];
    const runs = await runFlowsJob({ target: AUTH, sleep: async (ms) => void waits.push(ms) });
    expect(outcome(runs)).toEqual({ results: allPass, failedSteps: [] });
    const limited = runs[0]!.workflows.find((workflow) => workflow.workflowId === 'rateLimitedLogin')!;
    expect([waits, limited.steps.map((step) => [step.stepId, step.status, step.attempts])]).toEqual([[1_000], [['login', 200, 2]]]);
    // Every step's answer went through the contract's named checks, and each passed or did not apply.
    const checks = runs[0]!.workflows.flatMap((workflow) => workflow.steps.flatMap((step) => step.checks.map((check) => check.outcome)));
    expect(new Set(checks)).toEqual(new Set(['pass', 'skip']));
  });

  it('pass against the MSW handlers, in this process', async () => {
    const runs = await runFlowsJob({ target: AUTH, answeredBy: 'msw', sleep: async () => undefined });
    expect([runs[0]!.target, outcome(runs)]).toEqual(['msw', { results: allPass, failedSteps: [] }]);
  });

  // [backend, what a live run sees]
  it.each<[string, LiveBackendOptions, ReturnType<typeof outcome>]>([
    ['a correct backend', {}, { results: { ...allPass, rateLimitedLogin: 'skipped' }, failedSteps: [] }],
    ['a logout that keeps the session', { mutant: 'logout-keeps-session' }, { results: { ...allPass, sessionLifecycle: 'fail', rateLimitedLogin: 'skipped' }, failedSteps: ['sessionLifecycle › replayAfterLogout'] }],
    ['a refresh token that can be reused', { mutant: 'refresh-reusable' }, { results: { ...allPass, refreshRotation: 'fail', rateLimitedLogin: 'skipped' }, failedSteps: ['refreshRotation › oldRefreshToken'] }],
    ['a revoke that does nothing', { mutant: 'revoke-noop' }, { results: { ...allPass, sessionManagement: 'fail', rateLimitedLogin: 'skipped' }, failedSteps: ['sessionManagement › otherDeviceAfter'] }],
  ])('against %s (--base-url)', async (_name, options, expected) => {
    const backend = await startLiveBackend(options);
    onTestFinished(() => backend.close());
    const runs = await runFlowsJob({ target: AUTH, baseUrl: backend.url });
    expect(outcome(runs)).toEqual(expected);
    const skipped = runs[0]!.workflows.find((workflow) => workflow.workflowId === 'rateLimitedLogin')!;
    expect(skipped.reason).toBe('mock only: it forces a 429 through the mock\'s control (respond-with); this run is against a live server');
  });

  it('a failed step names the workflow, the step, the check and the reason', async () => {
    const backend = await startLiveBackend({ mutant: 'logout-keeps-session' });
    onTestFinished(() => backend.close());
    const [run] = await runFlowsJob({ target: AUTH, baseUrl: backend.url, workflowIds: ['sessionLifecycle'] });
    const step = run!.workflows[0]!.steps.find((candidate) => candidate.stepId === 'replayAfterLogout')!;
    expect(step.reason).toBe('successCriteria: $statusCode == 401 is false ($statusCode is 200)');
  });

  it('a token a step fails on, or names in its outputs, is redacted in the table, the summary, the annotations and both reports', async () => {
    const backend = await startLiveBackend();
    onTestFinished(() => backend.close());
    const document = JSON.parse(await readFile(AUTH_BUNDLE, 'utf8')) as OpenApiDocument;
    const leaky: ArazzoDocument = {
      arazzo: '1.0.1',
      info: { title: 'Leaky', version: '1' },
      sourceDescriptions: [{ name: 'auth', url: '../openapi.yaml', type: 'openapi' }],
      workflows: [{
        workflowId: 'leaky',
        steps: [{
          stepId: 'login',
          operationId: 'loginUser',
          requestBody: { contentType: 'application/json', payload: { email: 'ada@example.com', password: 'correct-horse-battery' } },
          // Fails, and its message quotes the header it compared: the tokens themselves.
          successCriteria: [{ condition: "$response.header.set-cookie == 'no cookies'" }],
          outputs: { cookies: '$response.header.set-cookie' },
        }],
        outputs: { cookies: '$steps.login.outputs.cookies' },
      }],
    };
    const run = await runFlows({ document, arazzo: { file: 'leaky.arazzo.yaml', document: leaky }, target: { kind: 'live', baseUrl: backend.url } });
    expect(run.workflows[0]!.steps.map((step) => [step.stepId, step.result, step.reason])).toEqual([['login', 'fail', expect.stringMatching(/^successCriteria: \$response\.header\.set-cookie == 'no cookies' is false \(\$response\.header\.set-cookie is /)]]);
    expect(backend.issuedTokens).toHaveLength(2);
    const reports = await tempDir('flows-leaky-');
    await writeFlowsReports([run], reports);
    const outputs = [formatFlowsTable([run]), flowsMarkdownSummary([run]), JSON.stringify(flowsAnnotations([run])), await readFile(join(reports, 'flows.json'), 'utf8'), await readFile(join(reports, 'flows.junit.xml'), 'utf8')];
    expect(outputs.map((text) => backend.issuedTokens.filter((token) => text.includes(token.slice(0, 12))).length)).toEqual([0, 0, 0, 0, 0]);
  });
});

describe('a workflow in another Arazzo document', () => {
  it('fails with the reason, as a dependency and as a step, and the run goes on', async () => {
    const document = JSON.parse(await readFile(AUTH_BUNDLE, 'utf8')) as OpenApiDocument;
    const elsewhere: ArazzoDocument = {
      arazzo: '1.0.1',
      info: { title: 'Elsewhere', version: '1' },
      sourceDescriptions: [{ name: 'auth', url: '../openapi.yaml', type: 'openapi' }, { name: 'shared', url: './shared.arazzo.yaml', type: 'arazzo' }],
      workflows: [
        { workflowId: 'needsSetup', dependsOn: ['$sourceDescriptions.shared.setup'], steps: [{ stepId: 'me', operationId: 'getCurrentUser' }] },
        { workflowId: 'callsSetup', steps: [{ stepId: 'setup', workflowId: '$sourceDescriptions.shared.setup' }] },
      ],
    };
    const run = await runFlows({ document, arazzo: { file: 'elsewhere.arazzo.yaml', document: elsewhere }, target: { kind: 'live', baseUrl: 'http://127.0.0.1:9' } });
    const why = 'workflow setup is in another Arazzo document (shared); this runner runs the workflows of one file';
    expect(run.workflows.map((workflow) => [workflow.workflowId, workflow.result, workflow.reason, workflow.steps.map((step) => step.reason)])).toEqual([
      ['needsSetup', 'fail', `it depends on $sourceDescriptions.shared.setup, which failed: ${why}`, []],
      ['callsSetup', 'fail', `step setup failed: ${why}`, [why]],
    ]);
  });
});

describe('authkit flows, the command', { timeout: 120_000 }, () => {
  it('exit 0, the table and the reports; --workflow runs one, with what it calls', async () => {
    const reports = await tempDir('flows-reports-');
    const result = await x(process.execPath, [join(ROOT, 'bin', 'authkit.js'), 'flows', '--workflow', 'sessionLifecycle', '--reports', reports], { throwOnError: false, nodeOptions: { cwd: ROOT } });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^flows: 1 workflow · 1 passed · 0 failed · 0 skipped · 5 steps, against the mock http:\/\/127\.0\.0\.1:\d+ · [\d.]+ s$/m);
    const json = JSON.parse(await readFile(join(reports, 'flows.json'), 'utf8')) as FlowsRun[];
    expect(json[0]!.workflows.map((workflow) => [workflow.workflowId, workflow.steps.map((step) => step.stepId)])).toEqual([['sessionLifecycle', ['signIn', 'me', 'logout', 'meAfterLogout', 'replayAfterLogout']]]);
    expect((await readFile(join(reports, 'flows.junit.xml'), 'utf8')).match(/<testcase /g)).toHaveLength(5);
  });

  it('exit 1 when a step fails, naming it; exit 2 for an Arazzo file that cannot be run, at its line', async () => {
    const dir = await tempDir('flows-spec-');
    await cp(join(ROOT, 'spec'), join(dir, 'spec'), { recursive: true });
    const flows = join(dir, 'spec', 'flows', 'auth.arazzo.yaml');
    const original = await readFile(flows, 'utf8');
    const authkit = (...args: string[]) => x(process.execPath, [join(ROOT, 'bin', 'authkit.js'), 'flows', '--spec', join(dir, 'spec', 'openapi.yaml'), '--reports', join(dir, 'reports'), ...args], { throwOnError: false, nodeOptions: { cwd: dir } });

    await writeFile(flows, original.replace("          - condition: $statusCode == 401\n          - condition: $response.body#/type == 'authentication_error'", "          - condition: $statusCode == 418\n          - condition: $response.body#/type == 'authentication_error'"));
    const summary = join(dir, 'summary.md');
    const failing = await x(process.execPath, [join(ROOT, 'bin', 'authkit.js'), 'flows', '--spec', join(dir, 'spec', 'openapi.yaml'), '--reports', join(dir, 'reports'), '--workflow', 'sessionLifecycle'], { throwOnError: false, nodeOptions: { cwd: dir, env: { ...process.env, GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary } } });
    expect(failing.exitCode).toBe(1);
    expect(failing.stdout).toContain('sessionLifecycle › meAfterLogout › successCriteria: $statusCode == 418 is false ($statusCode is 401)');
    // On GitHub Actions: an annotation for the failed step, and a section of the job summary.
    expect(failing.stdout).toContain('::error title=flows%3A sessionLifecycle › meAfterLogout::successCriteria: $statusCode == 418 is false ($statusCode is 401)');
    expect(await readFile(summary, 'utf8')).toMatch(/^### ❌ Flows/m);
    // lint sees the same file, and passes it: a wrong expected status is no structural problem.
    const lint = await x(process.execPath, [join(ROOT, 'bin', 'authkit.js'), 'lint', '--spec', join(dir, 'spec', 'openapi.yaml')], { throwOnError: false, nodeOptions: { cwd: dir } });
    expect(lint.stdout).toMatch(/\(spec\/flows\/auth\.arazzo\.yaml\): no problems/);

    await writeFile(flows, original.replace('operationId: getCurrentUser', 'operationId: getCurrentUser\n        workflowId: signIn'));
    const unreadable = await authkit();
    expect(unreadable.exitCode).toBe(2);
    const lintUnreadable = await x(process.execPath, [join(ROOT, 'bin', 'authkit.js'), 'lint', '--spec', join(dir, 'spec', 'openapi.yaml')], { throwOnError: false, nodeOptions: { cwd: dir } });
    expect([lintUnreadable.exitCode, lintUnreadable.stdout]).toEqual([2, expect.stringMatching(/auth\.arazzo\.yaml:\d+:\d+ error \[arazzo-structure\] a step names exactly one of operationId, operationPath and workflowId/)]);
    expect(unreadable.stderr).toMatch(/spec\/flows\/auth\.arazzo\.yaml:\d+:\d+ error \[arazzo-structure\] a step names exactly one of operationId, operationPath and workflowId; me names operationId and workflowId \(#\/workflows\/1\/steps\/1\)/);
  });

  it('the starter flow `authkit init` writes passes against a fresh mock of the starter spec', async () => {
    const runs = await runFlowsJob({ target: resolveSingleTarget({ spec: join(ROOT, 'templates', 'init', 'spec', 'openapi.yaml') }, ROOT) });
    expect(outcome(runs)).toEqual({ results: { createThenRead: 'pass' }, failedSteps: [] });
  });

  it('redocly respect, a runner no one here wrote, passes the workflow it can run (no cookies) against authkit mock', async () => {
    const mock = await startMock({ spec: AUTH_BUNDLE, workers: 1 });
    onTestFinished(() => mock.close());
    const email = `respect-${Date.now()}@example.com`;
    const result = await x(process.execPath, [join(ROOT, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js'), 'respect', join(ROOT, 'spec', 'flows', 'auth.arazzo.yaml'), '--workflow', 'registration', '--input', `email=${email},password=a-long-enough-password,displayName=Respect`, '--server', `auth=${mock.url}`], {
      throwOnError: false,
      nodeOptions: { cwd: ROOT, env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' } },
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/Workflows: 1 passed, 1 total/);
    expect((await mock.state()).users.map((user) => user.identifier)).toContain(email);
  });
});
