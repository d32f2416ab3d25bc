// The mock engine's own process, started by startMock(): a node:cluster primary that
// forks one worker per core; the workers share one port and each serves the spec with
// Prism's engine in-process. The primary watches the spec and reloads the workers,
// replaces a worker that dies, and ends (with its workers) when its parent is gone.
import cluster, { type Worker } from 'node:cluster';
import { rmSync, unwatchFile, watchFile } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import type { EngineToParent, EngineSettings, ParentToEngine, PrimaryToWorker, StateCall, StateChange, StateReply, WorkerToPrimary } from './engine-messages.js';
import type { PlanReading } from '../../mock-state/read-plan.js';
import type { PrismEngine } from './prism-engine.js';

const settings = JSON.parse(process.env.AUTHKIT_ENGINE ?? '{}') as EngineSettings;

// Each worker accepts from the shared socket itself. With the default round-robin, the
// primary accepts and hands each connection to a worker, and one handed to a worker that
// has just died (before the primary hears of it) hangs, unanswered.
cluster.schedulingPolicy = cluster.SCHED_NONE;

if (cluster.isPrimary) void runPrimary();
else void runWorker();

async function runPrimary(): Promise<void> {
  const tell = (message: EngineToParent) => process.send?.(message);
  const workerCount = Math.max(1, settings.workers ?? availableParallelism());
  let port = settings.port;
  let shuttingDown = false;
  let ready = false;
  let readying = false;

  const shutdown = (code = 0) => {
    if (shuttingDown) return;
    shuttingDown = true;
    unwatchFile(settings.spec);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    setTimeout(() => process.exit(code), 1_500).unref();
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(code);
    cluster.on('exit', () => {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(code);
    });
  };
  // The parent is gone (killed too hard to close the mock): remove what it could not, and end.
  const orphaned = () => {
    for (const dir of settings.removeWhenOrphaned ?? []) {
      try {
        rmSync(dir, { recursive: true, force: true });
      } catch {
        // nothing more can be done from here
      }
    }
    shutdown(0);
  };
  process.on('disconnect', orphaned);
  setInterval(() => {
    if (process.ppid !== settings.parentPid) orphaned();
  }, 500).unref();
  // With awaitSpec, the spec is read (plan, watch, the workers' operations) only once the parent has written it.
  let specWritten = settings.awaitSpec !== true;
  let onSpecWritten!: () => void;
  const specOnDisk = specWritten ? Promise.resolve() : new Promise<void>((resolve) => (onSpecWritten = resolve));
  // Workers that asked (awaiting-spec) before it was written: a message sent to a worker
  // before it listens would be lost, so each asks once it does.
  const awaitingSpec = new Set<Worker>();
  let onPlan!: (reading: PlanReading | undefined) => void;
  const planFromParent = settings.planFromParent ? new Promise<PlanReading | undefined>((resolve) => (onPlan = resolve)) : undefined;
  process.on('message', (message: ParentToEngine) => {
    if (message?.type === 'shutdown') shutdown(0);
    else if (message?.type === 'state-plan') onPlan?.(message.reading);
    else if (message?.type === 'spec-written' && !specWritten) {
      specWritten = true;
      onSpecWritten();
      for (const worker of awaitingSpec) if (worker.isConnected()) worker.send({ type: 'spec-written' } satisfies PrimaryToWorker);
      awaitingSpec.clear();
    }
  });
  process.on('SIGTERM', () => shutdown(0));

  // The mock's one state lives here, beside the workers' shared port: any worker may
  // take the next request of a session.
  // Loaded by the primary alone, while the first worker starts.
  const hostReady = Promise.all([import('./state-host.js'), specOnDisk]).then(([{ createStateHost }]) => createStateHost(settings.spec, settings.state, planFromParent));
  // A plan that cannot be used ends the start once Prism has read the spec: a spec
  // neither can read gets Prism's own words (file and line) instead.
  const planProblem = hostReady.then((host) => host.load());
  let nextAck = 0;
  const waitingAcks = new Map<number, { pending: Set<number>; done: () => void }>();
  // Replies to one worker go out together, as its questions came.
  const pendingReplies = new Map<Worker, Array<{ id: number; reply: StateReply }>>();
  const flushReplies = (worker: Worker) => {
    const replies = pendingReplies.get(worker);
    pendingReplies.delete(worker);
    if (replies && worker.isConnected()) worker.send({ type: 'state-replies', replies } satisfies PrimaryToWorker);
  };
  const reply = (worker: Worker, id: number, answer: StateReply) => {
    let replies = pendingReplies.get(worker);
    if (!replies) {
      replies = [];
      pendingReplies.set(worker, replies);
      setImmediate(() => flushReplies(worker));
    }
    replies.push({ id, reply: answer });
  };
  // Every worker hears of a change (a forced answer queued, tokens that stopped working,
  // the clock moved) before the request that made it is answered: the test's next
  // request may reach any worker. Replies already made go first, so a worker never
  // keeps a copy granted before the change it hears of next.
  const tellChange = (change: StateChange) =>
    new Promise<void>((resolve) => {
      for (const worker of [...pendingReplies.keys()]) flushReplies(worker);
      const workers = Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => worker !== undefined && worker.isConnected());
      const ack = (nextAck += 1);
      const timer = setTimeout(() => finish(), 2_000);
      const finish = () => {
        clearTimeout(timer);
        waitingAcks.delete(ack);
        resolve();
      };
      waitingAcks.set(ack, { pending: new Set(workers.map((worker) => worker.id)), done: finish });
      for (const worker of workers) worker.send({ type: 'state-changed', change, ack } satisfies PrimaryToWorker);
      if (workers.length === 0) finish();
    });
  const answerState = async (worker: Worker, id: number, call: StateCall) => {
    try {
      const { reply: answer, change } = await (await hostReady).answer(call);
      if (change) {
        const told = tellChange(change);
        // Taking a forced answer only shortens the queue: a worker that still thinks one is
        // queued asks, and hears there is none. Anything else is waited for.
        if (call.kind !== 'forced') await told;
      }
      reply(worker, id, answer);
    } catch (error) {
      // The state failed on one request: that request gets a 500 saying why, and the mock goes on.
      const detail = `the mock's state failed: ${(error as Error).message}`;
      tell({ type: 'event', event: { type: 'log', level: 'error', line: detail } });
      const problem = { type: 'about:blank', title: 'The mock could not handle this request', status: 500, detail };
      reply(worker, id, call.kind === 'control' ? { status: 500, body: problem, overridesChanged: false } : call.kind === 'decide' ? { status: 500, problem: { title: problem.title, detail } } : undefined);
    }
  };

  const listening = new Set<number>();
  const fork = () => {
    // Every worker listens with the same arguments (port 0 included): the cluster then
    // hands them one shared socket. Another port number would be another socket, in use.
    // A worker started once the spec is written reads it at once.
    const worker = cluster.fork({ AUTHKIT_ENGINE: JSON.stringify({ ...settings, awaitSpec: !specWritten } satisfies EngineSettings) });
    worker.on('message', (message: WorkerToPrimary) => onWorkerMessage(worker, message));
    return worker;
  };
  let reloadAcks: { pending: Set<number>; failed: string[] } | undefined;
  const onWorkerMessage = (worker: Worker, message: WorkerToPrimary) => {
    if (message.type === 'listening') {
      port = message.port;
      listening.add(worker.id);
      // The first worker has parsed the spec into the cache: the others start from it.
      if (listening.size === 1 && !ready) for (let index = 1; index < workerCount; index += 1) fork();
      if (!ready && !readying && listening.size >= workerCount) {
        readying = true;
        void planProblem.then((problem) => {
          if (problem) {
            tell({ type: 'failed', message: problem });
            return shutdown(1);
          }
          ready = true;
          // The one line a healthy engine prints: what a failure report shows as its last words.
          console.log(`Prism engine: ${workerCount} worker${workerCount === 1 ? '' : 's'} serving ${settings.spec} on ${settings.host}:${port}`);
          tell({ type: 'ready', port });
        });
      }
    } else if (message.type === 'awaiting-spec') {
      if (specWritten) worker.send({ type: 'spec-written' } satisfies PrimaryToWorker);
      else awaitingSpec.add(worker);
    } else if (message.type === 'listen-error') {
      tell({ type: message.code === 'EADDRINUSE' ? 'port-in-use' : 'failed', message: message.message });
      shutdown(1);
    } else if (message.type === 'failed') {
      tell({ type: 'failed', message: message.message });
      if (!ready) shutdown(1);
    } else if (message.type === 'state-calls') {
      for (const { id, call } of message.calls) void answerState(worker, id, call);
    } else if (message.type === 'touched') {
      void hostReady.then((host) => host.touched(message.sessions));
    } else if (message.type === 'state-changed-ack') {
      const waiting = waitingAcks.get(message.ack);
      waiting?.pending.delete(worker.id);
      if (waiting?.pending.size === 0) waiting.done();
    } else if (message.type === 'request') {
      tell({ type: 'event', event: { type: 'request', ...message.record } });
    } else if (message.type === 'reloaded' || message.type === 'reload-failed') {
      if (!reloadAcks) return;
      reloadAcks.pending.delete(worker.id);
      if (message.type === 'reload-failed') reloadAcks.failed.push(message.message);
      if (reloadAcks.pending.size === 0) {
        const { failed } = reloadAcks;
        reloadAcks = undefined;
        tell({ type: 'event', event: failed.length > 0 ? { type: 'log', level: 'error', line: `reload failed: ${failed[0]}` } : { type: 'reloaded' } });
      }
    }
  };
  cluster.on('exit', (worker, code, signal) => {
    listening.delete(worker.id);
    awaitingSpec.delete(worker);
    reloadAcks?.pending.delete(worker.id);
    for (const waiting of waitingAcks.values()) {
      waiting.pending.delete(worker.id);
      if (waiting.pending.size === 0) waiting.done();
    }
    if (shuttingDown || !ready) return;
    // One worker down: the others keep serving, and a new one takes its place.
    tell({ type: 'event', event: { type: 'log', level: 'warning', line: `engine worker ${worker.process.pid} ended (${signal ?? `exit ${code}`}); starting another` } });
    fork();
  });
  fork();

  // The spec is watched by polling its stat: a file replaced by an atomic rename is still seen.
  // Not before it is written: its first writing is no edit.
  await specOnDisk;
  if (shuttingDown) return;
  let reloading: NodeJS.Timeout | undefined;
  watchFile(settings.spec, { interval: 150 }, (current, previous) => {
    if (current.mtimeMs === previous.mtimeMs && current.size === previous.size) return;
    clearTimeout(reloading);
    reloading = setTimeout(async () => {
      tell({ type: 'event', event: { type: 'reloading' } });
      const stateHost = await hostReady;
      const problem = await stateHost.load();
      if (problem) {
        tell({ type: 'event', event: { type: 'log', level: 'error', line: `reload failed: ${problem}` } });
        return;
      }
      const plan = stateHost.workerPlan();
      const workers = Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => worker !== undefined);
      reloadAcks = { pending: new Set(workers.map((worker) => worker.id)), failed: [] };
      // One worker parses the new spec into the cache; the others then read it from there.
      const [first, ...rest] = workers;
      // Its next message may be a request it served meanwhile: wait for the reload's own answer.
      const afterFirst = (message: WorkerToPrimary) => {
        if (message.type !== 'reloaded' && message.type !== 'reload-failed') return;
        first?.off('message', afterFirst);
        for (const worker of rest) worker.send({ type: 'reload', plan } satisfies PrimaryToWorker);
      };
      first?.on('message', afterFirst);
      first?.send({ type: 'reload', plan } satisfies PrimaryToWorker);
    }, 50);
  });
}

async function runWorker(): Promise<void> {
  const tell = (message: WorkerToPrimary) => process.send?.(message);
  // A worker whose primary is gone has nobody to serve for.
  process.on('disconnect', () => process.exit(0));
  // Stopped by its primary: it ends as a process does, so that the first worker after a
  // build leaves V8's code for Prism with every function its requests compiled
  // (require-with-code-cache.ts), not only the bundle's top level.
  process.on('SIGTERM', () => process.exit(0));
  // Heard from the start, kept until the state's client is loaded: a broadcast of forced
  // answers may come while the modules below still load.
  const early: PrimaryToWorker[] = [];
  let receive: (message: PrimaryToWorker) => void = (message) => void early.push(message);
  process.on('message', (message: PrimaryToWorker) => receive(message));
  // With awaitSpec, Prism loads while the parent still writes the spec; it is read once written.
  let onSpecWritten: (() => void) | undefined;
  const specOnDisk = settings.awaitSpec ? new Promise<void>((resolve) => (onSpecWritten = resolve)) : Promise.resolve();
  process.on('message', (message: PrimaryToWorker) => {
    if (message?.type === 'spec-written') onSpecWritten?.();
  });
  if (settings.awaitSpec) tell({ type: 'awaiting-spec' });
  // Prism is loaded by the workers only: the primary stays small and starts at once.
  const [{ createEngineServer }, { createPrismEngine }, { loadPrismOperations }, { createDocsRoutes }, { createStateClient }] = await Promise.all([
    import('./engine-server.js'),
    import('./prism-engine.js'),
    import('./prism-operations.js'),
    import('./docs-routes.js'),
    import('./state-client.js'),
  ]);
  const state = createStateClient(tell);
  receive = (message) => void state.receive(message);
  for (const message of early.splice(0)) receive(message);
  await specOnDisk;
  const stateReady = state.ready();
  const docs = settings.docs ? createDocsRoutes(settings.spec) : undefined;
  let engine: PrismEngine;
  try {
    engine = createPrismEngine({ operations: (await loadPrismOperations(settings.spec)).operations, errors: settings.errors, specFile: settings.spec, strictExamples: settings.strictExamples });
  } catch (error) {
    tell({ type: 'failed', message: `Prism could not read ${settings.spec}: ${(error as Error).message}` });
    return process.exit(1);
  }
  process.on('message', async (message: PrimaryToWorker) => {
    if (message?.type !== 'reload') return;
    try {
      engine = createPrismEngine({ operations: (await loadPrismOperations(settings.spec)).operations, errors: settings.errors, specFile: settings.spec, strictExamples: settings.strictExamples });
      docs?.specChanged();
      tell({ type: 'reloaded' });
    } catch (error) {
      tell({ type: 'reload-failed', message: (error as Error).message });
    }
  });
  await stateReady;
  const server = createEngineServer({
    engine: () => engine,
    state,
    maxBodyBytes: settings.maxBodyBytes,
    docs,
    onRequest: settings.events ? (record) => tell({ type: 'request', record: { ...record, worker: process.pid } }) : undefined,
  });
  server.once('error', (error: NodeJS.ErrnoException) => {
    tell({ type: 'listen-error', code: error.code, message: error.message });
    process.exit(1);
  });
  server.listen(settings.port, settings.host, () => tell({ type: 'listening', port: (server.address() as AddressInfo).port }));
}
