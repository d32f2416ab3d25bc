import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { fixture, ROOT } from '../helpers/paths.js';

// An example that breaks its own schema shows at lint time, with file:line, through
// Redocly's example rules (warnings in `recommended`, errors in `recommended-strict`, which this repository's config extends), before any contract run finds it.
describe('lint: examples that break their schemas', () => {
  it('a media type example and a schema example, each at its line, by its rule', async () => {
    const lines: string[] = [];
    const io = { out: (text: string) => void lines.push(text), err: (text: string) => void lines.push(text), cwd: ROOT, env: {} };
    await runCli(['lint', '--spec', fixture('broken-examples', 'openapi.yaml')], io);
    const found = lines.join('\n').split('\n').filter((line) => /\[no-invalid-(media-type|schema)-examples\]/.test(line)).map((line) => line.replace(/^.*openapi\.yaml:/, '').replace(/\x1b\[[0-9;]*m/g, ''));
    expect(found.map((line) => line.split(' ').slice(0, 3).join(' '))).toEqual(['18:21 error [no-invalid-media-type-examples]', '43:20 error [no-invalid-schema-examples]']);
  });
});
