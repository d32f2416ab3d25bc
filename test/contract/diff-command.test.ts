import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { x } from 'tinyexec';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths.js';
import { runAuthkit } from '../helpers/run-script.js';
import { tempDir } from '../helpers/temp-dir.js';

// `authkit diff` in a team's repository: the spec as it is against the spec at a git
// ref (bundled from that ref's own files), or between two tags as a changelog.
async function repoWithTags() {
  const dir = await tempDir('diff-repo-');
  await cp(join(ROOT, 'spec'), join(dir, 'spec'), { recursive: true });
  const git = (...args: string[]) => x('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { nodeOptions: { cwd: dir }, throwOnError: true });
  await git('init', '-q', '-b', 'main');
  await git('add', '.');
  await git('commit', '-qm', 'v1.0.0');
  await git('tag', 'v1.0.0');
  const schema = join(dir, 'spec', 'components', 'schemas', 'RefreshResponse.yaml');
  const text = await readFile(schema, 'utf8');
  await writeFile(schema, text.replace(/properties:\n/, 'properties:\n  refreshExpiresAt:\n    type: string\n    format: date-time\n    description: When the refresh cookie expires\n'));
  await git('commit', '-qam', 'v1.1.0');
  await git('tag', 'v1.1.0');
  return { dir, git };
}

const diff = (dir: string, ...args: string[]) => runAuthkit(['diff', '--spec', 'spec/openapi.yaml', ...args], { cwd: dir });

describe('authkit diff', { timeout: 60_000 }, () => {
  it('exits 0 on an unchanged or purely additive spec, and 1 naming each breaking change', async () => {
    const { dir } = await repoWithTags();
    const unchanged = await diff(dir, '--base', 'v1.1.0');
    expect(unchanged.exitCode).toBe(0);
    expect(unchanged.stdout).toContain('0 change(s), 0 breaking; the contract is unchanged');

    const additive = await diff(dir, '--base', 'v1.0.0');
    expect(additive.exitCode).toBe(0);
    expect(additive.stdout).toContain('POST /api/v1/auth/refresh  response 200 /refreshExpiresAt: property refreshExpiresAt added [response-property-added]');

    const login = join(dir, 'spec', 'paths', 'auth-login.yaml');
    const text = await readFile(login, 'utf8');
    await writeFile(login, text.slice(0, text.indexOf("    '429':")) + text.slice(text.indexOf("    '500':")));
    const breaking = await diff(dir, '--base', 'main');
    expect(breaking.exitCode).toBe(1);
    expect(breaking.stdout.trim().split('\n').slice(1)).toEqual(['  breaking  POST /api/v1/auth/login  response 429: response 429 removed [response-status-removed]']);
    const annotations = await diff(dir, '--base', 'main', '--format', 'github-actions');
    expect(annotations.exitCode).toBe(1);
    expect(annotations.stdout.trim()).toBe('::error title=breaking change%3A POST /api/v1/auth/login::response 429: response 429 removed (response-status-removed)');
  });

  it('a new major version in info.version lets a breaking change through, announced', async () => {
    const { dir } = await repoWithTags();
    const root = join(dir, 'spec', 'openapi.yaml');
    const login = join(dir, 'spec', 'paths', 'auth-login.yaml');
    const text = await readFile(login, 'utf8');
    await writeFile(login, text.slice(0, text.indexOf("    '429':")) + text.slice(text.indexOf("    '500':")));
    await writeFile(root, (await readFile(root, 'utf8')).replace('version: 1.0.0', 'version: 2.0.0'));
    const result = await diff(dir, '--base', 'v1.1.0');
    expect(result.stdout).toMatch(/1 change\(s\), 1 breaking, announced by the new major version/);
    expect(result.exitCode).toBe(0);
  });

  it('--format markdown between two tags reads as the changelog', async () => {
    const { dir } = await repoWithTags();
    const result = await diff(dir, '--base', 'v1.0.0', '--head', 'v1.1.0', '--format', 'markdown');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(
      [
        '## Auth API: 1.0.0 (v1.0.0) → 1.0.0 (v1.1.0)',
        '',
        '### Other changes (1)',
        '',
        '- `POST /api/v1/auth/refresh` response 200 /refreshExpiresAt: property refreshExpiresAt added (response-property-added)',
        '',
        '',
      ].join('\n'),
    );
  });

  it('a base that is neither a file nor a git ref is a usage error (exit 2) naming it', async () => {
    const { dir } = await repoWithTags();
    const result = await diff(dir, '--base', 'no-such-ref');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('--base/--head no-such-ref: neither a file nor a git ref here');
  });

  it('NO_COLOR=1 output has no escape codes; FORCE_COLOR=1 has them', async () => {
    const { dir } = await repoWithTags();
    const plain = await runAuthkit(['diff', '--spec', 'spec/openapi.yaml', '--base', 'v1.0.0'], { cwd: dir, env: { NO_COLOR: '1', FORCE_COLOR: '' } });
    expect(plain.output).not.toContain('\u001b');
    const coloured = await runAuthkit(['diff', '--spec', 'spec/openapi.yaml', '--base', 'v1.0.0'], { cwd: dir, env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    expect(coloured.output).toContain('\u001b[');
  });
});
