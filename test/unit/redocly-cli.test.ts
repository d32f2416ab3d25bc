import { x } from 'tinyexec';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths.js';

// Teams also run the Redocly CLI itself (editor plugins, their own CI): redocly.yaml and
// the house-rules plugin must load there too, not only through openapi-core.
describe('redocly CLI with redocly.yaml', () => {
  const redocly = (args: string[]) =>
    x(`${ROOT}/node_modules/.bin/redocly`, args, {
      nodeOptions: { cwd: ROOT, env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } },
      throwOnError: false,
    });

  it('passes the Auth API, picked by its name in redocly.yaml', async () => {
    const result = await redocly(['lint', 'auth']);
    expect(result.stdout + result.stderr).toContain('Your API description is valid');
    expect(result.exitCode).toBe(0);
  });

  it('fires a house rule with a github-actions annotation', async () => {
    const result = await redocly(['lint', 'test/fixtures/house-rules/operation-id-camel-case.yaml', '--config', 'test/fixtures/house-rules/redocly.yaml', '--format=github-actions']);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('::error title=house/operation-id-camel-case,file=test/fixtures/house-rules/operation-id-camel-case.yaml,line=19');
  });
});
