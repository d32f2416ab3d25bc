import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { scratchInMemory } from './test/scratch-in-memory.js';
import { HeavyFirstSequencer } from './test/sequencer.js';

// Two tiers, one run. `quick` (with `quick-isolated`) is the inner loop (`npm run test:quick`, under a minute):
// unit tests, type tests, the Auth API's matrix and the CLI, with no browser, no public
// spec and no tarball. `full` is the rest; `npm test` runs both, side by side in one pool.
const QUICK = ['test/unit/**/*.test.ts', 'test/react-query/**/*.test.ts', 'test/contract/contract.test.ts', 'test/msw/handlers.test.ts'];
// Quick files that need a module graph of their own: one mocks node:fs/promises, one
// counts the reads of each spec file (a module another file loaded would read less).
const QUICK_ISOLATED = ['test/unit/flows-report.test.ts', 'test/unit/spec-reads.test.ts'];

export default defineConfig({
  test: {
    // Most files wait on processes they start (a mock, the CLI, npm, Chromium), so more
    // files than cores run at once; heavy ones first (test/sequencer.ts) so that no long
    // file starts last and runs alone.
    maxWorkers: 3,
    // Temporary folders in memory where there is room (test/scratch-in-memory.ts). One cache
    // folder for every toolkit process of the run, the repository's own (unless one is
    // set): a command run in a temporary folder would keep its caches under the run's
    // TMPDIR, empty at each run and apart from those `npm test` has just warmed
    // (scripts/warm-caches.js). Tests of the cache itself set a folder of their own.
    env: { ...scratchInMemory(), AUTHKIT_CACHE_DIR: process.env.AUTHKIT_CACHE_DIR ?? fileURLToPath(new URL('./node_modules/.cache/authkit', import.meta.url)) },
    // `npm run bench -- suite-files` only: each file's CPU and that of the processes it starts.
    setupFiles: process.env.AUTHKIT_BENCH_FILE_CPU ? ['bench/file-cpu-setup.ts'] : [],
    sequence: { sequencer: HeavyFirstSequencer },
    reporters: ['default', './test/reporters/plain-summary.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'quick',
          include: QUICK,
          exclude: QUICK_ISOLATED,
          // The quick files share one module graph per worker instead of importing the
          // toolkit again for each file: a fifth less CPU for the tier. Each test starts and
          // stops what it needs; mocks and stubs are restored where they are made.
          isolate: false,
          // The Auth API's matrix runs against one mock shared by the run.
          globalSetup: ['test/contract/global-setup.ts'],
          typecheck: {
            enabled: true,
            // TypeScript 7, as `npm run typecheck`: a third of 5.9's CPU on these files
            // (the packed consumer is checked with both, in test/package). Through the same
            // script, with the same incremental state: in `npm test`, the type tests read
            // what `npm run typecheck` has just found instead of checking everything again.
            checker: fileURLToPath(new URL('./scripts/typecheck.js', import.meta.url)),
            include: ['test/types/**/*.test-d.ts'],
            tsconfig: './tsconfig.json',
          },
        },
      },
      {
        extends: true,
        test: { name: 'quick-isolated', include: QUICK_ISOLATED },
      },
      {
        extends: true,
        test: {
          name: 'full',
          include: ['test/**/*.test.ts'],
          exclude: [...QUICK, 'test/consumer/**', 'node_modules/**'],
          // One module graph per worker here too: each file imported the toolkit again
          // (about 12 s of the run's CPU). These files mock no module; the one that sets an
          // environment variable puts it back, and a worker runs one file at a time.
          isolate: false,
          // One Chromium for every browser test of the run.
          globalSetup: ['test/browser/global-setup.ts'],
        },
      },
    ],
    testTimeout: 30_000,
    // Concurrent tests each start a real Prism: three at a time keep two cores responsive.
    maxConcurrency: 3,
    hookTimeout: 60_000,
  },
});
