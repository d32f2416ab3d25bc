// Per-request cost of the typed client against raw fetch, on the same local server.
// Requests alternate between the contenders one by one (ABAB, then BABA), so drift on
// the machine hits both alike; each figure is the median over every request sent.
// Target: the client's median at most 1.05× raw fetch's, in both comparisons; and `me`
// validated (validate 'warn', the body checked against its schema) at most 1.15× the
// same call unvalidated.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createApiClient } from '../src/index.js';
import * as schemas from '../generated/schemas.js';
import { median, percentile, round } from './stats.js';

export interface Comparison {
  name: string;
  baselineMedianUs: number;
  clientMedianUs: number;
  ratio: number;
  baselineP95Us: number;
  clientP95Us: number;
  /** This comparison's own target, when it is not CLIENT_OVERHEAD_TARGET. */
  targetRatio?: number;
}

/** The ratio (client median / raw fetch median) each comparison should stay within. */
export const CLIENT_OVERHEAD_TARGET = 1.05;
/** The ratio a validated `me` (validate 'warn') should stay within against the same call unvalidated. */
export const VALIDATION_OVERHEAD_TARGET = 1.15;

export interface ClientOverheadResult {
  requestsPerContender: number;
  /** CLIENT_OVERHEAD_TARGET, for the report's target line (≤ 1.05×). */
  targetRatio: number;
  comparisons: Comparison[];
}

type Send = () => Promise<unknown>;

async function compare(name: string, baseline: Send, client: Send, requests: number): Promise<Comparison> {
  const samples = { baseline: [] as number[], client: [] as number[] };
  const time = async (send: Send, into: number[]) => {
    const started = performance.now();
    await send();
    into.push((performance.now() - started) * 1000);
  };
  const warmUp: number[] = [];
  for (let i = 0; i < 200; i += 1) {
    await time(baseline, warmUp); // JIT and keep-alive sockets for both
    await time(client, warmUp);
  }
  for (let i = 0; i < requests; i += 1) {
    if (i % 2 === 0) {
      await time(baseline, samples.baseline);
      await time(client, samples.client);
    } else {
      await time(client, samples.client);
      await time(baseline, samples.baseline);
    }
  }
  const baselineMedianUs = median(samples.baseline);
  const clientMedianUs = median(samples.client);
  return {
    name,
    baselineMedianUs: round(baselineMedianUs),
    clientMedianUs: round(clientMedianUs),
    ratio: round(clientMedianUs / baselineMedianUs, 3),
    baselineP95Us: round(percentile(samples.baseline, 95)),
    clientP95Us: round(percentile(samples.client, 95)),
  };
}

export async function measureClientOverhead({ requests = 6_000 } = {}): Promise<ClientOverheadResult> {
  const server = fork(fileURLToPath(new URL('./echo-server.ts', import.meta.url)), { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  try {
    const [chunk] = (await once(server.stdout!, 'data')) as [Buffer];
    const baseUrl = `http://127.0.0.1:${chunk.toString().trim()}`;
    const url = `${baseUrl}/api/v1/auth/me`;
    const api = createApiClient({ baseUrl });
    const apiWithTimeout = createApiClient({ baseUrl, timeoutMs: 30_000 });
    const apiValidating = createApiClient({ baseUrl, schemas, validate: 'warn', onViolation: (violation) => { throw new Error(`unexpected violation at ${violation.pointer}`); } });
    const expectOk = (result: { status: number; data: unknown }) => {
      if (result.status !== 200) throw new Error(`unexpected ${result.status}`);
      return result.data;
    };

    const comparisons = [
      await compare(
        'defaults: client vs fetch(url).json()',
        async () => (await fetch(url, { credentials: 'include' })).json(),
        async () => expectOk(await api.GET('/api/v1/auth/me')),
        requests,
      ),
      await compare(
        'timeouts: client timeoutMs vs fetch with AbortSignal.timeout',
        async () => (await fetch(url, { credentials: 'include', signal: AbortSignal.timeout(30_000) })).json(),
        async () => expectOk(await apiWithTimeout.GET('/api/v1/auth/me')),
        requests,
      ),
      {
        ...(await compare(
          "validation: me with validate 'warn' vs the same call unvalidated",
          async () => expectOk(await api.GET('/api/v1/auth/me')),
          async () => expectOk(await apiValidating.GET('/api/v1/auth/me')),
          requests,
        )),
        targetRatio: VALIDATION_OVERHEAD_TARGET,
      },
    ];
    return { requestsPerContender: requests, targetRatio: CLIENT_OVERHEAD_TARGET, comparisons };
  } finally {
    server.kill();
  }
}
