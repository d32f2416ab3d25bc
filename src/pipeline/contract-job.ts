import { readFile, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { mergeSlices, readSlice, type ContractSlice } from '../contract/merge-reports.js';
import { prepareContract, runContract, type ContractRun, type LiveSession, type PreparedContract, type RunProgress } from '../contract/run-contract.js';
import type { Shard } from '../contract/shard.js';
import { startMock, startMockWithHandoff, type MockServer } from '../mock/start-mock.js';
import { reserveTempBundle, writeTempBundle } from '../mock/temp-bundle.js';
import { readStatePlan, type PlanReading } from '../mock-state/read-plan.js';
import type { OperationSpec } from '../openapi/operations.js';
import { loadSpec, type LoadedSpec } from './load-spec.js';
import { checkMockState, mockStateOptions, type MockStateChoice } from './mock-state-check.js';
import type { ApiTarget } from './project.js';
import { UsageError } from './usage-error.js';

export interface ContractJobOptions {
  target: ApiTarget;
  /** A live server to test instead of a mock. */
  baseUrl?: string;
  /** Put `prism proxy` in front of this server and test through it. */
  proxy?: string;
  /**
   * What answers the documented statuses: `mock` (default), the mock server on a port;
   * `msw`, the spec's MSW handlers in this process, with no port (msw 2 must be installed).
   */
  answeredBy?: 'mock' | 'msw';
  port?: number;
  /** Mock processes sharing the port; default one per core but one (contractMockWorkers). */
  workers?: number;
  concurrency?: number;
  /** Any lint error stops the run, not only an unusable spec (and, for the CLI, spec findings fail it). */
  strict?: boolean;
  /** Run one slice of the operations (`--shard 2/3`); `mergeContractReports` joins the slices. */
  shard?: Shard;
  /** Told about lint errors the run goes on despite. */
  onTolerated?: (loaded: LoadedSpec) => void;
  /** Told as each request of the matrix completes. */
  onProgress?: (progress: RunProgress) => void;
  /** `--stateless`, `--seed`: what the mock (or the MSW handlers) remember. Forced statuses win either way. */
  state?: MockStateChoice;
  /** With `baseUrl`: run this workflow of the API's Arazzo files first, and make the run in the session it opens. */
  sessionFlow?: string;
}

/**
 * The mock's workers for a contract run: one per core but one, which the checks keep.
 * Sharing every core with the matrix costs it more than the second worker brings (on
 * two cores, 1,001 operations: 16.7 s with one worker, 20.5 s with two).
 */
export function contractMockWorkers(): number {
  return Math.max(1, availableParallelism() - 1);
}

/**
 * The contract run: load the spec once (stopping only on a spec that is unusable),
 * then a mock, a proxy or a live server, then the matrix.
 */
export async function runContractJob(options: ContractJobOptions): Promise<ContractRun> {
  if (!options.baseUrl && options.answeredBy !== 'msw' && !options.proxy) return runAgainstEngine(options);
  const loaded = await loadSpec(options.target, { stopOn: options.strict ? 'any-error' : 'structural' });
  if (loaded.tolerated.length > 0) options.onTolerated?.(loaded);
  if (options.baseUrl) {
    const session = options.sessionFlow ? await openSession(loaded, options.baseUrl, options.sessionFlow) : undefined;
    return runContract({ document: loaded.document, baseUrl: options.baseUrl, mode: 'live', concurrency: options.concurrency, shard: options.shard, onProgress: options.onProgress, session });
  }
  if (options.answeredBy === 'msw') {
    checkMockState(options.target, loaded.document, options.state ?? {});
    return runAgainstMsw(loaded, options);
  }
  // A Prism proxy: Prism reads files only, so it gets the bundle this run already holds in memory.
  const bundle = await writeTempBundle(loaded.document);
  try {
    const starting = startMock({ spec: bundle.file, document: loaded.document, port: options.port, workers: options.workers ?? contractMockWorkers(), proxyTo: options.proxy, removeWhenOrphaned: [bundle.dir] });
    // Prism's process reads the spec meanwhile: the matrix is built in this one.
    let prepared: PreparedContract;
    try {
      prepared = prepareContract(loaded.document);
    } catch (error) {
      await starting.then((mock) => mock.close(), () => undefined);
      throw error;
    }
    return await runOnMock(await starting, prepared, 'live', options);
  } finally {
    await bundle.dispose();
  }
}

/**
 * Against the engine, everything that does not need the other side's result runs side by
 * side, on a large spec several seconds of CPU in each process (1,001 operations, two cores):
 * - the engine's processes start first, on the path the bundle will have: its workers
 *   load Prism (about a second) while this process lints and bundles (about as long);
 * - once the bundle is written, the engine reads Prism's operations (from its cache) while
 *   this process reads the state plan, which it hands the engine's primary rather than
 *   have it parse the bundle and read the plan again, and builds the matrix.
 * What the run reports and when it stops is as it was: a spec that cannot be used (or a
 * state mark the mock cannot use) stops it, the mock closed, before any request.
 */
async function runAgainstEngine(options: ContractJobOptions): Promise<ContractRun> {
  const bundle = await reserveTempBundle();
  try {
    const stateOptions = mockStateOptions(options.target, options.state ?? {});
    const written = deferred<void>();
    const plan = deferred<PlanReading | undefined>();
    const starting = startMockWithHandoff(
      { spec: bundle.file, port: options.port, workers: options.workers ?? contractMockWorkers(), removeWhenOrphaned: [bundle.dir], ...stateOptions },
      { specWritten: written.promise, statePlan: plan.promise },
    );
    starting.catch(() => undefined); // its outcome is read below, once this side is done
    let prepared: PreparedContract;
    try {
      const loaded = await loadSpec(options.target, { stopOn: options.strict ? 'any-error' : 'structural' });
      if (loaded.tolerated.length > 0) options.onTolerated?.(loaded);
      await bundle.write(loaded.document);
      written.resolve();
      // The plan the engine would read from the bundle: the same document, the same options.
      const reading = readStatePlan(loaded.document, { collections: stateOptions.collections, stateless: stateOptions.stateless });
      plan.resolve(reading.ok ? reading : undefined);
      // Marks the mock cannot use are this run's usage error, at their file and line.
      if (!reading.ok) checkMockState(options.target, loaded.document, options.state ?? {});
      prepared = prepareContract(loaded.document);
    } catch (error) {
      written.reject(error);
      plan.resolve(undefined);
      await starting.then((mock) => mock.close(), () => undefined);
      throw error;
    }
    return await runOnMock(await starting, prepared, 'mock', options);
  } finally {
    await bundle.dispose();
  }
}

async function runOnMock(mock: MockServer, prepared: PreparedContract, mode: 'mock' | 'live', options: ContractJobOptions): Promise<ContractRun> {
  try {
    return await runContract({
      prepared,
      document: prepared.document,
      baseUrl: mock.url,
      mode,
      concurrency: options.concurrency,
      shard: options.shard,
      onProgress: options.onProgress,
      diagnostics: () => ({ running: mock.running(), lines: mock.logs() }),
    });
  } finally {
    await mock.close();
  }
}

function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(reason: unknown): void } {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  promise.catch(() => undefined); // a rejection is for whoever awaits it, never unhandled
  return { promise, resolve, reject };
}

/** The origin the client calls in an MSW run: never resolved, since MSW answers first (and fails the run on any request it has no handler for). */
const MSW_ORIGIN = 'http://msw.authkit.invalid';

async function runAgainstMsw(loaded: LoadedSpec, options: ContractJobOptions): Promise<ContractRun> {
  const [{ setupServer }, { createMockHandlers }] = await Promise.all([importMswNode(), import('../msw/handlers.js')]);
  const server = setupServer(...createMockHandlers(loaded.document, { baseUrl: MSW_ORIGIN, ...mockStateOptions(options.target, options.state ?? {}) }).handlers);
  server.listen({ onUnhandledRequest: 'error' });
  try {
    return await runContract({ document: loaded.document, baseUrl: MSW_ORIGIN, mode: 'mock', target: 'msw', concurrency: options.concurrency, shard: options.shard, onProgress: options.onProgress });
  } finally {
    server.close();
  }
}

async function importMswNode(): Promise<typeof import('msw/node')> {
  try {
    return await import('msw/node');
  } catch {
    throw new UsageError('--target msw needs msw 2 in this project: npm install --save-dev msw@2');
  }
}

/**
 * The slices of a sharded run (each a contract.json, or the folder holding one, named
 * relative to `cwd`) as one run. Anything that keeps them from being one whole run (a
 * missing or repeated shard, another spec) is a usage error naming the files.
 */
export async function mergeContractReports(files: string[], cwd: string): Promise<ContractRun> {
  const slices: ContractSlice[] = [];
  const problems: string[] = [];
  for (const given of files) {
    const read = await readReport(given, cwd);
    const slice = typeof read === 'string' ? read : readSlice(read.file, read.json);
    if (typeof slice === 'string') problems.push(slice);
    else slices.push(slice);
  }
  const merged = problems.length > 0 ? { ok: false as const, problems } : mergeSlices(slices);
  if (!merged.ok) throw new UsageError(`cannot merge the contract reports:\n${merged.problems.map((problem) => `  ${problem}`).join('\n')}`);
  return merged.run;
}

async function readReport(given: string, cwd: string): Promise<{ file: string; json: unknown } | string> {
  const path = resolve(cwd, given);
  const isFolder = await stat(path).then((info) => info.isDirectory(), () => false);
  const file = isFolder ? join(given, 'contract.json') : given;
  let text: string;
  try {
    text = await readFile(isFolder ? join(path, 'contract.json') : path, 'utf8');
  } catch (error) {
    return `cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`;
  }
  try {
    return { file, json: JSON.parse(text) };
  } catch (error) {
    return `${file} is not JSON: ${(error as Error).message}`;
  }
}

/** A session workflow that did not open a session: the run cannot be made in it. */
export class SessionFlowError extends Error {
  override readonly name = 'SessionFlowError';
}

/**
 * The session a live run is made in: the workflow runs first against the server, in a
 * cookie jar the run then sends every documented request through (in place of the
 * sampled credentials); what rotates or ends a session (by the spec's
 * `x-authkit-session` marks) goes last, so the sign-out closes the session at the end.
 */
async function openSession(loaded: LoadedSpec, baseUrl: string, workflowId: string): Promise<LiveSession> {
  // Loaded for --session-flow alone: every other run starts without the workflow runner.
  const [{ createJarFetch }, { readArazzo }, { runFlows }, { operationKey }, { readStatePlan }, { flowFilesOf }] = await Promise.all([
    import('../flows/cookie-jar.js'),
    import('../flows/read-arazzo.js'),
    import('../flows/run-flows.js'),
    import('../mock-state/plan-types.js'),
    import('../mock-state/read-plan.js'),
    import('./flow-files.js'),
  ]);
  const files = flowFilesOf(loaded.target).map(readArazzo);
  const arazzo = files.find((file) => file.document.workflows.some((workflow) => workflow.workflowId === workflowId));
  if (!arazzo) throw new UsageError(`--session-flow ${workflowId}: no such workflow in ${files.map((file) => relative(process.cwd(), file.file)).join(', ') || 'the API\'s Arazzo files (none found)'}.`);
  const jar = createJarFetch();
  const run = await runFlows({ document: loaded.document, arazzo, target: { kind: 'live', baseUrl }, workflowIds: [workflowId], jar });
  const workflow = run.workflows.find((candidate) => candidate.workflowId === workflowId)!;
  if (workflow.result !== 'pass') throw new SessionFlowError(`--session-flow ${workflowId} did not open a session against ${baseUrl}: ${workflow.reason ?? workflow.steps.find((step) => step.result === 'fail')?.reason ?? workflow.result}`);
  const schemes = Object.values(((loaded.document.components as { securitySchemes?: object } | undefined)?.securitySchemes ?? {}) as Record<string, { type?: string; in?: string; name?: string }>);
  const cookieNames = new Set(schemes.filter((scheme) => scheme.type === 'apiKey' && scheme.in === 'cookie' && scheme.name).map((scheme) => scheme.name!));
  const reading = readStatePlan(loaded.document);
  const roles = new Map(reading.ok ? Object.values(reading.plan.operations).map((operation) => [operation.key, operation.role]) : []);
  const rank = (operation: OperationSpec) => {
    const role = roles.get(operationKey(operation.method, operation.path));
    return role === 'destroy' ? 3 : role === 'rotate' ? 2 : role === 'revoke' ? 1 : 0;
  };
  return { fetch: jar.fetch, cookieNames, rank };
}
