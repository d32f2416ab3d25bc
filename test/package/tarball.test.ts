import { cp, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { x } from 'tinyexec';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths.js';
import { envelope, sendJson, startWireServer } from '../helpers/wire-server.js';

const run = async (command: string, args: string[], cwd: string) => {
  const result = await x(command, args, { nodeOptions: { cwd }, throwOnError: false });
  if (result.exitCode !== 0) throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${result.stdout}\n${result.stderr}`);
  return result;
};

// Builds and packs the package, installs the tarball into a copy of test/consumer, and
// checks what a frontend team gets: the types and the runtime, by the package's name.
describe('the packed package', { timeout: 180_000 }, () => {
  let consumer: string;
  let work: string;

  afterAll(() => rm(work, { recursive: true, force: true }));

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'pack-'));
    await run('npm', ['run', 'build'], ROOT);
    await run('npm', ['pack', '--pack-destination', work], ROOT);
    const tarball = (await readdir(work)).find((file) => file.endsWith('.tgz'));
    if (!tarball) throw new Error('npm pack wrote no tarball');
    consumer = join(work, 'consumer');
    await cp(join(ROOT, 'test', 'consumer'), consumer, { recursive: true });
    await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', join(work, tarball)], consumer);
  }, 180_000);

  it('type-checks the consumer app against the tarball', async () => {
    const result = await x(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', join(consumer, 'tsconfig.json')], { throwOnError: false });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
  });

  it('after the build, the package root and ./mock resolve by name from the package itself', async () => {
    const script = "const root = await import('@authkit/contract'); const mock = await import('@authkit/contract/mock'); console.log(JSON.stringify([typeof root.createApiClient, typeof root.ApiError, typeof mock.startMock]));";
    const result = await run(process.execPath, ['--input-type=module', '-e', script], ROOT);
    expect(JSON.parse(result.stdout)).toEqual(['function', 'function', 'function']);
  });

  it('resolves by its own name in plain Node and answers with an ApiError', async () => {
    const server = await startWireServer((_req, res) => sendJson(res, 401, envelope(401, 'authentication_error')));
    const result = await run(process.execPath, [join(consumer, 'src', 'runtime.mjs'), server.url], consumer);
    expect(JSON.parse(result.stdout)).toEqual({ status: 401, isApiError: true, type: 'authentication_error' });
  });
});
