import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { x } from 'tinyexec';
import { describe, expect, it } from 'vitest';
import { createProgressLine } from '../../src/cli/progress-line.js';
import { fixture, ROOT } from '../helpers/paths.js';
import { runAuthkit } from '../helpers/run-script.js';
import { tempDir } from '../helpers/temp-dir.js';

// What a contract run leaves for people: a job summary and annotations on GitHub, a
// progress line on a terminal, and nothing of either anywhere else.
describe('contract on GitHub Actions', { timeout: 60_000 }, () => {
  it('writes the table to $GITHUB_STEP_SUMMARY and one annotation per failure, naming the pair and the reason', async () => {
    const dir = await tempDir('gha-');
    const summaryFile = join(dir, 'step-summary.md');
    await writeFile(summaryFile, '## earlier step\n');
    // With --strict-examples the spec's broken example is Prism's 500: a failed pair.
    const result = await runAuthkit(['contract', '--spec', fixture('specs', 'broken-example.yaml'), '--reports', dir, '--strict-examples'], { env: { GITHUB_STEP_SUMMARY: summaryFile, GITHUB_ACTIONS: 'true' } });
    expect(result.exitCode).toBe(1);
    const summary = await readFile(summaryFile, 'utf8');
    expect(summary.startsWith('## earlier step\n### ❌ Contract: Ping API 1.0.0 (mock at `http://127.0.0.1:')).toBe(true);
    expect(summary).toContain('**11/12** pairs pass, **1** fail, **0** not exercised · negative cases 0 pass, 0 fail');
    expect(summary).toContain('| operation | 200 | 400 | 401 | 403 | 404 | 409 | 422 | 426 | 429 | 500 | 502 | 504 |');
    expect(summary).toContain('| `GET /api/v1/ping` | ❌ | ✅ | ✅ | ✅ | ✅ | ✅ | ✅ | ✅ | ✅ | ✅ | ✅ | ✅ |');
    expect(summary).toMatch(/\| `GET \/api\/v1\/ping → 200` \| not_mock_problem: the mock answered with its own problem, not the spec: Request\/Response not valid: Response body property pong must be boolean/);
    const annotations = result.stdout.split('\n').filter((line) => line.startsWith('::'));
    expect(annotations).toHaveLength(1);
    expect(annotations[0]).toMatch(/^::error title=contract%3A GET \/api\/v1\/ping → 200::not_mock_problem: the mock answered with its own problem, not the spec: Request\/Response not valid: Response body property pong must be boolean/);
  });

  it('outside GitHub Actions: no summary written, no annotation printed', async () => {
    const dir = await tempDir('no-gha-');
    const result = await runAuthkit(['contract', '--spec', fixture('specs', 'broken-example.yaml'), '--reports', dir], { env: { GITHUB_STEP_SUMMARY: '', GITHUB_ACTIONS: '' } });
    expect(result.stdout.split('\n').filter((line) => line.startsWith('::'))).toEqual([]);
  });
});

describe('lint, check and diff write their own section of the job summary', () => {
  it('lint: a table of the problems, file:line first; check: the verdict; diff: the gate and its changelog', async () => {
    const { runCli } = await import('../../src/cli/main.js');
    const dir = await tempDir('summary-');
    const summaryFile = join(dir, 'summary.md');
    const io = { out: () => undefined, err: () => undefined, cwd: ROOT, env: { GITHUB_STEP_SUMMARY: summaryFile } };
    expect(await runCli(['lint', '--spec', 'test/fixtures/house-rules/error-envelope.yaml', '--config', 'test/fixtures/house-rules/redocly.yaml'], io)).toBe(1);
    expect(await runCli(['check'], io)).toBe(0);
    expect(await runCli(['diff', '--base', 'HEAD'], io)).toBe(0);
    expect(await readFile(summaryFile, 'utf8')).toBe(
      [
        '### ❌ Lint: (test/fixtures/house-rules/error-envelope.yaml): 1 error(s), 0 warning(s)',
        '',
        '| where | severity | rule | message |',
        '| --- | --- | --- | --- |',
        '| `test/fixtures/house-rules/error-envelope.yaml:168:13` | error | `house/error-envelope` | Error response 500 (application/json) is not the error envelope: `code` is not required. |',
        '',
        '### ✅ Drift gate: auth: generated/ matches the spec',
        '',
        '### ✅ Breaking-change gate: Auth API: 1.0.0 (HEAD) → 1.0.0 (working tree)',
        '',
        'No change to the contract.',
        '',
        '',
      ].join('\n'),
    );
  });
});

describe('the progress line', () => {
  const stream = (isTTY: boolean) => {
    const written: string[] = [];
    return { isTTY, write: (text: string) => void written.push(text), written };
  };

  it('waits a second, redraws at most ten times a second with \\r and spaces only, and clears itself', () => {
    let now = 0;
    const tty = stream(true);
    const line = createProgressLine(tty, { now: () => now });
    line.update({ done: 1, total: 10, passed: 1, failed: 0 });
    now = 1_000;
    line.update({ done: 2, total: 10, passed: 2, failed: 0 });
    now = 1_050;
    line.update({ done: 3, total: 10, passed: 2, failed: 1 });
    now = 1_150;
    line.update({ done: 4, total: 10, passed: 2, failed: 2 });
    line.update({ done: 10, total: 10, passed: 8, failed: 2 });
    line.finish();
    expect(tty.written).toEqual([
      '\rcontract: 2/10 done · 2 passed · 0 failed',
      '\rcontract: 4/10 done · 2 passed · 2 failed',
      '\rcontract: 10/10 done · 8 passed · 2 failed',
      `\r${' '.repeat(42)}\r`,
    ]);
  });

  it('draws nothing when the stream is not a terminal', () => {
    const piped = stream(false);
    const line = createProgressLine(piped, { now: () => 5_000 });
    line.update({ done: 1, total: 1, passed: 1, failed: 0 });
    line.finish();
    expect(piped.written).toEqual([]);
  });

  // The Auth API's run can end within the default second on an idle machine: the delay is
  // set to 0 here, so the line's showing does not depend on the machine's speed.
  it('on a real terminal (a pty from `script`), a run longer than AUTHKIT_PROGRESS_DELAY_MS shows it; piped, the output has none', { timeout: 60_000 }, async () => {
    const dir = await tempDir('tty-');
    const command = `${process.execPath} ${join(ROOT, 'bin', 'authkit.js')} contract --reports ${dir}`;
    const onTty = await x('script', ['-qec', command, '/dev/null'], { nodeOptions: { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', AUTHKIT_PROGRESS_DELAY_MS: '0' } }, throwOnError: false });
    const drawn = onTty.stdout.split('\r').filter((part) => part.startsWith('contract: '));
    expect(drawn.at(-1)).toMatch(/^contract: 91\/91 done · 91 passed · 0 failed/);
    expect(onTty.stdout).not.toContain('\u001b');
    const piped = await runAuthkit(['contract', '--reports', dir], { env: { AUTHKIT_PROGRESS_DELAY_MS: '0' } });
    expect(piped.output).not.toContain('\r');
    expect(piped.output).not.toContain('done ·');
  });

  it('AUTHKIT_PROGRESS_DELAY_MS that is not a whole number is refused, naming the variable (exit 2)', async () => {
    const result = await runAuthkit(['contract', '--reports', await tempDir('tty-')], { env: { AUTHKIT_PROGRESS_DELAY_MS: 'soon' } });
    expect(result.exitCode).toBe(2);
    expect(result.output).toContain('AUTHKIT_PROGRESS_DELAY_MS must be a whole number of milliseconds, got "soon".');
  });
});
