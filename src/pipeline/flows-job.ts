import { dirname, relative, resolve } from 'node:path';
import type { RespondWith } from '../flows/arazzo-types.js';
import type { FlowsRun, StepResult } from '../flows/flow-results.js';
import { readArazzo, type ArazzoFile } from '../flows/read-arazzo.js';
import { runFlows, type FlowTarget } from '../flows/run-flows.js';
import { startMock } from '../mock/start-mock.js';
import { writeTempBundle } from '../mock/temp-bundle.js';
import type { OpenApiDocument } from '../openapi/document.js';
import { locatePointer } from '../openapi/locate-pointer.js';
import { SpecError } from '../openapi/spec-problem.js';
import { flowFilesOf } from './flow-files.js';
import { loadSpec, type LoadedSpec } from './load-spec.js';
import { checkMockState, mockStateOptions, type MockStateChoice } from './mock-state-check.js';
import type { ApiTarget } from './project.js';
import { UsageError } from './usage-error.js';

export interface FlowsJobOptions {
  target: ApiTarget;
  /** What answers: a fresh mock (default), the spec's MSW handlers in this process, or a live server. */
  answeredBy?: 'mock' | 'msw';
  baseUrl?: string;
  /** Only these workflows (and what they depend on). */
  workflowIds?: string[];
  /** `--input k=v`, for every workflow that declares the input. */
  inputs?: Record<string, string>;
  strict?: boolean;
  state?: MockStateChoice;
  /** How a retry waits; tests pass one that records. */
  sleep?: (ms: number) => Promise<void>;
  onStep?: (result: StepResult) => void;
  onTolerated?: (loaded: LoadedSpec) => void;
}

/**
 * The flows job: the spec loaded once, its Arazzo files read (each must name this API's
 * spec as its OpenAPI source), then one target for all of them: a fresh mock that
 * remembers sessions, the MSW handlers, or a live server.
 */
export async function runFlowsJob(options: FlowsJobOptions): Promise<FlowsRun[]> {
  const files = flowFilesOf(options.target);
  if (files.length === 0) {
    throw new UsageError(`no Arazzo files for ${options.target.name ?? options.target.root}: put *.arazzo.yaml beside the spec (${relative(process.cwd(), dirname(options.target.root)) || '.'}/), or name them in the API's entry (x-authkit.flows).`);
  }
  const arazzo = files.map(readArazzo);
  for (const file of arazzo) checkSource(file, options.target);
  const wanted = options.workflowIds;
  if (wanted) {
    const known = arazzo.flatMap((file) => file.document.workflows.map((workflow) => workflow.workflowId));
    const missing = wanted.filter((id) => !known.includes(id));
    if (missing.length > 0) throw new UsageError(`--workflow ${missing.join(', ')}: no such workflow; there are ${known.join(', ')}.`);
  }
  const loaded = await loadSpec(options.target, { stopOn: options.strict ? 'any-error' : 'structural' });
  if (loaded.tolerated.length > 0) options.onTolerated?.(loaded);
  const run = (target: FlowTarget) => runEach(arazzo, loaded.document, target, options);
  if (options.baseUrl) return run({ kind: 'live', baseUrl: options.baseUrl });
  checkMockState(options.target, loaded.document, options.state ?? {});
  if (options.answeredBy === 'msw') return runAgainstMsw(loaded.document, options, run);
  const bundle = await writeTempBundle(loaded.document);
  try {
    const mock = await startMock({ spec: bundle.file, document: loaded.document, removeWhenOrphaned: [bundle.dir], ...mockStateOptions(options.target, options.state ?? {}) });
    try {
      return await run({ kind: 'mock', baseUrl: mock.url, respondWith: (forced) => mock.respondWith(forced.operationId as never, forced.status as never, { times: forced.times, example: forced.example, headers: forced.headers }) });
    } finally {
      await mock.close();
    }
  } finally {
    await bundle.dispose();
  }
}

async function runEach(files: ArazzoFile[], document: OpenApiDocument, target: FlowTarget, options: FlowsJobOptions): Promise<FlowsRun[]> {
  const runs: FlowsRun[] = [];
  for (const arazzo of files) {
    const ids = options.workflowIds?.filter((id) => arazzo.document.workflows.some((workflow) => workflow.workflowId === id));
    if (ids && ids.length === 0) continue;
    runs.push(await runFlows({ document, arazzo, target, workflowIds: ids, inputs: options.inputs, sleep: options.sleep, onStep: options.onStep }));
  }
  return runs;
}

/**
 * The origin the MSW handlers answer on: never resolved, since MSW answers first (and
 * fails the run on any request it has no handler for). A `.localhost` name, so the jar
 * sends Secure cookies over http, as a browser does on localhost.
 */
const MSW_ORIGIN = 'http://msw.authkit.localhost';

async function runAgainstMsw(document: OpenApiDocument, options: FlowsJobOptions, run: (target: FlowTarget) => Promise<FlowsRun[]>): Promise<FlowsRun[]> {
  let msw: typeof import('msw/node');
  try {
    msw = await import('msw/node');
  } catch {
    throw new UsageError('--target msw needs msw 2 in this project: npm install --save-dev msw@2');
  }
  const { createMockHandlers } = await import('../msw/handlers.js');
  const mocks = createMockHandlers(document, { baseUrl: MSW_ORIGIN, ...mockStateOptions(options.target, options.state ?? {}) });
  const server = msw.setupServer(...mocks.handlers);
  server.listen({ onUnhandledRequest: 'error' });
  try {
    const respondWith = async (forced: RespondWith) => void server.use(mocks.respondWith(forced.operationId as never, forced.status as never, { times: forced.times ?? 1, example: forced.example, headers: forced.headers }));
    return await run({ kind: 'msw', baseUrl: MSW_ORIGIN, respondWith });
  } finally {
    server.close();
  }
}

/** An Arazzo file runs against this API: its OpenAPI source must be this API's spec. */
function checkSource(arazzo: ArazzoFile, target: ApiTarget): void {
  const sources = arazzo.document.sourceDescriptions.map((source, index) => ({ source, index })).filter(({ source }) => (source.type ?? 'openapi') === 'openapi');
  const mismatched = sources.filter(({ source }) => !/^https?:/.test(source.url) && resolve(dirname(arazzo.file), source.url) !== resolve(target.root));
  if (sources.length === 1 && mismatched.length === 0) return;
  const pointer = `#/sourceDescriptions/${mismatched[0]?.index ?? 0}/url`;
  const at = locatePointer(arazzo.file, pointer);
  const message = sources.length !== 1 ? `an Arazzo file for authkit names one OpenAPI source (this API's spec); it names ${sources.length}` : `the OpenAPI source ${mismatched[0]!.source.url} is not this API's spec (${relative(dirname(arazzo.file), target.root)})`;
  throw new SpecError([{ ...at, rule: 'arazzo-structure', message: `${message} (${pointer})`, severity: 'error' }]);
}
