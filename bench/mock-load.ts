// The mock under load: the Prism CLI as it ships against the engine (Prism's own engine
// in node:cluster workers behind an O(1) router), with a bare node:http server as the
// ceiling. Every contender gets the same autocannon load from this process, and the
// rounds are interleaved (all contenders, then all again), so drift on the machine hits
// each alike; each figure is the median of the rounds. On the Auth API, `me` on a live
// session of the stateful engine runs in the same rounds beside the stateless engine's
// `me`: what remembering sessions costs. Then start times on a large public spec, a soak
// of the engine over every forced status, and a session-churn soak of the stateful engine.
import autocannon, { type Request, type Result } from 'autocannon';
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTempDir } from '../src/lifecycle/temp-dir.js';
import { freePort } from '../src/mock/port.js';
import { startPrism } from '../src/mock/prism-process.js';
import { startMock } from '../src/mock/start-mock.js';
import { writeTempBundle } from '../src/mock/temp-bundle.js';
import type { OpenApiDocument } from '../src/openapi/document.js';
import { toolkitRoot } from '../src/toolkit-package.js';
import { median, round } from './stats.js';
import { scaledAuthSpec } from './scaled-spec.js';
import { processCpuTicks, soakSessions, workerPids, workerRss, type SessionSoak } from './session-churn.js';

const HOST = '127.0.0.1';
const CONNECTIONS = 16;
const ROUNDS = 3;
const WARM_UP_REQUESTS = 200;
const ME = '/api/v1/auth/me';
// getCurrentUser needs the access cookie; Prefer asks every contender for the same 200.
const HEADERS = { prefer: 'code=200', cookie: 'access_token=bench' };
// The state's own answer: no Prefer (a forced status skips the state), the cookie of a live session.
const LOGIN = '/api/v1/auth/login';
const SIGN_IN = { email: 'ada@example.com', password: 'correct-horse-battery' };
/** What remembering sessions may cost at most: stateful `me` / stateless `me` ≥ this. */
const STATE_TARGET = 0.8;
// Prism takes many seconds to load a large spec, and is slow on it after.
const READY_TIMEOUT_MS = 300_000;
const DEFAULT_SPEC = join(toolkitRoot(), 'generated', 'openapi.json');
const PUBLIC_SPEC = 'node_modules/@goauthentik/api/schema.yml';

const seconds = (name: string, fallback: number) => Number(process.env[name]) || fallback;

type Kind = 'cli' | 'engine1' | 'engine2' | 'raw' | 'stateful2' | 'stateless2';
interface Server {
  kind: Kind;
  name: string;
  url: string;
  /** The headers of every request; before each round when they change (a fresh session). */
  headers(): Promise<Record<string, string>>;
  /** The engine's process, whose workers' CPU shows how the connections spread. */
  enginePid?: number;
  close(): Promise<void>;
}

export interface LoadRound {
  reqPerSec: number;
  p99Ms: number;
  /** Connection errors and timeouts (autocannon counts a timeout as an error too). */
  errors: number;
  timeouts: number;
  non2xx: number;
  /**
   * The busiest worker's share of the workers' CPU time in the round (engines with 2
   * workers): 0.5 is an even spread; 1 means every connection went to one worker.
   */
  busiestWorkerShare?: number;
}

export interface ContenderLoad {
  kind: Kind;
  name: string;
  /** What each request carries. */
  sends: string;
  medianReqPerSec: number;
  medianP99Ms: number;
  /** Median over the rounds of LoadRound.busiestWorkerShare. */
  medianBusiestWorkerShare?: number;
  /** Summed over the rounds: any at all is worth seeing. */
  errors: number;
  non2xx: number;
  rounds: LoadRound[];
}

export interface SpecLoad {
  spec: string;
  operations: number;
  path: string;
  /** Engine/CLI throughput wanted. */
  target: number;
  /** Stateful `me` / stateless `me` wanted, when those rows run. */
  stateTarget?: number;
  /** The engines were started with `stateless: true` (a spec the stateful engine refuses). */
  enginesStateless?: boolean;
  contenders: ContenderLoad[];
  ratios: Record<string, number>;
}

export interface StartTimes {
  spec: string;
  runs: number;
  prismCliMs: number;
  engineColdMs: number;
  engineWarmMs: number;
  samples: { prismCliMs: number[]; engineColdMs: number[]; engineWarmMs: number[] };
}

export interface WorkerRss {
  pid: number;
  firstMb: number;
  maxMb: number;
  lastMb: number;
  at10sMb: number;
  /** The last sample within +20% of the one at 10 s (warmed up by then). */
  flat: boolean;
}

export interface Soak {
  seconds: number;
  statuses: number[];
  requests: number;
  errors: number;
  timeouts: number;
  statusCounts: Record<string, number>;
  workers: WorkerRss[];
}

/** One engine worker against the bare node:http ceiling, alone on the machine's load (issue 21). */
export interface WorkerVsRaw {
  path: string;
  sends: Record<string, string>;
  connections: number;
  rounds: number;
  secondsPerRound: number;
  engineReqPerSec: number;
  rawReqPerSec: number;
  /** Median engine / median raw. */
  ratio: number;
  /** The ratio of each round (engine and raw side by side). */
  roundRatios: number[];
  engineRounds: LoadRound[];
  rawRounds: LoadRound[];
  target: number;
}

export interface MockLoadResult {
  connections: number;
  secondsPerRound: number;
  rounds: number;
  workerVsRaw: WorkerVsRaw;
  specs: SpecLoad[];
  startTimes: StartTimes;
  soak: Soak;
  sessionSoak: SessionSoak;
}

export async function measureMockLoad(): Promise<MockLoadResult> {
  const duration = seconds('BENCH_MOCK_SECONDS', 10);
  const workerVsRaw = await measureWorkerVsRaw({ duration });
  const specs = [await measureSpec({ label: 'generated/openapi.json', operations: 7, file: DEFAULT_SPEC, path: ME, target: 3, withRaw: true, withState: true, duration })];
  const bundle = await writeTempBundle(scaledAuthSpec(143));
  try {
    // The last tenant's copy: a router that scans the operations in order finds it last.
    // Stateless: each tenant's copy repeats the Auth API's session marks, and one spec has
    // one sign-in, so the stateful engine refuses it. The rows force the 200, which skips
    // the state anyway: this is the engine those rows have always measured.
    specs.push(await measureSpec({ label: 'scaledAuthSpec(143)', operations: 1_001, file: bundle.file, path: `/tenants/t142${ME}`, target: 10, withRaw: false, withState: false, enginesStateless: true, duration }));
  } finally {
    await bundle.dispose();
  }
  const startTimes = await measureStartTimes(PUBLIC_SPEC, 3);
  const soakSeconds = seconds('BENCH_SOAK_SECONDS', 30);
  const soak = await measureSoak(soakSeconds);
  const sessionSoak = await soakSessions({ spec: DEFAULT_SPEC, workers: 2, connections: CONNECTIONS, seconds: soakSeconds, rssEverySeconds: 5 });
  return { connections: CONNECTIONS, secondsPerRound: duration, rounds: ROUNDS, workerVsRaw, specs, startTimes, soak, sessionSoak };
}

/** What one engine worker may cost at most against a bare node:http server: engine / raw ≥ this. */
const WORKER_TARGET = 0.5;
const WORKER_ROUNDS = 5;

/**
 * One engine worker (started as by default, on the Auth API) against a bare node:http
 * server answering the same body, `GET /me` with an access cookie and `Prefer: code=200`,
 * alone: nothing else runs meanwhile, the rounds alternate (engine, raw, engine, raw, …)
 * and each figure is the median of its rounds.
 */
export async function measureWorkerVsRaw(options: { duration?: number; rounds?: number } = {}): Promise<WorkerVsRaw> {
  const duration = options.duration ?? seconds('BENCH_MOCK_SECONDS', 10);
  const roundCount = options.rounds ?? WORKER_ROUNDS;
  const servers: Server[] = [];
  try {
    const mock = await startMock({ spec: DEFAULT_SPEC, workers: 1, readyTimeoutMs: READY_TIMEOUT_MS });
    const engine: Server = { kind: 'engine1', name: 'engine, 1 worker', url: mock.url, headers: async () => HEADERS, enginePid: mock.pid, close: mock.close };
    servers.push(engine);
    // The ceiling answers with exactly the bytes the engine does, in a process of its own.
    const body = await (await fetch(mock.url + ME, { headers: HEADERS })).text();
    const raw = await startRaw(body);
    servers.push(raw);
    for (const server of servers) {
      await expect200(server, ME, HEADERS);
      await fire({ url: server.url + ME, amount: WARM_UP_REQUESTS * 10, headers: HEADERS }); // JIT, caches, sockets
    }
    const engineRounds: LoadRound[] = [];
    const rawRounds: LoadRound[] = [];
    for (let index = 0; index < roundCount; index += 1) {
      // Who goes first alternates, so a drift on the shared machine does not favour one.
      const order = index % 2 === 0 ? [engine, raw] : [raw, engine];
      for (const server of order) {
        const result = toRound(await fire({ url: server.url + ME, duration, headers: HEADERS }));
        (server === engine ? engineRounds : rawRounds).push(result);
      }
    }
    const engineReqPerSec = round(median(engineRounds.map((run) => run.reqPerSec)), 0);
    const rawReqPerSec = round(median(rawRounds.map((run) => run.reqPerSec)), 0);
    return {
      path: ME,
      sends: HEADERS,
      connections: CONNECTIONS,
      rounds: roundCount,
      secondsPerRound: duration,
      engineReqPerSec,
      rawReqPerSec,
      ratio: round(engineReqPerSec / rawReqPerSec, 2),
      roundRatios: engineRounds.map((run, index) => round(run.reqPerSec / rawRounds[index]!.reqPerSec, 2)),
      engineRounds,
      rawRounds,
      target: WORKER_TARGET,
    };
  } finally {
    await closeAll(servers);
  }
}

export function printWorkerVsRaw(result: WorkerVsRaw): void {
  const met = result.ratio >= result.target ? 'met' : 'MISSED';
  console.log(`one engine worker vs bare node:http: GET ${result.path} (cookie, Prefer: code=200), ${result.connections} keep-alive connections, medians of ${result.rounds} interleaved rounds of ${result.secondsPerRound} s`);
  console.log(`  engine, 1 worker  ${String(result.engineReqPerSec).padStart(8)} req/s   (${result.engineRounds.map((run) => run.reqPerSec).join(', ')}; errors ${result.engineRounds.reduce((sum, run) => sum + run.errors, 0)}, non-2xx ${result.engineRounds.reduce((sum, run) => sum + run.non2xx, 0)})`);
  console.log(`  raw node:http     ${String(result.rawReqPerSec).padStart(8)} req/s   (${result.rawRounds.map((run) => run.reqPerSec).join(', ')})`);
  console.log(`  one engine worker / bare node:http   ${result.ratio}×   (per round ${result.roundRatios.join(', ')})   target ≥ ${result.target}×: ${met}`);
}

async function measureSpec(options: { label: string; operations: number; file: string; path: string; target: number; withRaw: boolean; withState: boolean; enginesStateless?: boolean; duration: number }): Promise<SpecLoad> {
  const servers = await startServers(options);
  try {
    for (const server of servers) {
      const headers = await server.headers();
      await expect200(server, options.path, headers);
      await fire({ url: server.url + options.path, amount: WARM_UP_REQUESTS, headers }); // JIT, caches, sockets
    }
    const rounds = new Map<Kind, LoadRound[]>(servers.map((server) => [server.kind, []]));
    for (let index = 0; index < ROUNDS; index += 1) {
      for (const server of servers) {
        const headers = await server.headers();
        const spread = await workerSpread(server);
        const result = await fire({ url: server.url + options.path, duration: options.duration, headers });
        rounds.get(server.kind)!.push({ ...toRound(result), ...(await spread()) });
      }
    }
    const contenders = servers.map((server): ContenderLoad => {
      const runs = rounds.get(server.kind)!;
      const sum = (pick: (run: LoadRound) => number) => runs.reduce((total, run) => total + pick(run), 0);
      return {
        kind: server.kind,
        name: server.name,
        sends: server.kind === 'stateful2' ? 'the access cookie of a live session, no Prefer' : server.kind === 'stateless2' ? 'an invented access cookie, no Prefer' : 'Prefer: code=200 and an invented access cookie',
        medianReqPerSec: round(median(runs.map((run) => run.reqPerSec)), 0),
        medianP99Ms: median(runs.map((run) => run.p99Ms)),
        ...(runs.every((run) => run.busiestWorkerShare !== undefined) ? { medianBusiestWorkerShare: round(median(runs.map((run) => run.busiestWorkerShare!)), 2) } : {}),
        errors: sum((run) => run.errors),
        non2xx: sum((run) => run.non2xx),
        rounds: runs,
      };
    });
    const rate = (kind: Kind) => contenders.find((contender) => contender.kind === kind)?.medianReqPerSec;
    const ratios: Record<string, number> = {};
    const ratio = (name: string, top: Kind, bottom: Kind) => {
      const [a, b] = [rate(top), rate(bottom)];
      if (a !== undefined && b) ratios[name] = round(a / b, 2);
    };
    ratio('engine 1 worker / Prism CLI', 'engine1', 'cli');
    ratio('engine 2 workers / Prism CLI', 'engine2', 'cli');
    ratio('2 workers / 1 worker', 'engine2', 'engine1');
    ratio('engine 1 worker / raw', 'engine1', 'raw');
    ratio('engine 2 workers / raw', 'engine2', 'raw');
    ratio('stateful me / stateless me', 'stateful2', 'stateless2');
    return { spec: options.label, operations: options.operations, path: options.path, target: options.target, ...(options.withState ? { stateTarget: STATE_TARGET } : {}), ...(options.enginesStateless ? { enginesStateless: true } : {}), contenders, ratios };
  } finally {
    await closeAll(servers);
  }
}

/** Each contender started once, kept for every round. */
async function startServers({ file, path, withRaw, withState, enginesStateless }: { file: string; path: string; withRaw: boolean; withState: boolean; enginesStateless?: boolean }): Promise<Server[]> {
  const servers: Server[] = [];
  const fixed = async () => HEADERS;
  try {
    // The CLI itself on a port of its own: startMock's prism-cli mode adds a proxy front.
    const prism = await startPrism({ document: file, host: HOST, port: await freePort(HOST), command: { kind: 'mock' }, errors: true, readyTimeoutMs: READY_TIMEOUT_MS });
    servers.push({ kind: 'cli', name: 'Prism CLI', url: prism.url, headers: fixed, close: prism.close });
    for (const workers of [1, 2]) {
      const mock = await startMock({ spec: file, workers, readyTimeoutMs: READY_TIMEOUT_MS, stateless: enginesStateless });
      servers.push({ kind: workers === 1 ? 'engine1' : 'engine2', name: `engine, ${workers} worker${workers === 1 ? '' : 's'}`, url: mock.url, headers: fixed, enginePid: mock.pid, close: mock.close });
      // The same engine (started as by default: stateful), asked for the state's own answer.
      if (workers === 2 && withState) servers.push({ kind: 'stateful2', name: 'me, stateful, 2 w', url: mock.url, headers: () => signIn(mock.url), enginePid: mock.pid, close: async () => undefined });
    }
    if (withState) {
      const stateless = await startMock({ spec: file, workers: 2, stateless: true, readyTimeoutMs: READY_TIMEOUT_MS });
      servers.push({ kind: 'stateless2', name: 'me, stateless, 2 w', url: stateless.url, headers: async () => ({ cookie: 'access_token=bench' }), enginePid: stateless.pid, close: stateless.close });
      await expectStates(servers);
    }
    if (withRaw) {
      // The ceiling answers with exactly the bytes Prism does, in a process of its own.
      const body = await (await fetch(prism.url + path, { headers: HEADERS })).text();
      servers.push(await startRaw(body));
    }
    return servers;
  } catch (error) {
    await closeAll(servers);
    throw error;
  }
}

async function startRaw(body: string): Promise<Server> {
  const child = fork(fileURLToPath(new URL('./echo-server.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ECHO_BODY: body },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  const exited = once(child, 'exit');
  return {
    kind: 'raw',
    name: 'raw node:http',
    url: `http://${HOST}:${chunk.toString().trim()}`,
    headers: async () => HEADERS,
    close: async () => {
      child.kill();
      await exited;
    },
  };
}

/** A fresh session on the stateful engine (the spec's example account): its access cookie. */
async function signIn(url: string): Promise<Record<string, string>> {
  const response = await fetch(url + LOGIN, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(SIGN_IN) });
  await response.text();
  const access = response.headers.getSetCookie().map((line) => line.split(';', 1)[0]!).find((pair) => pair.startsWith('access_token='));
  if (response.status !== 200 || !access || access === 'access_token=') throw new Error(`signing in to the stateful engine answered ${response.status} with ${response.headers.getSetCookie().length} cookies`);
  return { cookie: access };
}

/** The stateful rows measure the state only if the engine remembers: an invented cookie is a 401 there, a 200 on the stateless one. */
async function expectStates(servers: Server[]): Promise<void> {
  for (const [kind, wanted] of [['stateful2', 401], ['stateless2', 200]] as const) {
    const server = servers.find((candidate) => candidate.kind === kind)!;
    const response = await fetch(server.url + ME, { headers: { cookie: 'access_token=invented-by-the-bench' } });
    await response.text();
    if (response.status !== wanted) throw new Error(`${server.name} answered ${response.status} to an invented access cookie, not ${wanted}`);
  }
}

async function closeAll(servers: Server[]): Promise<void> {
  for (const server of servers) await server.close().catch(() => undefined);
}

/** A contender that answers anything but the 200 would be measured doing something else. */
async function expect200(server: Server, path: string, headers: Record<string, string>): Promise<void> {
  const response = await fetch(server.url + path, { headers });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${server.name} answered ${response.status} to GET ${path}: ${text.slice(0, 300)}`);
}

/** The one load every contender gets: 16 keep-alive connections (autocannon's default). */
async function fire(options: { url: string; duration?: number; amount?: number; headers?: Record<string, string>; requests?: Request[] }): Promise<Result> {
  return autocannon({ connections: CONNECTIONS, ...options });
}

/**
 * Starts watching an engine's workers' CPU; the function returned tells the busiest
 * one's share of it since. The engine leaves accepting to the kernel (SCHED_NONE), and a
 * load generator opening its 16 connections at once can see them all taken by one worker.
 */
async function workerSpread(server: Server): Promise<() => Promise<{ busiestWorkerShare?: number }>> {
  const pids = server.enginePid === undefined ? [] : await workerPids(server.enginePid);
  if (pids.length < 2) return async () => ({});
  const before = await Promise.all(pids.map(processCpuTicks));
  return async () => {
    const used = (await Promise.all(pids.map(processCpuTicks))).map((ticks, index) => ticks - before[index]!);
    const total = used.reduce((sum, ticks) => sum + ticks, 0);
    return total > 0 ? { busiestWorkerShare: round(Math.max(...used) / total, 2) } : {};
  };
}

function toRound(result: Result): LoadRound {
  return { reqPerSec: round(result.requests.average, 0), p99Ms: result.latency.p99, errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx };
}

/**
 * From nothing to answering, on a spec Prism needs seconds to read: the CLI; the engine
 * cold (an empty operations cache, so it parses as the CLI does); and warm (the same
 * cache, second start). Each server is closed once its start is measured.
 */
async function measureStartTimes(spec: string, runs: number): Promise<StartTimes> {
  const samples = { prismCliMs: [] as number[], engineColdMs: [] as number[], engineWarmMs: [] as number[] };
  const time = async (start: () => Promise<{ close(): Promise<void> }>) => {
    const started = performance.now();
    const server = await start();
    const elapsed = performance.now() - started;
    await server.close();
    return round(elapsed, 0);
  };
  const previousCacheDir = process.env.AUTHKIT_CACHE_DIR;
  for (let index = 0; index < runs; index += 1) {
    samples.prismCliMs.push(await time(async () => startPrism({ document: spec, host: HOST, port: await freePort(HOST), command: { kind: 'mock' }, errors: true, readyTimeoutMs: READY_TIMEOUT_MS })));
    const cache = await createTempDir('authkit-bench-cache-');
    // The engine's process inherits this process's environment.
    process.env.AUTHKIT_CACHE_DIR = cache.dir;
    try {
      samples.engineColdMs.push(await time(() => startMock({ spec, workers: 1, readyTimeoutMs: READY_TIMEOUT_MS })));
      samples.engineWarmMs.push(await time(() => startMock({ spec, workers: 1, readyTimeoutMs: READY_TIMEOUT_MS })));
    } finally {
      if (previousCacheDir === undefined) delete process.env.AUTHKIT_CACHE_DIR;
      else process.env.AUTHKIT_CACHE_DIR = previousCacheDir;
      await cache.dispose();
    }
  }
  return {
    spec,
    runs,
    prismCliMs: median(samples.prismCliMs),
    engineColdMs: median(samples.engineColdMs),
    engineWarmMs: median(samples.engineWarmMs),
    samples,
  };
}

/**
 * The engine with 2 workers under steady load over every status getCurrentUser documents
 * among the usual forced ones, watching the workers' memory: answers are cached per
 * status, so memory should level off once each has been built.
 */
async function measureSoak(soakSeconds: number): Promise<Soak> {
  const document = JSON.parse(await readFile(DEFAULT_SPEC, 'utf8')) as OpenApiDocument;
  const documented = Object.keys(document.paths[ME].get.responses as Record<string, unknown>);
  const statuses = [200, 401, 404, 429, 500].filter((status) => documented.includes(String(status)));
  const requests: Request[] = statuses.map((status) => ({ method: 'GET', path: ME, headers: { ...HEADERS, prefer: `code=${status}` } }));

  const mock = await startMock({ spec: DEFAULT_SPEC, workers: 2 });
  try {
    const samples: { atS: number; rssKb: Map<number, number> }[] = [];
    const started = performance.now();
    let loading = true;
    // Every 5 s from the start, the last one as the load ends.
    const sampling = (async () => {
      for (let atS = 0; atS <= soakSeconds && loading; atS += 5) {
        await sleep(started + atS * 1000 - performance.now());
        samples.push({ atS, rssKb: await workerRss(mock.pid!) });
      }
    })();
    const result = await fire({ url: mock.url, duration: soakSeconds, requests });
    loading = false;
    await sampling;

    const pids = [...new Set(samples.flatMap((sample) => [...sample.rssKb.keys()]))];
    const workers = pids.map((pid): WorkerRss => {
      const seen = samples.filter((sample) => sample.rssKb.has(pid));
      const mb = (sample: (typeof samples)[number] | undefined) => round((sample?.rssKb.get(pid) ?? 0) / 1024);
      const last = mb(seen.at(-1));
      // The value at 10 s, or the latest before it on a shorter soak.
      const at10s = mb(seen.filter((sample) => sample.atS <= 10).at(-1));
      return { pid, firstMb: mb(seen[0]), maxMb: Math.max(...seen.map(mb)), lastMb: last, at10sMb: at10s, flat: last <= at10s * 1.2 };
    });
    const statusCounts = Object.fromEntries(Object.entries(result.statusCodeStats).map(([status, stats]) => [status, stats.count]));
    return { seconds: soakSeconds, statuses, requests: result.requests.total, errors: result.errors, timeouts: result.timeouts, statusCounts, workers };
  } finally {
    await mock.close();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

export function printMockLoad(result: MockLoadResult): void {
  printWorkerVsRaw(result.workerVsRaw);
  console.log(`mock under load: ${result.connections} keep-alive connections, GET with Prefer: code=200 (the "me" rows: no Prefer), ${result.rounds} interleaved rounds of ${result.secondsPerRound} s per contender (medians; errors and non-2xx summed over the rounds)`);
  for (const spec of result.specs) {
    console.log(`  ${spec.spec} (${spec.operations} operations), GET ${spec.path}${spec.enginesStateless ? ' (engines stateless: the copies repeat the session marks)' : ''}`);
    console.log('    contender             req/s      p99   errors+timeouts   non-2xx   busiest worker (per round)');
    for (const c of spec.contenders) {
      const shares = c.medianBusiestWorkerShare === undefined ? '' : `   ${c.rounds.map((run) => `${Math.round(run.busiestWorkerShare! * 100)}%`).join(' ')}`;
      console.log(`    ${c.name.padEnd(18)} ${String(c.medianReqPerSec).padStart(8)} ${`${c.medianP99Ms} ms`.padStart(8)}   ${String(c.errors).padStart(15)}   ${String(c.non2xx).padStart(7)}${shares}`);
    }
    for (const [name, value] of Object.entries(spec.ratios)) {
      const wanted = name.endsWith('/ Prism CLI') ? spec.target : name === 'stateful me / stateless me' ? spec.stateTarget : undefined;
      const target = wanted === undefined ? '' : `   target ≥ ${wanted}×: ${value >= wanted ? 'met' : 'MISSED'}`;
      console.log(`    ${name.padEnd(28)} ${`${value}×`.padStart(7)}${target}`);
    }
    if (spec.stateTarget !== undefined) console.log('    (me, stateful: the default engine above, signed in as the example account before each round, its access cookie on every request; me, stateless: an engine started with stateless: true, an invented cookie)');
  }
  const s = result.startTimes;
  console.log(`start times on ${s.spec} (medians of ${s.runs}; until it answers)`);
  console.log(`  Prism CLI       ${String(s.prismCliMs).padStart(6)} ms   (${s.samples.prismCliMs.join(', ')})`);
  console.log(`  engine, cold    ${String(s.engineColdMs).padStart(6)} ms   (${s.samples.engineColdMs.join(', ')})   target ≤ the CLI: ${s.engineColdMs <= s.prismCliMs ? 'met' : 'MISSED'}`);
  console.log(`  engine, warm    ${String(s.engineWarmMs).padStart(6)} ms   (${s.samples.engineWarmMs.join(', ')})   target ≤ 1000 ms: ${s.engineWarmMs <= 1000 ? 'met' : 'MISSED'}`);
  const soak = result.soak;
  console.log(`soak: engine, 2 workers, ${result.connections} connections for ${soak.seconds} s over Prefer code=${soak.statuses.join(', ')}`);
  console.log(`  ${soak.requests} requests, ${soak.errors} errors (${soak.timeouts} timeouts; target 0: ${soak.errors === 0 ? 'met' : 'MISSED'}), statuses ${Object.entries(soak.statusCounts).map(([status, count]) => `${status}×${count}`).join(' ')}`);
  for (const worker of soak.workers) {
    console.log(`  worker ${worker.pid} RSS: first ${worker.firstMb} MB, max ${worker.maxMb} MB, last ${worker.lastMb} MB (at 10 s ${worker.at10sMb} MB) — ${worker.flat ? 'flat' : 'GREW more than 20%'}`);
  }
  printSessionSoak(result.sessionSoak);
}

function printSessionSoak(soak: SessionSoak): void {
  const c = soak.counts;
  const met = (count: number) => `${count} (target 0: ${count === 0 ? 'met' : 'MISSED'})`;
  console.log(`session churn: stateful engine, ${soak.workers} workers, ${c.connections} keep-alive connections for ${c.seconds} s, each repeating register → login → me → logout → me`);
  console.log(`  ${c.cycles} cycles; ${Object.entries(c.steps).map(([step, counts]) => `${step} ${Object.entries(counts.statuses).map(([status, count]) => `${status}×${count}`).join(' ')}`).join(', ')}`);
  console.log(`  5xx ${met(c.serverErrors)}; me on a live session not 200 with its user ${met(c.meLiveWrong)}; me after logout not 401 ${met(c.meAfterLogoutWrong)}; broken cycles ${met(c.brokenCycles)}; connection errors ${met(c.connectionErrors)}`);
  console.log(`  ${c.tokensMinted} tokens minted; ${soak.logLines} lines the mock emitted (events and logs(), ${soak.logGaps} possible gaps) hold one: ${met(soak.linesWithTokens)}; requests by worker ${Object.entries(soak.answeredBy).map(([pid, count]) => `${pid}×${count}`).join(' ')}`);
  for (const line of soak.leakedLines) console.log(`    leaked: ${line}`);
  const pids = [...new Set(soak.rss.flatMap((sample) => Object.keys(sample.workersMb)))];
  const series = (values: (number | undefined)[]) => values.map((value) => (value === undefined ? '–' : String(value))).join(' → ');
  const seconds = soak.rss.map((sample) => `${sample.atS} s`).join(', ');
  console.log(`  RSS (MB) at ${seconds}:`);
  console.log(`    primary (the state) ${series(soak.rss.map((sample) => sample.primaryMb))}`);
  for (const pid of pids) {
    const values = soak.rss.map((sample) => sample.workersMb[pid]);
    const seen = values.filter((value): value is number => value !== undefined);
    // As the forced-status soak judges it: the last within +20% of the value at 10 s (or the latest before).
    const at10s = soak.rss.filter((sample) => sample.atS <= 10 && sample.workersMb[pid] !== undefined).at(-1)?.workersMb[pid];
    const flat = at10s !== undefined && seen.at(-1)! <= at10s * 1.2;
    console.log(`    worker ${pid} ${series(values)} — ${flat ? 'flat' : 'GREW more than 20%'}`);
  }
}
