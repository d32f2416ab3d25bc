import { runContract, type ContractRun } from '../contract/run-contract.js';
import { startMock } from '../mock/start-mock.js';
import { writeTempBundle } from '../mock/temp-bundle.js';
import { loadSpec, type LoadedSpec } from './load-spec.js';
import type { ApiTarget } from './project.js';

export interface ContractJobOptions {
  target: ApiTarget;
  /** A live server to test instead of a mock. */
  baseUrl?: string;
  /** Put `prism proxy` in front of this server and test through it. */
  proxy?: string;
  port?: number;
  concurrency?: number;
  /** Any lint error stops the run, not only an unusable spec. */
  strict?: boolean;
  /** Told about lint errors the run goes on despite. */
  onTolerated?: (loaded: LoadedSpec) => void;
}

/**
 * The contract run: load the spec once (stopping only on a spec that is unusable),
 * then a mock, a proxy or a live server, then the matrix.
 */
export async function runContractJob(options: ContractJobOptions): Promise<ContractRun> {
  const loaded = await loadSpec(options.target, { stopOn: options.strict ? 'any-error' : 'structural' });
  if (loaded.tolerated.length > 0) options.onTolerated?.(loaded);
  if (options.baseUrl) {
    return runContract({ document: loaded.document, baseUrl: options.baseUrl, mode: 'live', concurrency: options.concurrency });
  }
  // Prism reads files only: it gets the bundle this run already holds in memory.
  const bundle = await writeTempBundle(loaded.document);
  try {
    const mock = await startMock({ spec: bundle.file, document: loaded.document, port: options.port, proxyTo: options.proxy, removeWhenOrphaned: [bundle.dir] });
    try {
      return await runContract({
        document: loaded.document,
        baseUrl: mock.url,
        mode: options.proxy ? 'live' : 'mock',
        concurrency: options.concurrency,
        diagnostics: () => ({ running: mock.running(), lines: mock.logs() }),
      });
    } finally {
      await mock.close();
    }
  } finally {
    await bundle.dispose();
  }
}
