import { readFileSync } from 'node:fs';
import { setupServer } from 'msw/node';
import { parse } from 'yaml';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runFailed } from '../../src/contract/report.js';
import { runContractJob } from '../../src/pipeline/contract-job.js';
import { startMock } from '../../src/mock/start-mock.js';
import { writeTempBundle } from '../../src/mock/temp-bundle.js';
import { createMockHandlers } from '../../src/msw/index.js';
import type { OpenApiDocument } from '../../src/openapi/document.js';
import { fixture } from '../helpers/paths.js';
import { target } from '../helpers/targets.js';

// The spec's own example breaks its schema (`pong: "yes"` for a boolean): a defect of the
// spec, not an answer of the API. The mock engine and the MSW handlers serve the same
// schema-valid sample in its place, with a header naming the finding; --strict-examples
// keeps Prism's 500.
const document = parse(readFileSync(fixture('specs', 'broken-example.yaml'), 'utf8')) as OpenApiDocument;
const FINDING = '#/paths/~1api~1v1~1ping/get/responses/200/content/application~1json/example /pong must be boolean';

async function ask(url: string) {
  const response = await fetch(`${url}/api/v1/ping`);
  return { status: response.status, finding: response.headers.get('authkit-spec-finding'), mediaType: response.headers.get('content-type')?.split(';')[0], body: await response.json() };
}

async function engine(strictExamples: boolean) {
  const bundle = await writeTempBundle(document);
  const mock = await startMock({ spec: bundle.file, workers: 1, strictExamples });
  onTestFinished(async () => {
    await mock.close();
    await bundle.dispose();
  });
  return { url: mock.url, exposed: async () => (await fetch(`${mock.url}/api/v1/ping`, { headers: { origin: 'http://page.test' } })).headers.get('access-control-expose-headers') };
}

function msw(strictExamples: boolean) {
  const server = setupServer(...createMockHandlers(document, { baseUrl: 'http://ping.test', strictExamples }).handlers);
  server.listen({ onUnhandledRequest: 'error' });
  onTestFinished(() => server.close());
  return 'http://ping.test';
}

describe('a response example that breaks its schema', { timeout: 60_000 }, () => {
  it('the engine serves a schema-valid sample, with the finding in a header a page can read', async () => {
    const mock = await engine(false);
    expect(await ask(mock.url)).toEqual({ status: 200, finding: FINDING, mediaType: 'application/json', body: { pong: true } });
    expect((await mock.exposed())?.split(', ')).toContain('authkit-spec-finding');
  });

  it('the MSW handlers serve the same', async () => {
    expect(await ask(msw(false))).toEqual({ status: 200, finding: FINDING, mediaType: 'application/json', body: { pong: true } });
  });

  it('--strict-examples: the engine answers as Prism does, a 500 naming the violation', async () => {
    const mock = await engine(true);
    const answer = await ask(mock.url);
    expect([answer.status, answer.finding, answer.body.title, answer.body.validation.map((item: { message: string }) => item.message)]).toEqual([500, null, 'Request/Response not valid', ['Response body property pong must be boolean']]);
  });

  it('--strict-examples: the MSW handlers answer a 500 too, naming the example', async () => {
    const answer = await ask(msw(true));
    expect([answer.status, answer.finding, answer.body.detail]).toEqual([500, null, "The spec's own example breaks its schema: #/paths/~1api~1v1~1ping/get/responses/200/content/application~1json/example /pong must be boolean"]);
  });
});

describe('spec findings fail a contract run only when asked to', () => {
  it('a clean run with a finding passes; with strict it fails; a failed pair fails it either way', async () => {
    const run = await runContractJob({ target: target({ spec: fixture('specs', 'ping-3.0.json') }) });
    expect([runFailed(run), runFailed(run, { strict: true })]).toEqual([false, false]);
    const withFinding = { ...run, findings: [{ pointer: '#/x/example', reason: 'must be boolean' }] };
    expect([runFailed(withFinding), runFailed(withFinding, { strict: true })]).toEqual([false, true]);
    const withFailure = { ...run, pairs: [{ ...run.pairs[0]!, result: 'fail' as const }, ...run.pairs.slice(1)] };
    expect([runFailed(withFailure), runFailed(withFailure, { strict: true })]).toEqual([true, true]);
  });
});

describe('what is not a broken example', () => {
  const spec = {
    openapi: '3.1.0',
    info: { title: 'Examples', version: '1.0.0' },
    paths: {
      '/external': { get: { operationId: 'external', responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } }, examples: { elsewhere: { externalValue: 'https://example.test/item.json' } } } } } } } },
      '/report': { get: { operationId: 'report', responses: { '200': { description: 'ok', content: { 'text/csv': { schema: { type: 'object', properties: { id: { type: 'string' } } }, example: 'id\nabc\n' } } } } } },
    },
  } as unknown as OpenApiDocument;
  const ask = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`http://examples.test${path}`, { headers });
    return [response.status, response.headers.get('authkit-spec-finding'), await response.text()];
  };

  it('an example with only externalValue, a CSV example as text, and an inherited name asked for by Prefer', async () => {
    const server = setupServer(...createMockHandlers(spec, { baseUrl: 'http://examples.test' }).handlers);
    server.listen({ onUnhandledRequest: 'error' });
    onTestFinished(() => server.close());
    expect(await ask('/external')).toEqual([200, null, '{"id":"string"}']);
    expect(await ask('/report')).toEqual([200, null, 'id\nabc\n']);
    expect((await ask('/external', { prefer: 'example=__proto__' }))[0]).toBe(404);
  });
});
