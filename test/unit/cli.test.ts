import { describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../src/cli/main.js';
import { toolkitPackage } from '../../src/toolkit-package.js';
import { ROOT } from '../helpers/paths.js';

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (line) => out.push(line), err: (line) => err.push(line), cwd: ROOT };
  const code = await runCli(args, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const COMMANDS = ['init', 'lint', 'generate', 'check', 'mock', 'start', 'contract'];

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
    [['mock', '--port', '70000'], '--port must be a port number (1-65535), got "70000".'],
    [['lint', '--format', 'html'], '--format html is not a format'],
    [['lint', '--spec', 'a.yaml', '--spec', 'b.yaml'], '--spec was given 2 times; give it once.'],
  ])('%j is a usage error (exit 2): %s', async (args, message) => {
    const result = await cli(args);
    expect(result.code).toBe(2);
    expect(result.err).toContain(message);
  });
});
