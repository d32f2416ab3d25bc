import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startMock } from '../../src/mock/start-mock.js';
import { AUTH_BUNDLE, ROOT } from '../helpers/paths.js';

declare module 'vitest' {
  export interface ProvidedContext {
    mock: { url: string; pid: number | undefined; logFile: string };
  }
}

// One Prism for the whole run, on a free port, serving the committed bundle. What it
// logs goes to a file, so a test worker can show Prism's last lines if Prism dies mid-run.
export default async function setup(project: TestProject) {
  const logFile = join(ROOT, 'reports', 'prism.log');
  mkdirSync(join(ROOT, 'reports'), { recursive: true });
  writeFileSync(logFile, '');
  const mock = await startMock({
    spec: AUTH_BUNDLE,
    // One worker: the matrix's few hundred requests do not need two, and the quick
    // tier's CPU goes to the tests.
    workers: 1,
    onEvent: (event) => {
      if (event.type === 'log') appendFileSync(logFile, `${event.line}\n`);
    },
  });
  project.provide('mock', { url: mock.url, pid: mock.pid, logFile });
  return () => mock.close();
}
