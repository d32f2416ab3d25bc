import { beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '@redocly/openapi-core';
import { lintSpec } from '../../src/lint/lint-spec.js';
import { loadLintConfig } from '../../src/lint/lint-config.js';
import { fixture, HOUSE_RULES_CONFIG, ROOT } from '../helpers/paths.js';

let config: Config;
beforeAll(async () => {
  config = await loadLintConfig({ configFile: HOUSE_RULES_CONFIG });
});

// [fixture, rule it breaks, line the problem points at, words the message must carry]
const cases = [
  ['canonical-error-set.yaml', 'house/canonical-error-set', 23, /does not document 429/],
  ['error-envelope.yaml', 'house/error-envelope', 168, /500 .* is not the error envelope/],
  ['error-example-code.yaml', 'house/error-example-code', 102, /403 has `code` 401; it must be 403/],
  ['operation-id-camel-case.yaml', 'house/operation-id-camel-case', 19, /`get_ping` is not camelCase/],
] as const;

describe('house rules', () => {
  it('pass the fixture every broken one is derived from', async () => {
    const result = await lintSpec({ spec: fixture('specs', 'ping-3.1.yaml'), config });
    expect(result.problems).toEqual([]);
  });

  it.each(cases)('%s fires %s, and only it, at the right place', async (file, rule, line, message) => {
    const result = await lintSpec({ spec: fixture('house-rules', file), config });
    expect(result.problems).toHaveLength(1);
    const [problem] = result.problems;
    expect(problem).toMatchObject({ rule, line, severity: 'error', file: fixture('house-rules', file) });
    expect(problem?.message).toMatch(message);
  });

  it('the Auth API spec is clean under its own entry of redocly.yaml: recommended-strict and the house rules', async () => {
    const auth = await loadLintConfig({ configFile: `${ROOT}/redocly.yaml`, api: 'auth' });
    expect(Object.keys(auth.rules.oas3_1).filter((rule) => rule.startsWith('house/')).sort()).toEqual([
      'house/canonical-error-set',
      'house/error-envelope',
      'house/error-example-code',
      'house/operation-id-camel-case',
    ]);
    const result = await lintSpec({ spec: fixture('..', '..', 'spec', 'openapi.yaml'), config: auth });
    expect(result.problems).toEqual([]);
  });

  it('belong to the APIs that configure them: another spec linted from this repo does not get them', async () => {
    const rootLevel = await loadLintConfig({ configFile: `${ROOT}/redocly.yaml` });
    const result = await lintSpec({ spec: fixture('house-rules', 'operation-id-camel-case.yaml'), config: rootLevel });
    expect(result.problems).toEqual([]);
  });
});
