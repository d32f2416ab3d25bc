import { cp, readFile, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import getPort from 'get-port';
import { x } from 'tinyexec';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startCliServer } from '../helpers/cli-server.js';
import { HOUSE_RULES_CONFIG, ROOT } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp-dir.js';
import { waitFor as until } from '../helpers/wait.js';

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

describe('authkit start', () => {
  it('lints, generates, serves the mock, reloads it on a spec edit, and stops cleanly', { timeout: 90_000 }, async () => {
    const dir = await tempDir('start-');
    await cp(join(ROOT, 'spec'), join(dir, 'spec'), { recursive: true });
    const server = await startCliServer((port) => ['start', '--spec', join(dir, 'spec', 'openapi.yaml'), '--out', join(dir, 'out'), '--port', String(port)], 'mock on http://127.0.0.1:', { timeoutMs: 60_000 });
    onTestFinished(() => server.kill('SIGKILL'));
    const { port } = server;

    const logoutDetail = async () => {
      const response = await fetch(`http://127.0.0.1:${port}/api/v1/auth/logout`, { method: 'POST', headers: { cookie: 'access_token=t', prefer: 'code=200' } }).catch(() => undefined);
      return response?.ok ? ((await response.json()) as { detail: string }).detail : undefined;
    };

    expect(server.output()).toContain(`mock on http://127.0.0.1:${port}`);
    expect(server.output()).toContain('serves 7 operations, 84 documented responses');
    expect(server.output()).toContain("Prefer: code=429");
    expect(await logoutDetail()).toBe('Logged out');

    const schema = join(dir, 'spec', 'components', 'schemas', 'LogoutResponse.yaml');
    const original = await readFile(schema, 'utf8');
    await writeFile(schema, original.replace('[Logged out]', '[Signed out]'));
    await until('the reloaded mock', async () => ((await logoutDetail()) === 'Signed out' ? true : undefined));
    await until('the reload notice', () => (server.output().includes('✔ mock reloaded') ? true : undefined));
    expect(JSON.parse(await readFile(join(dir, 'out', 'openapi.json'), 'utf8')).components.schemas.LogoutResponse.properties.detail.examples).toEqual(['Signed out']);

    await writeFile(schema, `${original}\n  broken: [\n`);
    await until('the lint failure', () => (server.output().includes('✖ the edited spec does not pass') ? true : undefined));
    expect(server.output()).toMatch(/LogoutResponse\.yaml:\d+:\d+ error \[yaml-syntax\]/);
    expect(await logoutDetail()).toBe('Signed out');

    await writeFile(schema, original.replace('[Logged out]', '[Bye]'));
    await until('the second reload', async () => ((await logoutDetail()) === 'Bye' ? true : undefined));

    server.kill('SIGTERM');
    await until('the port to close', async () => ((await accepts(port)) ? undefined : true), 10_000);
  });

  it('--strict refuses to start on a spec with a lint error, before any server starts', async () => {
    const port = await getPort({ host: '127.0.0.1' });
    const out = await tempDir('start-out-');
    const result = await x(process.execPath, [join(ROOT, 'bin', 'authkit.js'), 'start', '--strict', '--spec', join(ROOT, 'test', 'fixtures', 'house-rules', 'error-envelope.yaml'), '--config', HOUSE_RULES_CONFIG, '--out', out, '--port', String(port)], {
      throwOnError: false,
      nodeOptions: { cwd: ROOT },
    });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/error-envelope\.yaml:168:13 error \[house\/error-envelope\]/);
    expect(await accepts(port)).toBe(false);
  });
});
