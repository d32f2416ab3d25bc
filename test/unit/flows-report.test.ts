import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { flowsAnnotations, flowsMarkdownSummary, formatFlowsTable, toFlowsJunitXml, writeFlowsReports } from '../../src/flows/flow-report.js';
import type { FlowsRun, StepResult } from '../../src/flows/flow-results.js';
import { tempDir } from '../helpers/temp-dir.js';

// A disk that fills up while one file is written: half of it lands, then ENOSPC. Every
// file written is recorded, to see that no report is ever written in place.
const disk = vi.hoisted(() => ({ fullOn: undefined as string | undefined, written: [] as string[] }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const writeFile = (async (file: string, data: string, options?: unknown) => {
    disk.written.push(String(file));
    if (disk.fullOn !== undefined && String(file).split('/').pop()!.startsWith(disk.fullOn)) {
      await actual.writeFile(file, data.slice(0, Math.floor(data.length / 2)), options as never);
      throw Object.assign(new Error(`ENOSPC: no space left on device, write '${String(file)}'`), { code: 'ENOSPC' });
    }
    await actual.writeFile(file, data, options as never);
  }) as typeof actual.writeFile;
  return { ...actual, default: { ...actual, writeFile }, writeFile };
});

afterEach(() => {
  disk.fullOn = undefined;
  disk.written = [];
});

const step = (fields: Partial<StepResult> & Pick<StepResult, 'workflowId' | 'stepId' | 'target'>): StepResult => ({ result: 'pass', attempts: 1, checks: [], criteria: [], durationMs: 10, ...fields });

const OLD_TOKEN_REASON = 'status_code_conformance: expected 401, got 200\nsuccessCriteria: $statusCode == 401 && $response.body#/code != "ok" is false ($statusCode is 200, $response.body#/code is "ok")';

/** One Arazzo file against a live server: a workflow that passes, one that fails (after a nested workflow and a retried step), one mock only. */
const LIVE: FlowsRun = {
  file: '/project/spec/flows/auth.arazzo.yaml',
  target: 'live',
  baseUrl: 'https://staging.example.com',
  title: 'Auth flows',
  version: '1.0.0',
  durationMs: 1234,
  workflows: [
    {
      workflowId: 'signIn',
      summary: 'Sign in with email and password; the session cookie reads the user.',
      result: 'pass',
      steps: [
        step({ workflowId: 'signIn', stepId: 'login', target: 'loginUser', method: 'POST', path: '/api/v1/auth/login', status: 200, durationMs: 12 }),
        step({ workflowId: 'signIn', stepId: 'me', target: 'getCurrentUser', method: 'GET', path: '/api/v1/auth/me', status: 200, durationMs: 4 }),
      ],
      outputs: { userId: 'u-1' },
      durationMs: 20,
    },
    {
      workflowId: 'refreshRotation',
      summary: 'Refresh rotates both tokens; the old refresh token is refused.',
      result: 'fail',
      reason: `step oldRefreshToken failed after 3 attempts: ${OLD_TOKEN_REASON}`,
      steps: [
        step({ workflowId: 'refreshRotation', stepId: 'signIn', target: 'workflow signIn', durationMs: 18 }),
        step({ workflowId: 'refreshRotation', stepId: 'refresh', target: 'refreshSession', method: 'POST', path: '/api/v1/auth/refresh', status: 200, attempts: 2, durationMs: 1007 }),
        step({
          workflowId: 'refreshRotation',
          stepId: 'oldRefreshToken',
          target: 'refreshSession',
          method: 'POST',
          path: '/api/v1/auth/refresh',
          status: 200,
          result: 'fail',
          attempts: 3,
          checks: [{ name: 'status_code_conformance', outcome: 'fail', message: 'expected 401, got 200' }],
          criteria: [{ condition: '$statusCode == 401 && $response.body#/code != "ok"', passed: false, message: '$statusCode == 401 && $response.body#/code != "ok" is false ($statusCode is 200, $response.body#/code is "ok")' }],
          reason: OLD_TOKEN_REASON,
          durationMs: 9,
        }),
      ],
      outputs: {},
      durationMs: 1040,
    },
    {
      workflowId: 'rateLimitedLogin',
      summary: 'The mock answers one login with 429; the retry waits Retry-After, then signs in.',
      result: 'skipped',
      reason: "mock only: it forces a 429 through the mock's control (respond-with); this run is against a live server",
      steps: [],
      outputs: {},
      durationMs: 0,
    },
  ],
};

/** Two Arazzo files against the MSW handlers: a nested workflow that failed, a workflow failed by its dependency, a failure onFailure handled, a step a `goto` ran in another workflow. */
const MSW: FlowsRun[] = [
  {
    file: '/project/spec/flows/sessions.arazzo.yaml',
    target: 'msw',
    baseUrl: 'http://msw.authkit.invalid',
    title: 'Session flows',
    version: '2.1.0',
    durationMs: 300,
    workflows: [
      {
        workflowId: 'sessionLifecycle',
        summary: 'Sign in | read me | log out',
        result: 'fail',
        reason: 'step signIn failed: workflow signIn failed: step login failed: status_code_conformance: expected 200, got 500',
        steps: [step({ workflowId: 'sessionLifecycle', stepId: 'signIn', target: 'workflow signIn', result: 'fail', reason: 'workflow signIn failed: step login failed: status_code_conformance: expected 200, got 500', durationMs: 30 })],
        outputs: {},
        durationMs: 31,
      },
      { workflowId: 'signUp', result: 'fail', reason: 'it depends on sessionLifecycle, which failed', steps: [], outputs: {}, durationMs: 0 },
    ],
  },
  {
    file: '/project/spec/flows/recovery.arazzo.yaml',
    target: 'msw',
    baseUrl: 'http://msw.authkit.invalid',
    title: 'Recovery flows',
    version: '',
    durationMs: 200,
    workflows: [
      {
        workflowId: 'recover',
        summary: 'A first try that fails goes to signIn instead.',
        result: 'pass',
        steps: [
          step({ workflowId: 'recover', stepId: 'first', target: 'getCurrentUser', method: 'GET', path: '/api/v1/auth/me', result: 'fail', reason: 'no response: connect ECONNREFUSED', durationMs: 3 }),
          step({ workflowId: 'signIn', stepId: 'login', target: 'loginUser', method: 'POST', path: '/api/v1/auth/login', status: 200, durationMs: 7 }),
        ],
        outputs: {},
        durationMs: 12,
      },
    ],
  },
];

interface Expected {
  table: string[];
  junit: string[];
  markdown: string[];
  annotations: ReturnType<typeof flowsAnnotations>;
}

const CASES: Array<[string, FlowsRun[], Expected]> = [
  [
    'one file against a live server',
    [LIVE],
    {
      table: [
        'flows: 3 workflows · 1 passed · 1 failed · 1 skipped (mock only) · 5 steps, against the live server https://staging.example.com · 1.2 s',
        '',
        '✔ signIn            Sign in with email and password; the session cookie reads the user.',
        '    ✔ login            POST /api/v1/auth/login → 200',
        '    ✔ me               GET  /api/v1/auth/me → 200',
        '',
        '✖ refreshRotation   Refresh rotates both tokens; the old refresh token is refused.',
        '    ✔ signIn           workflow signIn',
        '    ✔ refresh          POST /api/v1/auth/refresh → 200  2 attempts',
        '    ✖ oldRefreshToken  POST /api/v1/auth/refresh → 200  3 attempts',
        '        refreshRotation › oldRefreshToken › status_code_conformance: expected 401, got 200',
        '        refreshRotation › oldRefreshToken › successCriteria: $statusCode == 401 && $response.body#/code != "ok" is false ($statusCode is 200, $response.body#/code is "ok")',
        '',
        '– rateLimitedLogin  The mock answers one login with 429; the retry waits Retry-After, then signs in.',
        "    mock only: it forces a 429 through the mock's control (respond-with); this run is against a live server",
      ],
      junit: [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="flows" tests="6" failures="1" skipped="1" time="1.234">',
        '  <testsuite name="signIn (live)" tests="2" failures="0" skipped="0" time="0.020">',
        '    <properties><property name="file" value="auth.arazzo.yaml"/><property name="baseUrl" value="https://staging.example.com"/></properties>',
        '    <testcase classname="signIn" name="login" time="0.012"/>',
        '    <testcase classname="signIn" name="me" time="0.004"/>',
        '  </testsuite>',
        '  <testsuite name="refreshRotation (live)" tests="3" failures="1" skipped="0" time="1.040">',
        '    <properties><property name="file" value="auth.arazzo.yaml"/><property name="baseUrl" value="https://staging.example.com"/></properties>',
        '    <testcase classname="refreshRotation" name="signIn" time="0.018"/>',
        '    <testcase classname="refreshRotation" name="refresh" time="1.007"/>',
        '    <testcase classname="refreshRotation" name="oldRefreshToken" time="0.009">',
        '      <failure message="status_code_conformance: expected 401, got 200">status_code_conformance: expected 401, got 200&#10;successCriteria: $statusCode == 401 &amp;&amp; $response.body#/code != &quot;ok&quot; is false ($statusCode is 200, $response.body#/code is &quot;ok&quot;)</failure>',
        '    </testcase>',
        '  </testsuite>',
        '  <testsuite name="rateLimitedLogin (live)" tests="1" failures="0" skipped="1" time="0.000">',
        '    <properties><property name="file" value="auth.arazzo.yaml"/><property name="baseUrl" value="https://staging.example.com"/></properties>',
        '    <testcase classname="rateLimitedLogin" name="rateLimitedLogin" time="0.000">',
        '      <skipped message="mock only: it forces a 429 through the mock&apos;s control (respond-with); this run is against a live server"/>',
        '    </testcase>',
        '  </testsuite>',
        '</testsuites>',
        '',
      ],
      markdown: [
        '### ❌ Flows (live at `https://staging.example.com`)',
        '',
        '**1/3** workflows pass, **1** fail, **1** skipped · 5 steps · 1.2 s',
        '',
        '| workflow | result | steps | summary |',
        '| --- | :-: | --: | --- |',
        '| `signIn` | ✅ pass | 2/2 | Sign in with email and password; the session cookie reads the user. |',
        '| `refreshRotation` | ❌ fail | 2/3 | Refresh rotates both tokens; the old refresh token is refused. |',
        '| `rateLimitedLogin` | ➖ skipped | – | The mock answers one login with 429; the retry waits Retry-After, then signs in. |',
        '',
        '| failed | reason |',
        '| --- | --- |',
        '| `refreshRotation › oldRefreshToken` | status_code_conformance: expected 401, got 200<br>successCriteria: $statusCode == 401 && $response.body#/code != "ok" is false ($statusCode is 200, $response.body#/code is "ok") |',
        '',
        '| skipped | why |',
        '| --- | --- |',
        "| `rateLimitedLogin` | mock only: it forces a 429 through the mock's control (respond-with); this run is against a live server |",
        '',
      ],
      annotations: [{ title: 'flows: refreshRotation › oldRefreshToken', message: OLD_TOKEN_REASON }],
    },
  ],
  [
    'two files against the MSW handlers',
    MSW,
    {
      table: [
        'flows: 3 workflows · 1 passed · 2 failed · 0 skipped · 3 steps, against the MSW handlers, in this process · 0.5 s',
        '',
        'Session flows 2.1.0 (sessions.arazzo.yaml)',
        '',
        '✖ sessionLifecycle  Sign in | read me | log out',
        '    ✖ signIn          workflow signIn',
        '        sessionLifecycle › signIn › workflow signIn failed: step login failed: status_code_conformance: expected 200, got 500',
        '',
        '✖ signUp',
        '    signUp › it depends on sessionLifecycle, which failed',
        '',
        'Recovery flows (recovery.arazzo.yaml)',
        '',
        '✔ recover           A first try that fails goes to signIn instead.',
        '    ✖ first           GET  /api/v1/auth/me → no response  (handled: the workflow went on)',
        '    ✔ signIn › login  POST /api/v1/auth/login → 200',
      ],
      junit: [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="flows" tests="4" failures="2" skipped="0" time="0.500">',
        '  <testsuite name="sessionLifecycle (msw)" tests="1" failures="1" skipped="0" time="0.031">',
        '    <properties><property name="file" value="sessions.arazzo.yaml"/><property name="baseUrl" value="http://msw.authkit.invalid"/></properties>',
        '    <testcase classname="sessionLifecycle" name="signIn" time="0.030">',
        '      <failure message="workflow signIn failed: step login failed: status_code_conformance: expected 200, got 500">workflow signIn failed: step login failed: status_code_conformance: expected 200, got 500</failure>',
        '    </testcase>',
        '  </testsuite>',
        '  <testsuite name="signUp (msw)" tests="1" failures="1" skipped="0" time="0.000">',
        '    <properties><property name="file" value="sessions.arazzo.yaml"/><property name="baseUrl" value="http://msw.authkit.invalid"/></properties>',
        '    <testcase classname="signUp" name="signUp" time="0.000">',
        '      <failure message="it depends on sessionLifecycle, which failed">it depends on sessionLifecycle, which failed</failure>',
        '    </testcase>',
        '  </testsuite>',
        '  <testsuite name="recover (msw)" tests="2" failures="0" skipped="0" time="0.012">',
        '    <properties><property name="file" value="recovery.arazzo.yaml"/><property name="baseUrl" value="http://msw.authkit.invalid"/></properties>',
        '    <testcase classname="recover" name="first" time="0.003"/>',
        '    <testcase classname="signIn" name="login" time="0.007"/>',
        '  </testsuite>',
        '</testsuites>',
        '',
      ],
      markdown: [
        '### ❌ Flows (MSW handlers)',
        '',
        '**1/3** workflows pass, **2** fail, **0** skipped · 3 steps · 0.5 s',
        '',
        '| workflow | result | steps | summary |',
        '| --- | :-: | --: | --- |',
        '| `sessionLifecycle` | ❌ fail | 0/1 | Sign in \\| read me \\| log out |',
        '| `signUp` | ❌ fail | 0/0 |  |',
        '| `recover` | ✅ pass | 1/2 | A first try that fails goes to signIn instead. |',
        '',
        '| failed | reason |',
        '| --- | --- |',
        '| `sessionLifecycle › signIn` | workflow signIn failed: step login failed: status_code_conformance: expected 200, got 500 |',
        '| `signUp` | it depends on sessionLifecycle, which failed |',
        '',
      ],
      annotations: [
        { title: 'flows: sessionLifecycle › signIn', message: 'workflow signIn failed: step login failed: status_code_conformance: expected 200, got 500' },
        { title: 'flows: signUp', message: 'it depends on sessionLifecycle, which failed' },
      ],
    },
  ],
  [
    'no runs',
    [],
    {
      table: ['flows: 0 workflows · 0 passed · 0 failed · 0 skipped · 0 steps · 0.0 s'],
      junit: ['<?xml version="1.0" encoding="UTF-8"?>', '<testsuites name="flows" tests="0" failures="0" skipped="0" time="0.000">', '</testsuites>', ''],
      markdown: ['### ✅ Flows', '', '**0/0** workflows pass, **0** fail, **0** skipped · 0 steps · 0.0 s', ''],
      annotations: [],
    },
  ],
];

describe.each(CASES)('flows reports: %s', (_name, runs, expected) => {
  it('the table: summary line first, a block per workflow, each failure in the short form under its step', () => {
    expect(formatFlowsTable(runs)).toBe(expected.table.join('\n'));
  });

  it('the JUnit XML: a suite per workflow, a case per step', () => {
    expect(toFlowsJunitXml(runs)).toBe(expected.junit.join('\n'));
  });

  it('the job summary', () => {
    expect(flowsMarkdownSummary(runs)).toBe(expected.markdown.join('\n'));
  });

  it('an annotation per failure', () => {
    expect(flowsAnnotations(runs)).toEqual(expected.annotations);
  });

  it('writes flows.json (the runs as they are) and flows.junit.xml, through temporary files only', async () => {
    const dir = join(await tempDir('flows-report-'), 'reports', 'nested');
    const written = await writeFlowsReports(runs, dir);
    expect(written).toEqual({ json: join(dir, 'flows.json'), junit: join(dir, 'flows.junit.xml') });
    expect(JSON.parse(await readFile(written.json, 'utf8'))).toEqual(runs);
    expect(await readFile(written.junit, 'utf8')).toBe(expected.junit.join('\n'));
    expect((await readdir(dir)).sort()).toEqual(['flows.json', 'flows.junit.xml']);
    // Never written in place: a reader sees the old report or the new one, whole.
    expect(disk.written.map((file) => file.split('/').pop())).toEqual([expect.stringMatching(/^flows\.json\.tmp-\d+-\d+$/), expect.stringMatching(/^flows\.junit\.xml\.tmp-\d+-\d+$/)]);
  });
});

describe('writeFlowsReports on a disk that fills up', () => {
  it.each([
    ['flows.json', true],
    ['flows.junit.xml', true],
    ['flows.json', false],
    ['flows.junit.xml', false],
  ])('half-way through %s (reports there before: %s): the reports are as they were, with no temporary file left', async (file, before) => {
    const dir = await tempDir('flows-report-');
    if (before) await writeFlowsReports([LIVE], dir);
    const previous = before ? { json: await readFile(join(dir, 'flows.json'), 'utf8'), junit: await readFile(join(dir, 'flows.junit.xml'), 'utf8') } : undefined;
    disk.fullOn = file;
    await expect(writeFlowsReports(MSW, dir)).rejects.toThrow('ENOSPC');
    expect((await readdir(dir)).sort()).toEqual(before ? ['flows.json', 'flows.junit.xml'] : []);
    if (previous) {
      expect(await readFile(join(dir, 'flows.json'), 'utf8')).toBe(previous.json);
      expect(await readFile(join(dir, 'flows.junit.xml'), 'utf8')).toBe(previous.junit);
    }
  });
});
