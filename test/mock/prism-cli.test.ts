import { readFileSync } from 'node:fs';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startMock } from '../../src/mock/index.js';
import { AUTH_BUNDLE } from '../helpers/paths.js';

const ME = '/api/v1/auth/me';

// The Prism CLI (what --proxy runs, and the parity tests' reference) starts with faker and
// postman-collection deferred, as the engine does (src/mock/engine/prism-cli-preload.ts):
// about 0.9 s less of each start. What it answers must not change.
describe('the Prism CLI, started by the toolkit', { timeout: 60_000 }, () => {
  it('loads the preload that defers faker, and still makes up values with it on `Prefer: dynamic=true`', async () => {
    const mock = await startMock({ spec: AUTH_BUNDLE, engine: 'prism-cli', quietPrism: true });
    onTestFinished(() => mock.close());
    // npm test builds dist/ first, so the CLI gets the built preload.
    const commandLine = readFileSync(`/proc/${mock.pid}/cmdline`, 'utf8').split('\0');
    expect(commandLine.filter((arg) => arg.endsWith('/dist/src/mock/engine/prism-cli-preload.js'))).toHaveLength(1);
    const ask = async (prefer: string) => {
      const response = await fetch(`${mock.url}${ME}`, { headers: { cookie: 'access_token=t', prefer } });
      return { status: response.status, body: (await response.json()) as { id: unknown; email: unknown } };
    };
    const example = await ask('code=200');
    const made = [await ask('dynamic=true'), await ask('dynamic=true')];
    expect(made.map((answer) => answer.status)).toEqual([200, 200]);
    // faker's values: new each time, and not the documented example.
    expect(new Set([example.body.id, ...made.map((answer) => answer.body.id)]).size).toBe(3);
    expect(made[0]!.body.email).toEqual(expect.stringContaining('@'));
  });
});
