import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runCli, type CliIo } from '../../src/cli/main.js';
import { fixCommand } from '../../src/cli/commands/check.js';
import { colourWanted } from '../../src/cli/style.js';
import { toolkitPackage } from '../../src/toolkit-package.js';
import { fixture, HOUSE_RULES_CONFIG, ROOT } from '../helpers/paths.js';
import { runAuthkit } from '../helpers/run-script.js';

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (line) => out.push(line), err: (line) => err.push(line), cwd: ROOT };
  const code = await runCli(args, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const COMMANDS = ['init', 'lint', 'generate', 'check', 'mock', 'start', 'docs', 'diff', 'contract', 'flows'];

describe('authkit', () => {
  it('lists every command, and the exit codes, in --help', async () => {
    const result = await cli(['--help']);
    expect(result.code).toBe(0);
    expect([...result.out.matchAll(/^ {2}(\w+)(?: \[dir\])? {2,}/gm)].map((match) => match[1])).toEqual(COMMANDS);
    expect(result.out).toContain('Exit codes: 0 clean · 1 findings (lint errors, stale files, failed pairs) · 2 usage error or unusable input');
  });

  it.each(COMMANDS)('%s --help shows its own usage and flags', async (command) => {
    const result = await cli([command, '--help']);
    expect(result.code).toBe(0);
    expect(result.out).toContain(`$ authkit ${command}`);
    if (command !== 'init') expect(result.out).toMatch(/--spec <file>[\s\S]*--api <name>[\s\S]*--config <file>/);
  });

  it('--version is the package version', async () => {
    const result = await cli(['--version']);
    expect(result.code).toBe(0);
    expect(result.out).toContain(`authkit/${toolkitPackage().version}`);
  });

  it.each([
    [['contract', '--base-url', 'http://127.0.0.1:9', '--proxy', 'http://127.0.0.1:9'], '--base-url and --proxy do not go together'],
    [['contract', '--concurrency', '0'], '--concurrency must be a positive integer, got "0".'],
    [['contract', '--target', 'wiremock'], '--target must be mock or msw, got "wiremock".'],
    [['contract', '--target', 'msw', '--base-url', 'http://127.0.0.1:9'], '--target msw tests the spec\'s MSW handlers in this process: it does not go with --base-url.'],
    [['mock', '--port', '70000'], '--port must be a port number (1-65535), got "70000".'],
    [['lint', '--format', 'html'], '--format html is not a format'],
    [['lint', '--spec', 'a.yaml', '--spec', 'b.yaml'], '--spec was given 2 times; give it once.'],
  ])('%j is a usage error (exit 2): %s', async (args, message) => {
    const result = await cli(args);
    expect(result.code).toBe(2);
    expect(result.err).toContain(message);
  });
});

describe('authkit lint --format: every format Redocly takes', () => {
  it('lists exactly Redocly\'s formats, junit and summary included, beside text', async () => {
    const { LINT_FORMATS } = await import('../../src/cli/commands/lint.js');
    const { REDOCLY_FORMATS } = await import('../../src/cli/redocly-format.js');
    expect(LINT_FORMATS).toEqual(['text', ...REDOCLY_FORMATS]);
    expect([...REDOCLY_FORMATS].sort()).toEqual(['checkstyle', 'codeclimate', 'codeframe', 'github-actions', 'json', 'junit', 'markdown', 'stylish', 'summary']);
  });

  it.each([
    ['junit', '<testcase classname="house/error-envelope" name="house/error-envelope" file="test/fixtures/house-rules/error-envelope.yaml" line="168">'],
    ['summary', 'error   house/error-envelope: 1'],
  ])('--format %s prints Redocly\'s report, exit 1 on an error', async (format, expected) => {
    const result = await runAuthkit(['lint', '--format', format, '--spec', 'test/fixtures/house-rules/error-envelope.yaml', '--config', HOUSE_RULES_CONFIG]);
    expect(result.output).toContain(expected);
    expect(result.exitCode).toBe(1);
  });
});

describe('authkit docs: bad input loses nothing', () => {
  it('a spec that does not parse: exit 2, its file, line and rule, and no page written', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'docs-bad-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await writeFile(join(dir, 'openapi.yaml'), 'openapi: 3.1.0\ninfo:\n  title: x\n  version: "1"\npaths:\n  /a:\n    get: [\n');
    await writeFile(join(dir, 'docs.html'), 'the page from before');
    const result = await cli(['docs', '--spec', join(dir, 'openapi.yaml'), '--out', join(dir, 'docs.html')]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/openapi\.yaml:8:1 error \[yaml-syntax\]/);
    expect(await readFile(join(dir, 'docs.html'), 'utf8')).toBe('the page from before');
  });

  it('an --out under a file: exit 2, naming the path and why', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'docs-out-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await writeFile(join(dir, 'file'), '');
    const result = await cli(['docs', '--out', join(dir, 'file', 'docs.html')]);
    expect(result.code).toBe(2);
    expect(result.err).toContain(`cannot write to ${join(dir, 'file')}: a file stands where a folder is needed`);
  });
});

describe('colour', () => {
  it.each([
    [{}, true, true],
    [{}, false, false],
    [{ NO_COLOR: '1' }, true, false],
    [{ NO_COLOR: '1', FORCE_COLOR: '1' }, true, false],
    [{ FORCE_COLOR: '1' }, false, true],
    [{ FORCE_COLOR: '0' }, true, false],
    [{ FORCE_COLOR: '1', TERM: 'dumb' }, false, true],
    [{ TERM: 'dumb' }, true, false],
  ])('env %j on a TTY: %s → colour %s', (env, isTTY, wanted) => {
    expect(colourWanted(env, { isTTY })).toBe(wanted);
  });

  it('the real command: escape codes with FORCE_COLOR=1, none with NO_COLOR=1', async () => {
    const coloured = await runAuthkit(['lint', '--spec', fixture('house-rules', 'operation-id-camel-case.yaml'), '--config', HOUSE_RULES_CONFIG], { env: { FORCE_COLOR: '1', NO_COLOR: '' } });
    expect(coloured.stdout).toContain('\u001b[31m');
    const plain = await runAuthkit(['lint', '--spec', fixture('house-rules', 'operation-id-camel-case.yaml'), '--config', HOUSE_RULES_CONFIG], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
    expect(plain.exitCode).toBe(1);
    expect(plain.stdout).not.toMatch(/\u001b\[/);
    expect(plain.stdout).toContain('operation-id-camel-case.yaml:19:');
  });
});

describe('check\'s fix command', () => {
  it.each([
    [{}, 'authkit generate'],
    [{ api: 'auth' }, 'authkit generate --api auth'],
    [{ spec: 'my specs/api.yaml', out: "it's here" }, `authkit generate --spec 'my specs/api.yaml' --out 'it'\\''s here'`],
    [{ spec: 'a.yaml', out: 'gen', allowRemoteRefs: true }, 'authkit generate --spec a.yaml --out gen --allow-remote-refs'],
  ])('%j → %s', (flags, command) => {
    expect(fixCommand(flags)).toBe(command);
  });
});

describe('authkit contract --shard and contract merge', () => {
  it('--help lists `contract merge` after the commands, with its own usage', async () => {
    const help = await cli(['--help']);
    expect(help.out).toMatch(/^ {2}contract {21}Prove .*\n {2}contract merge <\.\.\.reports> {2}Join the reports of `contract --shard i\/n` runs into one/m);
    const own = await cli(['contract', 'merge', '--help']);
    expect(own.code).toBe(0);
    expect(own.out).toContain('$ authkit contract merge <...reports>');
    expect(own.out).toMatch(/--reports <dir> +Where the merged contract\.json and contract\.junit\.xml go \(default: reports\)/);
    expect((await cli(['contract', '--help'])).out).toMatch(/--shard <i\/n> +Run only the i-th of n slices/);
  });

  it.each([
    [['contract', '--shard', '4/3'], '--shard must be <i>/<n> with whole numbers 1 ≤ i ≤ n (2/3 is the second of three slices), got "4/3".'],
    [['contract', '--shard', '0/2'], '--shard must be <i>/<n> with whole numbers 1 ≤ i ≤ n (2/3 is the second of three slices), got "0/2".'],
    [['contract', '--shard', 'two/3'], '--shard must be <i>/<n> with whole numbers 1 ≤ i ≤ n (2/3 is the second of three slices), got "two/3".'],
    [['contract', '--shard', '3'], '--shard must be <i>/<n> with whole numbers 1 ≤ i ≤ n (2/3 is the second of three slices), got "3".'],
    [['contract', '--shard'], 'option `--shard <i/n>` value is missing'],
    [['contract', 'merge'], 'missing required args for command `contract merge <...reports>`'],
    [['contract', 'merge', 'reports/none.json', '--shard', '1/2'], 'Unknown option `--shard`'],
    [['contract', 'merge', 'test/fixtures/no-such-report.json'], 'cannot merge the contract reports:\n  cannot read test/fixtures/no-such-report.json: no such file'],
  ])('%j is a usage error (exit 2): %s', async (args, message) => {
    const result = await cli(args);
    expect(result.code).toBe(2);
    expect(result.err).toContain(message);
  });
});

describe('the mock\'s memory flags', () => {
  it.each([
    [['mock', '--seed', 'seven'], '--seed must be a whole number (0 or more), got "seven".'],
    [['start', '--seed=-1'], '--seed must be a whole number (0 or more), got "-1".'],
    [['contract', '--seed', '1.5'], '--seed must be a whole number (0 or more), got "1.5".'],
    [['contract', '--base-url', 'http://127.0.0.1:9', '--stateless'], '--base-url tests a live server, whose memory is its own: --stateless does not go with it.'],
    [['contract', '--base-url', 'http://127.0.0.1:9', '--seed', '3'], '--base-url tests a live server, whose memory is its own: --seed does not go with it.'],
    [['contract', '--session-flow', 'signIn'], '--session-flow signs in to a live server: it goes with --base-url'],
    [['flows', '--target', 'msw', '--base-url', 'http://127.0.0.1:9'], '--target msw runs the flows against the spec\'s MSW handlers in this process: it does not go with --base-url.'],
    [['flows', '--input', 'noequals'], '--input takes name=value, got "noequals".'],
    [['flows', '--workflow', 'nope'], '--workflow nope: no such workflow; there are signIn, sessionLifecycle, registration, signUp, refreshRotation, sessionManagement, rateLimitedLogin.'],
  ])('%j is a usage error (exit 2): %s', async (args, message) => {
    const result = await cli(args);
    expect(result.code).toBe(2);
    expect(result.err).toContain(message);
  });

  it.each(['mock', 'start', 'contract'])('%s --help shows --stateless and --seed', async (command) => {
    const help = (await cli([command, '--help'])).out;
    expect(help).toMatch(/--stateless +Remember nothing: Prism's rules alone \(no sessions, no collections\)/);
    expect(help).toMatch(/--seed <n> +Mint the same ids and tokens on every run \(a whole number\)/);
  });
});
