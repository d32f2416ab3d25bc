import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { x } from 'tinyexec';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runContract } from '../../src/contract/run-contract.js';
import { PortInUseError, PrismStartError, startMock } from '../../src/mock/index.js';
import { AUTH_BUNDLE, fixture, ROOT } from '../helpers/paths.js';
import { isAlive } from '../helpers/process-alive.js';
import { waitFor } from '../helpers/wait.js';


const gone = (pid: number | undefined) => waitFor(`process ${pid} to end`, () => (isAlive(pid) ? undefined : true), 5_000).catch(() => false);

describe('startMock', () => {
  it('resolves once Prism answers, on a free port, and close() ends Prism', async () => {
    const mock = await startMock({ spec: AUTH_BUNDLE });
    onTestFinished(() => mock.close());
    expect(mock.url).toBe(`http://127.0.0.1:${mock.port}`);
    const response = await fetch(`${mock.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'ada@example.com', password: 'correct-horse-battery' }) });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ user: { email: 'ada@example.com' } });
    await mock.close();
    expect(mock.running()).toBe(false);
    expect(isAlive(mock.pid)).toBe(false);
  });

  it('rejects with an error naming the port when it is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
    const port = (blocker.address() as { port: number }).port;
    const failure = await startMock({ spec: AUTH_BUNDLE, port }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PortInUseError);
    expect((failure as Error).message).toContain(`Port ${port} on 127.0.0.1 is already in use`);
  });

  it("rejects with Prism's own error, naming the file and line, when the engine cannot read the spec", async () => {
    const failure = await startMock({ spec: fixture('broken', 'yaml-syntax.yaml') }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PrismStartError);
    expect((failure as Error).message).toMatch(/prism │ Prism could not read .*yaml-syntax\.yaml: .*invalid mixed usage of block and flow styles at line 6, column 3/);
  });

  it("rejects with Prism's own error when the Prism CLI cannot start", async () => {
    const failure = await startMock({ spec: fixture('broken', 'yaml-syntax.yaml'), engine: 'prism-cli' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PrismStartError);
    expect((failure as Error).message).toMatch(/prism │ .*fatal.*Error parsing .*yaml-syntax\.yaml/);
    expect((failure as Error).message).not.toContain('Positionals:');
  });

  // [how the parent ends, the script it runs after starting the mock]
  it.each([
    ['is killed with SIGKILL', 'process.kill(process.pid, "SIGKILL");'],
    ['crashes on an uncaught exception', 'setTimeout(() => { throw new Error("crash"); }, 10);'],
    ['gets SIGTERM', 'process.kill(process.pid, "SIGTERM");'],
  ])('leaves no Prism behind when its parent %s', async (_how, ending) => {
    const script = `import { startMock } from ${JSON.stringify(`${ROOT}/src/mock/index.ts`)}; const mock = await startMock({ spec: ${JSON.stringify(AUTH_BUNDLE)} }); console.log(mock.pid); ${ending} setInterval(() => {}, 1000);`;
    const parent = await x(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { throwOnError: false, nodeOptions: { cwd: ROOT } });
    const printed = parent.stdout.trim().split('\n').at(-1);
    expect(printed).toMatch(/^[1-9]\d*$/);
    const pid = Number(printed);
    expect(await gone(pid)).toBe(true);
  });

  it('a mock that dies mid-run fails the affected cases with its last log lines', async () => {
    const mock = await startMock({ spec: AUTH_BUNDLE, workers: 1 });
    onTestFinished(() => mock.close());
    const processes = [mock.pid!, ...execFileSync('ps', ['-o', 'pid=', '--ppid', String(mock.pid)], { encoding: 'utf8' }).split('\n').map(Number).filter((pid) => pid > 0)];
    const document = JSON.parse(readFileSync(AUTH_BUNDLE, 'utf8'));
    let done = 0;
    const run = await runContract({
      document,
      baseUrl: mock.url,
      mode: 'mock',
      concurrency: 1,
      timeoutMs: 2_000,
      diagnostics: () => ({ running: mock.running(), lines: mock.logs() }),
      onCaseDone: () => {
        done += 1;
        // The whole mock at once, primary and worker: no request after this one is answered.
        if (done === 5) for (const pid of processes) process.kill(pid, 'SIGKILL');
      },
    });
    const failed = run.pairs.filter((pair) => pair.result === 'fail');
    expect(run.pairs.filter((pair) => pair.result === 'pass')).toHaveLength(5);
    expect(failed).toHaveLength(run.pairs.length - 5);
    expect(run.pairs).toHaveLength(84);
    expect(failed[0]?.reason).toMatch(/no response: Network error/);
    expect(failed[0]?.reason).toMatch(/The mock is not running\. Its last lines:\n {2}prism │ /);
  });
});
