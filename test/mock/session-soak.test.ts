import { describe, expect, it } from 'vitest';
import { linesWithTokens, soakSessions } from '../../bench/session-churn.js';
import { AUTH_BUNDLE } from '../helpers/paths.js';

// The short version of the bench's session-churn soak (`npm run bench -- mock`): 16
// keep-alive connections, each registering, signing in, asking who it is, signing out
// and asking again, over and over, against the stateful mock on 2 workers. Counts are
// exact; nothing here is timed.
describe('session churn on the stateful mock, 2 workers', () => {
  it('every session answers as a backend would, no 5xx, and no minted token reaches a log line', async () => {
    const soak = await soakSessions({ spec: AUTH_BUNDLE, workers: 2, connections: 16, seconds: 5 });
    const { counts } = soak;
    const completed = Object.fromEntries(Object.entries(counts.steps).map(([step, { count }]) => [step, count > 0]));
    expect({
      serverErrors: counts.serverErrors,
      meLiveWrong: counts.meLiveWrong,
      meAfterLogoutWrong: counts.meAfterLogoutWrong,
      brokenCycles: counts.brokenCycles,
      connectionErrors: counts.connectionErrors,
      completed,
      linesWithTokens: soak.linesWithTokens,
      leakedLines: soak.leakedLines,
      logGaps: soak.logGaps,
    }).toEqual({
      serverErrors: 0,
      meLiveWrong: 0,
      meAfterLogoutWrong: 0,
      brokenCycles: 0,
      connectionErrors: 0,
      completed: { register: true, login: true, me: true, logout: true, meAfterLogout: true },
      linesWithTokens: 0,
      leakedLines: [],
      logGaps: 0,
    });
    // Each completed cycle is one answer of each step, with the status a backend gives.
    expect(counts.steps).toEqual({
      register: { count: counts.cycles, statuses: { 201: counts.cycles } },
      login: { count: counts.cycles, statuses: { 200: counts.cycles } },
      me: { count: counts.cycles, statuses: { 200: counts.cycles } },
      logout: { count: counts.cycles, statuses: { 200: counts.cycles } },
      meAfterLogout: { count: counts.cycles, statuses: { 401: counts.cycles } },
    });
    // Two fresh tokens per login (access and refresh), none reused; every request was
    // seen as a line (the check above searched them all). Which worker takes a kept-alive
    // connection is the kernel's choice (all 16 may land on one): sessions.test.ts, with
    // a new connection per call, is where both workers are required to answer.
    expect(counts.tokensMinted).toBe(2 * counts.cycles);
    expect(soak.logLines).toBeGreaterThanOrEqual(5 * counts.cycles);
  }, 90_000);

  it('the token search finds a token anywhere in a line (the check above is not vacuous)', () => {
    const tokens = new Set(['NHk-YJZwpbrHvZX3UQtesZaNm14eydBb', 'rt_mIVgNCRKKHQEQCkeBCoVVI1FGqcZ0LLA']);
    const lines = ['GET /api/v1/auth/me → 200 3 ms', 'cookie: access_token=NHk-YJZwpbrHvZX3UQtesZaNm14eydBb; x', 'xrt_mIVgNCRKKHQEQCkeBCoVVI1FGqcZ0LLAx', 'NHk-YJZwpbrHvZX3UQtesZaNm14eydB'];
    expect(linesWithTokens(lines, tokens)).toEqual([lines[1], lines[2]]);
  });
});
