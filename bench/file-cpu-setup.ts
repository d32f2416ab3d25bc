// Loaded into each test file by vitest.config.ts only under `npm run bench -- suite-files`
// (AUTHKIT_BENCH_FILE_CPU names a folder). Two things per test file: its own CPU in the
// vitest worker (from its import to its last hook; a worker runs one file at a time), and
// AUTHKIT_BENCH_TEST_FILE set while it runs, so that the processes it starts carry the
// file's name in their environment, where bench/suite-files.ts reads it.
import { appendFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

const folder = process.env.AUTHKIT_BENCH_FILE_CPU;
const started = process.cpuUsage();
let file = '';

// vitest wants the first parameter (the test context) as a destructuring pattern.
beforeAll(({}, suite) => {
  file = relative(process.cwd(), (suite as { filepath?: string }).filepath ?? '');
  process.env.AUTHKIT_BENCH_TEST_FILE = file;
});

afterAll(() => {
  const used = process.cpuUsage(started);
  if (folder) appendFileSync(join(folder, 'own.tsv'), `${file}\t${(used.user + used.system) / 1e6}\n`);
});
