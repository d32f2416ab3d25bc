import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { operations as AuthApiOperations } from '../../generated/api-types.js';
import type { MockStateSnapshot } from '../mock-state/control.js';
import type { PlanReading } from '../mock-state/read-plan.js';
import type { DocumentedStatusOf } from '../mock-state/operation-types.js';
import type { StateLimits } from '../mock-state/state-store.js';
import type { OpenApiDocument } from '../openapi/document.js';
import { createControlClient } from './control-client.js';
import { startFrontServer, type FrontServer } from './front-server.js';
import type { MockEvent } from './mock-events.js';
import { startPrismOnFreePort, type PrismCommand, type PrismProcess } from './prism-process.js';
import { startEngine } from './engine/start-engine.js';

export interface StartMockOptions {
  /** The spec to serve: YAML or JSON, one file or many (a bundled `openapi.json` starts fastest). */
  spec: string;
  /**
   * The same spec as a bundled document, when the caller has it in memory: the mock's
   * front uses it to answer invalid JSON with the spec's own 400. Read from `spec`
   * when that is a JSON file.
   */
  document?: OpenApiDocument;
  /** Default: a free port. */
  port?: number;
  /** Default: 127.0.0.1. */
  host?: string;
  /**
   * Turn responses that break their own schema into 500s (Prism --errors). Default true
   * for a mock. A proxy always forwards, and reports violations in `sl-violations`.
   */
  errors?: boolean;
  /**
   * Answer a documented example that breaks its own schema as Prism does (a 500 with
   * `errors`). Default false: a schema-valid sample goes out in its place, with an
   * `authkit-spec-finding` header naming the example and the reason.
   */
  strictExamples?: boolean;
  /** Request bodies above this get 413 at once. Default 10 MiB, as Prism's own limit. */
  maxBodyBytes?: number;
  /** How long Prism may take to load the spec. Default 60 s: large specs take seconds. */
  readyTimeoutMs?: number;
  /** Run `prism proxy` in front of this upstream instead of mocking. */
  proxyTo?: string;
  /** Readiness, reloads (the spec file changed), each request, and the engine's lines, as events. */
  onEvent?: (event: MockEvent) => void;
  /** Folders to remove should this process die without closing the mock (SIGKILL): the mock's process removes them. */
  removeWhenOrphaned?: string[];
  /**
   * Processes serving the mock, one port (node:cluster). Default: the machine's available
   * parallelism. A worker that dies is replaced; the others keep serving.
   */
  workers?: number;
  /**
   * `engine` (default): Prism's own engine, run in the mock's processes behind an O(1)
   * router, with answers that cannot change cached. `prism-cli`: the Prism CLI as it
   * ships, behind this process's front (what `proxyTo` always uses).
   */
  engine?: 'engine' | 'prism-cli';
  /**
   * `prism-cli` and `proxyTo` only: the Prism CLI prints its fatal errors alone, not its
   * lines about each request (formatting and reading them costs CPU on both sides). The
   * front still reports each request; no `reloading`, `reloaded` or `log` events come.
   */
  quietPrism?: boolean;
  /**
   * Also serve the API reference at `/docs` (reloading itself when the spec changes) and
   * the served document at `/openapi.json`, for paths the spec does not use itself. The
   * engine only: not with `proxyTo` or `prism-cli`.
   */
  docs?: boolean;
  /**
   * Prism's rules alone, remembering nothing: the mock as it was before sessions
   * (`--stateless`). The control (`respondWith`, `reset`, `state`) still works.
   */
  stateless?: boolean;
  /** Minted ids and tokens repeat from run to run (`--seed`). Default: random. */
  seed?: number;
  /** Every path that fits the convention is a collection (the API's `x-authkit: { collections: true }`). */
  collections?: boolean;
  /** How much is remembered before the oldest is forgotten. Default 10,000 sessions, 10,000 accounts, 10,000 entities per collection. */
  limits?: Partial<StateLimits>;
}

export interface RespondWithOptions {
  /** How many of the next calls get the answer. Default 1. */
  times?: number;
  /** A named example of that response, instead of its first. */
  example?: string;
  /** Documented headers of that response with values of your own: `{ 'Retry-After': '1' }`. */
  headers?: Record<string, string | number>;
}

export interface MockServer<Operations extends {} = AuthApiOperations> {
  url: string;
  host: string;
  port: number;
  /** Prism's process id, to tell from another process whether it still runs. */
  pid: number | undefined;
  /** Prism's last log lines: what to show when something went wrong. */
  logs(): string[];
  running(): boolean;
  close(): Promise<void>;
  /**
   * The next call(s) of the operation answer this documented status, with its example
   * and headers (`Retry-After`), before any check: `POST /__authkit/respond-with`. Typed
   * against the statuses the operation documents.
   */
  respondWith<Id extends keyof Operations & string>(operationId: Id, status: DocumentedStatusOf<Operations[Id]>, options?: RespondWithOptions): Promise<void>;
  /** Forget every session, account, entity and forced answer made since the start: `POST /__authkit/reset`. */
  reset(): Promise<void>;
  /** What the mock remembers, tokens redacted: `GET /__authkit/state`. */
  state(): Promise<MockStateSnapshot>;
  /** Move the mock's clock on, so that tokens expire: `POST /__authkit/advance-time`. */
  advanceTime(seconds: number): Promise<void>;
}

/**
 * Starts the mock and resolves once it answers on the requested port (a port in use is a
 * PortInUseError naming it). Rejects with the engine's own output when the spec cannot
 * be served. The mock's processes end on close(), on this process's exit, and when this
 * process dies. The mock watches the file it serves: an edit reloads it, announced by
 * `reloading` and `reloaded` events.
 */
export function startMock<Operations extends {} = AuthApiOperations>(options: StartMockOptions): Promise<MockServer<Operations>> {
  return startMockWithHandoff<Operations>(options, {});
}

/** What a caller that is still writing the spec, and holds it in memory, hands the mock's start (not in the package's API). */
export interface MockHandoff {
  /**
   * Resolves once `spec` is written: the engine's processes start meanwhile (its workers
   * load Prism, about a second) and read the spec only then. If it rejects, the mock is
   * stopped and the start rejects with that reason.
   */
  specWritten?: Promise<void>;
  /** The state plan read from the document written to `spec`, with the same state options: the engine's primary takes it in place of reading its own. */
  statePlan?: Promise<PlanReading | undefined>;
}

/** startMock, with a handoff from a caller that holds the spec (the contract run). */
export async function startMockWithHandoff<Operations extends {} = AuthApiOperations>(options: StartMockOptions, handoff: MockHandoff): Promise<MockServer<Operations>> {
  if (options.proxyTo || options.engine === 'prism-cli') {
    if (options.docs) throw new Error('startMock: `docs` needs the engine; it is not served with `proxyTo` or `engine: \'prism-cli\'`');
    // Prism reads the file as it starts: it starts once the file is there.
    await handoff.specWritten;
    return startPrismCliMock(options) as Promise<MockServer<Operations>>;
  }
  const host = options.host ?? '127.0.0.1';
  const engine = await startEngine({
    spec: resolve(options.spec),
    host,
    port: options.port ?? 0,
    workers: options.workers,
    errors: options.errors ?? true,
    strictExamples: options.strictExamples === true,
    maxBodyBytes: options.maxBodyBytes,
    events: options.onEvent !== undefined,
    removeWhenOrphaned: options.removeWhenOrphaned,
    readyTimeoutMs: options.readyTimeoutMs,
    docs: options.docs,
    onEvent: options.onEvent,
    state: { stateless: options.stateless, seed: options.seed, collections: options.collections, limits: options.limits },
    specWritten: handoff.specWritten,
    statePlan: handoff.statePlan,
  });
  options.onEvent?.({ type: 'ready', url: engine.url });
  return { url: engine.url, host, port: engine.port, pid: engine.child.pid, logs: engine.logs, running: engine.running, close: engine.close, ...createControlClient<Operations>(engine.url) };
}

/** The Prism CLI as it ships (mock or proxy), behind this process's front on the requested port. */
async function startPrismCliMock(options: StartMockOptions): Promise<MockServer> {
  const host = options.host ?? '127.0.0.1';
  const spec = resolve(options.spec);
  // The CLI's port: the front reads it at each request, so a CLI started again on another is found.
  const engine = { host: '127.0.0.1', port: 0 };
  const front: FrontServer = await startFrontServer({
    host,
    port: options.port ?? 0,
    upstream: engine,
    document: options.document ?? readJsonDocument(spec),
    maxBodyBytes: options.maxBodyBytes,
    onRequest: (record) => options.onEvent?.({ type: 'request', ...record }),
  });
  const command: PrismCommand = options.proxyTo ? { kind: 'proxy', upstream: options.proxyTo } : { kind: 'mock' };
  let prism: PrismProcess;
  try {
    prism = await startPrismOnFreePort(
      {
        document: spec,
        host: engine.host,
        command,
        errors: options.proxyTo ? false : (options.errors ?? true),
        readyTimeoutMs: options.readyTimeoutMs,
        removeWhenOrphaned: options.removeWhenOrphaned,
        quiet: options.quietPrism,
        onEvent: (event) => {
          if (event.type === 'reloaded') front.setDocument(readJsonDocument(spec));
          if (event.type !== 'ready') options.onEvent?.(event);
        },
      },
      (port) => (engine.port = port),
    );
  } catch (error) {
    await front.close();
    throw error;
  }
  options.onEvent?.({ type: 'ready', url: front.url });
  const port = Number(new URL(front.url).port);
  const noControl = () => Promise.reject(new Error('startMock: the control (respondWith, reset, state) needs the engine; it is not served with `proxyTo` or `engine: \'prism-cli\'`'));
  return {
    url: front.url,
    host,
    port,
    pid: prism.child.pid,
    logs: prism.logs,
    running: prism.running,
    close: async () => {
      await front.close();
      await prism.close();
    },
    respondWith: noControl,
    reset: noControl,
    state: noControl,
    advanceTime: noControl,
  };
}

/** The served file as a document, when it is JSON (a bundle); the front then knows the operations. */
function readJsonDocument(spec: string): OpenApiDocument | undefined {
  if (!spec.endsWith('.json')) return undefined;
  try {
    return JSON.parse(readFileSync(spec, 'utf8')) as OpenApiDocument;
  } catch {
    return undefined;
  }
}
