import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startMock } from '../../src/mock/start-mock.js';
import { projectRoot } from '../../src/project-root.js';

declare module 'vitest' {
  export interface ProvidedContext {
    mock: { url: string; pid: number | undefined; logFile: string };
  }
}

// One Prism for the whole run, on a free port, serving the committed bundle. Its log
// goes to a file, so a test worker can show Prism's last lines if Prism dies mid-run.
export default async function setup(project: TestProject) {
  const logFile = join(projectRoot(), 'reports', 'prism.log');
  mkdirSync(join(projectRoot(), 'reports'), { recursive: true });
  writeFileSync(logFile, '');
  const mock = await startMock({ onLog: (line) => appendFileSync(logFile, `${line}\n`) });
  project.provide('mock', { url: mock.url, pid: mock.pid, logFile });
  return () => mock.close();
}
