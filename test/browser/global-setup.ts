import type { TestProject } from 'vitest/node';
import { launchChromiumServer } from '../helpers/browser.js';

declare module 'vitest' {
  export interface ProvidedContext {
    chromium: { wsEndpoint: string };
  }
}

// One Chromium for the whole run: each browser test file connects to it and opens its
// own contexts (cookies and storage apart), instead of launching a browser of its own.
export default async function setup(project: TestProject) {
  const server = await launchChromiumServer();
  project.provide('chromium', { wsEndpoint: server.wsEndpoint() });
  return () => server.close();
}
