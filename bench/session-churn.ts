// Session churn against the stateful mock: each connection, over and over, registers a
// new account, signs in, asks who it is, signs out, and asks again. Every answer is
// checked as a backend's would be (`me` on a live session is that user, `me` after
// logout is 401), every token the mock mints is kept, and every line the mock emits is
// searched for them. Used by `npm run bench -- mock` (30 s, with the workers' RSS) and by
// test/mock/session-soak.test.ts (a few seconds, counts asserted).
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { promisify } from 'node:util';
import { startMock, type MockServer } from '../src/mock/start-mock.js';
import type { MockEvent } from '../src/mock/mock-events.js';

const REGISTER = '/api/v1/auth/register';
const LOGIN = '/api/v1/auth/login';
const ME = '/api/v1/auth/me';
const LOGOUT = '/api/v1/auth/logout';
const PASSWORD = 'a-long-enough-password';

export type ChurnStep = 'register' | 'login' | 'me' | 'logout' | 'meAfterLogout';
const STEPS: ChurnStep[] = ['register', 'login', 'me', 'logout', 'meAfterLogout'];

export interface StepCounts {
  /** Answers received. */
  count: number;
  /** Answers by status. */
  statuses: Record<string, number>;
}

export interface ChurnCounts {
  connections: number;
  seconds: number;
  /** Cycles that ran every step (register → login → me → logout → me). */
  cycles: number;
  steps: Record<ChurnStep, StepCounts>;
  /** Answers with a 5xx status, any step. Target 0. */
  serverErrors: number;
  /** `me` on a live session that was not a 200 naming the account just registered. Target 0. */
  meLiveWrong: number;
  /** `me` with the logged-out token that was not a 401. Target 0. */
  meAfterLogoutWrong: number;
  /** register not 201, or login not 200 with both cookies: the cycle stops there. Target 0. */
  brokenCycles: number;
  /** Requests that got no answer at all (connection reset, refused). Target 0. */
  connectionErrors: number;
  /** Distinct token values the mock minted into Set-Cookie. */
  tokensMinted: number;
}

export interface Churn {
  counts: ChurnCounts;
  /** Every token value seen in a Set-Cookie line (access and refresh). */
  tokens: Set<string>;
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * Runs the churn for `seconds` on `connections` keep-alive connections (one node:http
 * agent with one socket each) and resolves once every connection has finished the cycle
 * it was in when the time ran out.
 */
export async function churnSessions(options: { url: string; connections: number; seconds: number }): Promise<Churn> {
  const target = new URL(options.url);
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  const steps = Object.fromEntries(STEPS.map((step) => [step, { count: 0, statuses: {} }])) as Record<ChurnStep, StepCounts>;
  const tokens = new Set<string>();
  const counts: ChurnCounts = {
    connections: options.connections,
    seconds: options.seconds,
    cycles: 0,
    steps,
    serverErrors: 0,
    meLiveWrong: 0,
    meAfterLogoutWrong: 0,
    brokenCycles: 0,
    connectionErrors: 0,
    tokensMinted: 0,
  };
  const deadline = performance.now() + options.seconds * 1000;

  const tally = (step: ChurnStep, answer: Answer) => {
    steps[step].count += 1;
    steps[step].statuses[answer.status] = (steps[step].statuses[answer.status] ?? 0) + 1;
    if (answer.status >= 500) counts.serverErrors += 1;
  };

  const connection = async (index: number) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const send = (method: string, path: string, init: { body?: unknown; cookie?: string } = {}) =>
      new Promise<Answer>((resolve, reject) => {
        const body = init.body === undefined ? undefined : Buffer.from(JSON.stringify(init.body));
        const headers: Record<string, string> = { accept: 'application/json' };
        if (body) Object.assign(headers, { 'content-type': 'application/json', 'content-length': String(body.length) });
        if (init.cookie) headers.cookie = init.cookie;
        const outgoing = httpRequest({ host: target.hostname, port: target.port, path, method, headers, agent }, (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: Buffer.concat(chunks).toString('utf8') }));
          incoming.on('error', reject);
        });
        outgoing.on('error', reject);
        outgoing.end(body);
      });
    try {
      for (let cycle = 0; performance.now() < deadline; cycle += 1) {
        try {
          const email = `churn.${run}.${index}.${cycle}@example.com`;
          const registered = await send('POST', REGISTER, { body: { email, password: PASSWORD, displayName: `Churn ${index}.${cycle}` } });
          tally('register', registered);
          if (registered.status !== 201) {
            counts.brokenCycles += 1;
            continue;
          }
          const login = await send('POST', LOGIN, { body: { email, password: PASSWORD } });
          tally('login', login);
          const minted = cookiesOf(login.headers);
          for (const value of minted.values()) if (value) tokens.add(value);
          const access = minted.get('access_token');
          if (login.status !== 200 || !access || !minted.get('refresh_token')) {
            counts.brokenCycles += 1;
            continue;
          }
          const cookie = `access_token=${access}`;
          const me = await send('GET', ME, { cookie });
          tally('me', me);
          if (me.status !== 200 || emailOf(me.body) !== email) counts.meLiveWrong += 1;
          const logout = await send('POST', LOGOUT, { cookie });
          tally('logout', logout);
          for (const value of cookiesOf(logout.headers).values()) if (value) tokens.add(value);
          const after = await send('GET', ME, { cookie });
          tally('meAfterLogout', after);
          if (after.status !== 401) counts.meAfterLogoutWrong += 1;
          counts.cycles += 1;
        } catch {
          counts.connectionErrors += 1;
        }
      }
    } finally {
      agent.destroy();
    }
  };

  await Promise.all(Array.from({ length: options.connections }, (_, index) => connection(index)));
  counts.tokensMinted = tokens.size;
  return { counts, tokens };
}

/** name → value of each Set-Cookie line. */
function cookiesOf(headers: IncomingHttpHeaders): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const line of headers['set-cookie'] ?? []) {
    const pair = line.split(';', 1)[0]!;
    const equals = pair.indexOf('=');
    if (equals > 0) cookies.set(pair.slice(0, equals).trim(), pair.slice(equals + 1).trim());
  }
  return cookies;
}

function emailOf(body: string): unknown {
  try {
    return (JSON.parse(body) as { email?: unknown }).email;
  } catch {
    return undefined;
  }
}

/**
 * Every line a mock emits: its `log` and `request` events (as JSON, every field), and
 * what `logs()` holds. `logs()` keeps only the last lines, so it is polled; a poll that
 * finds the buffer full with nothing in common with the previous poll may have missed
 * lines, and is counted in `gaps`.
 */
export interface LogCollector {
  onEvent(event: MockEvent): void;
  /** Start polling `mock.logs()` every `everyMs`. */
  watch(mock: Pick<MockServer, 'logs'>, everyMs?: number): void;
  /** One last poll, and stop. */
  stop(): void;
  lines(): string[];
  gaps(): number;
  /** Requests answered, by the worker's pid. */
  answeredBy(): Record<string, number>;
}

export function createLogCollector(): LogCollector {
  const lines: string[] = [];
  let previous: string[] = [];
  let gaps = 0;
  let timer: NodeJS.Timeout | undefined;
  let source: Pick<MockServer, 'logs'> | undefined;
  const answeredBy: Record<string, number> = {};
  const poll = () => {
    if (!source) return;
    const now = source.logs();
    const overlap = longestOverlap(previous, now);
    // Nothing in common with the last poll: the buffer turned over, and lines may have come and gone between.
    if (previous.length > 0 && overlap === 0) gaps += 1;
    lines.push(...now.slice(overlap));
    previous = now;
  };
  return {
    onEvent(event) {
      if (event.type === 'log' || event.type === 'request') lines.push(JSON.stringify(event));
      if (event.type === 'request') answeredBy[String(event.worker)] = (answeredBy[String(event.worker)] ?? 0) + 1;
    },
    watch(mock, everyMs = 100) {
      source = mock;
      poll();
      timer = setInterval(poll, everyMs);
    },
    stop() {
      clearInterval(timer);
      poll();
      source = undefined;
    },
    lines: () => lines,
    gaps: () => gaps,
    answeredBy: () => answeredBy,
  };
}

/** The longest k for which the last k lines of `before` are the first k of `after`. */
function longestOverlap(before: string[], after: string[]): number {
  for (let k = Math.min(before.length, after.length); k > 0; k -= 1) {
    let same = true;
    for (let index = 0; index < k && same; index += 1) same = before[before.length - k + index] === after[index];
    if (same) return k;
  }
  return 0;
}

/**
 * The lines holding any of the tokens, anywhere in them. Every window of each token
 * length is looked up, so thousands of tokens over tens of thousands of lines stay cheap.
 */
export function linesWithTokens(lines: string[], tokens: Set<string>): string[] {
  const lengths = [...new Set([...tokens].map((token) => token.length))].filter((length) => length > 0);
  return lines.filter((line) => lengths.some((length) => {
    for (let start = 0; start + length <= line.length; start += 1) if (tokens.has(line.slice(start, start + length))) return true;
    return false;
  }));
}

const execFileAsync = promisify(execFile);

/** VmRSS in kB of a process, from /proc (Linux); undefined when it cannot be read. */
export async function processRssKb(pid: number): Promise<number | undefined> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
  return kb ? Number(kb) : undefined;
}

/** The cluster workers of the engine's process (its children running engine-process). */
export async function workerPids(enginePid: number): Promise<number[]> {
  const { stdout } = await execFileAsync('ps', ['-o', 'pid=,args=', '--ppid', String(enginePid)]).catch(() => ({ stdout: '' }));
  return stdout.split('\n').filter((row) => row.includes('engine-process')).map((line) => Number(line.trim().split(/\s+/)[0]));
}

/** VmRSS in kB of each cluster worker of the engine's process. */
export async function workerRss(enginePid: number): Promise<Map<number, number>> {
  const rss = new Map<number, number>();
  for (const pid of await workerPids(enginePid)) {
    const kb = await processRssKb(pid);
    if (kb !== undefined) rss.set(pid, kb);
  }
  return rss;
}

/** CPU time (user + system) of a process so far, in clock ticks (Linux /proc); 0 when it cannot be read. */
export async function processCpuTicks(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  // Fields after the command's closing parenthesis: state is the 3rd field, utime the 14th, stime the 15th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) || 0) + (Number(fields[12]) || 0);
}

export interface RssSample {
  atS: number;
  /** The engine's primary, where the mock's state lives. */
  primaryMb: number;
  /** Worker pid → MB. */
  workersMb: Record<string, number>;
}

export interface SessionSoak {
  workers: number;
  counts: ChurnCounts;
  /** Lines collected from the mock (events and logs()). */
  logLines: number;
  /** Polls of logs() that may have missed lines. Target 0 (else the check below is not complete). */
  logGaps: number;
  /** Lines holding a minted token. Target 0. */
  linesWithTokens: number;
  /** The first few, to see what leaked. */
  leakedLines: string[];
  /** Requests answered, by worker pid (from the request events). */
  answeredBy: Record<string, number>;
  rss: RssSample[];
}

/**
 * A fresh stateful mock on `workers` workers, the churn against it for `seconds`, every
 * line it emits collected and searched for the minted tokens; with `rssEverySeconds`,
 * the primary's and each worker's RSS sampled from the start, then every so often, and
 * once more as the load ends.
 */
export async function soakSessions(options: { spec: string; workers: number; connections: number; seconds: number; rssEverySeconds?: number }): Promise<SessionSoak> {
  const logs = createLogCollector();
  const mock = await startMock({ spec: options.spec, workers: options.workers, onEvent: (event) => logs.onEvent(event) });
  try {
    logs.watch(mock);
    const rss: RssSample[] = [];
    const sample = async (atS: number) => {
      const workers = await workerRss(mock.pid!);
      const primary = (await processRssKb(mock.pid!)) ?? 0;
      rss.push({ atS, primaryMb: mb(primary), workersMb: Object.fromEntries([...workers].map(([pid, kb]) => [String(pid), mb(kb)])) });
    };
    const started = performance.now();
    let loading = true;
    const sampling = (async () => {
      const every = options.rssEverySeconds;
      if (!every) return;
      for (let atS = 0; atS < options.seconds && loading; atS += every) {
        await sleep(started + atS * 1000 - performance.now());
        if (loading) await sample(atS);
      }
    })();
    const churn = await churnSessions({ url: mock.url, connections: options.connections, seconds: options.seconds });
    loading = false;
    await sampling;
    if (options.rssEverySeconds) await sample(Math.round((performance.now() - started) / 100) / 10);
    // Let the last request events arrive before the lines are searched.
    await sleep(300);
    logs.stop();
    const leaked = linesWithTokens(logs.lines(), churn.tokens);
    return {
      workers: options.workers,
      counts: churn.counts,
      logLines: logs.lines().length,
      logGaps: logs.gaps(),
      linesWithTokens: leaked.length,
      leakedLines: leaked.slice(0, 5),
      answeredBy: logs.answeredBy(),
      rss,
    };
  } finally {
    logs.stop();
    await mock.close();
  }
}

const mb = (kb: number) => Math.round(kb / 102.4) / 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
