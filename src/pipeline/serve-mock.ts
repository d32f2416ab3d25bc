import { startMock, type MockServer } from '../mock/start-mock.js';
import type { MockEvent } from '../mock/mock-events.js';
import { writeTempBundle } from '../mock/temp-bundle.js';
import { loadSpec, type LoadedSpec } from './load-spec.js';
import { checkMockState, mockStateOptions, type MockStateChoice } from './mock-state-check.js';
import type { ApiTarget } from './project.js';

export interface ServedMock {
  mock: MockServer;
  loaded: LoadedSpec;
  close(): Promise<void>;
}

/**
 * The mock alone: the spec is loaded once (only an unusable spec stops it), bundled in
 * memory and served. Nothing is generated or watched.
 */
export async function serveMock(target: ApiTarget, options: { host: string; port: number; workers?: number; strict?: boolean; state?: MockStateChoice; onEvent?: (event: MockEvent) => void }): Promise<ServedMock> {
  const loaded = await loadSpec(target, { stopOn: options.strict ? 'any-error' : 'structural' });
  checkMockState(target, loaded.document, options.state ?? {});
  const bundle = await writeTempBundle(loaded.document);
  try {
    const mock = await startMock({ spec: bundle.file, document: loaded.document, host: options.host, port: options.port, workers: options.workers, onEvent: options.onEvent, removeWhenOrphaned: [bundle.dir], ...mockStateOptions(target, options.state ?? {}) });
    return {
      mock,
      loaded,
      close: async () => {
        await mock.close();
        await bundle.dispose();
      },
    };
  } catch (error) {
    await bundle.dispose();
    throw error;
  }
}
