import { watch, type FSWatcher } from 'node:fs';
import { dirname, join } from 'node:path';
import { createTempDir, type TempDir } from '../lifecycle/temp-dir.js';
import { startMock, type MockServer } from '../mock/start-mock.js';
import type { MockEvent } from '../mock/mock-events.js';
import type { OpenApiDocument } from '../openapi/document.js';
import { SpecError, type SpecProblem } from '../openapi/spec-problem.js';
import { generateApi } from './generate-job.js';
import { checkMockState, mockStateOptions, type MockStateChoice } from './mock-state-check.js';
import type { ApiTarget } from './project.js';

export type DevServerEvent =
  | { type: 'serving'; url: string; document: OpenApiDocument; outDir: string; findings: SpecProblem[] }
  /** An edit passed lint; `reloading` says whether the served contract changed. */
  | { type: 'regenerated'; written: string[]; reloading: boolean }
  | { type: 'rejected'; error: SpecError }
  | { type: 'mock'; event: MockEvent };

export interface DevServerOptions {
  target: ApiTarget;
  host: string;
  port: number;
  /** Mock processes sharing the port; default one per core. */
  workers?: number;
  watch: boolean;
  /** Any lint error stops it (and an edit with one is rejected), not only an unusable spec. */
  strict?: boolean;
  /** `--stateless`, `--seed`. */
  state?: MockStateChoice;
  onEvent: (event: DevServerEvent) => void;
}

export interface DevServer {
  mock: MockServer;
  outDir: string;
  close(): Promise<void>;
}

/**
 * The main job: lint, generate, serve the bundle with Prism, and on every edit of the
 * spec's folder lint and regenerate again. Prism watches the bundle and reloads itself
 * (the mock announces it with events); an edit that fails lint is reported and the
 * last good contract stays served.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  // A spec with no configured output is served from a temporary folder, so that
  // nobody's committed files are overwritten by a dev server.
  const temp: TempDir | undefined = options.target.outDir ? undefined : await createTempDir('authkit-start-');
  const target: ApiTarget = temp ? { ...options.target, outDir: temp.dir } : options.target;
  // The first run always lints and builds: the banner shows this run's lint, and the
  // document it serves comes from memory, not back from disk.
  const first = await generateApi(target, { useCache: false, strict: options.strict });
  const document = first.document!;
  checkMockState(target, document, options.state ?? {});
  const mock = await startMock({
    ...mockStateOptions(target, options.state ?? {}),
    spec: join(first.outDir, target.bundleFile),
    document,
    host: options.host,
    port: options.port,
    workers: options.workers,
    docs: true,
    onEvent: (event) => options.onEvent({ type: 'mock', event }),
    removeWhenOrphaned: temp ? [temp.dir] : [],
  });
  options.onEvent({ type: 'serving', url: mock.url, document, outDir: first.outDir, findings: first.findings });

  let watcher: FSWatcher | undefined;
  if (options.watch) {
    let timer: NodeJS.Timeout | undefined;
    let running = Promise.resolve();
    const regenerate = async () => {
      try {
        const { written, document: edited } = await generateApi(target, { strict: options.strict });
        // A state mark the mock cannot use: the edit is refused as a lint error would be (the mock keeps its last plan).
        if (edited) checkMockState(target, edited, options.state ?? {});
        options.onEvent({ type: 'regenerated', written, reloading: written.some((file) => file.endsWith(target.bundleFile)) });
      } catch (error) {
        if (!(error instanceof SpecError)) throw error;
        options.onEvent({ type: 'rejected', error });
      }
    };
    watcher = watch(dirname(target.root), { recursive: true }, (_event, file) => {
      if (file && !/\.(ya?ml|json)$/i.test(file)) return;
      clearTimeout(timer);
      timer = setTimeout(() => (running = running.then(regenerate)), 150);
    });
  }

  return {
    mock,
    outDir: first.outDir,
    close: async () => {
      watcher?.close();
      await mock.close();
      await temp?.dispose();
    },
  };
}

