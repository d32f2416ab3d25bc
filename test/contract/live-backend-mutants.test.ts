import { describe, expect, it, onTestFinished } from 'vitest';
import { startLiveBackend, type LiveBackendMutant } from '../fixtures/live-backend.js';
import { browsers, ROWS } from '../helpers/session-rows.js';

// Each defect of the fixture backend is caught, and by the rows that should catch it:
// the session lifecycle rows (test/helpers/session-rows.ts, which the mock, the MSW
// handlers and the correct backend all pass in test/mock/sessions.test.ts) run against a
// backend with one defect, and exactly the rows named here fail. A row that starts
// passing a defect, or failing one it has nothing to do with, fails this test.
const LOGOUT = 'logout ends the session and sends the documented clearing cookies; the old token replayed gets 401';
const GONE_FROM_EVERY_WORKER = 'a session every worker has answered from is gone from all of them once logged out: 20 replays, all 401';
const REFRESH = 'refresh rotates both tokens; the old refresh token and the old access token then get 401';
const REVOKE = "two sessions: the list shows both, the caller's marked current; revoking one ends it, an unknown id is the documented 404";

// [defect, the rows that must fail]
const MUTANTS: Array<[LiveBackendMutant | 'none (the correct backend)', string[]]> = [
  ['none (the correct backend)', []],
  ['logout-keeps-session', [LOGOUT, GONE_FROM_EVERY_WORKER]],
  ['refresh-reusable', [REFRESH]],
  ['revoke-noop', [REVOKE]],
];

describe('every defect of the live backend fails exactly the rows that name it', () => {
  it('the rows named here are rows of the table', () => {
    const names = ROWS.map(([row]) => row);
    for (const row of MUTANTS.flatMap(([, rows]) => rows)) expect(names).toContain(row);
  });

  it.each(MUTANTS)('%s', async (mutant, expectedFailures) => {
    const backend = await startLiveBackend(mutant.startsWith('none') ? {} : { mutant: mutant as LiveBackendMutant });
    onTestFinished(() => backend.close());
    const browser = browsers(backend.url);
    // In the table's order, on one backend, as test/mock/sessions.test.ts runs them.
    const failures: Array<{ row: string; why: string }> = [];
    for (const [row, run, expected] of ROWS) {
      try {
        expect(await run(browser)).toEqual(expected);
      } catch (error) {
        failures.push({ row, why: (error as Error).message });
      }
    }
    expect(failures.map(({ row }) => row), `rows that failed, and why:\n${failures.map(({ row, why }) => `- ${row}\n  ${why}`).join('\n')}`).toEqual(expectedFailures);
  });
});
