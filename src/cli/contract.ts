import { relative } from 'node:path';
import { DEFAULT_SPEC } from '../project-root.js';
import { formatCoverageTable, runFailed, writeReports } from '../contract/report.js';
import { runContract, type ContractRun } from '../contract/run-contract.js';
import { startMock } from '../mock/start-mock.js';
import { loadLintConfig } from '../spec/lint-config.js';
import { prepareSpec } from '../spec/prepare-spec.js';
import { formatProblem } from '../spec/spec-problem.js';
import { writeTempBundle } from '../spec/temp-bundle.js';
import { parseFlags, SPEC_FLAGS, UsageError } from './args.js';

const USAGE =
  'usage: npm run contract -- [--spec <path>] [--config <redocly.yaml>] [--base-url <url> | --proxy <upstream-url>] [--port <n>] [--concurrency <n>] [--reports <dir>]';

export interface ContractJobOptions {
  spec: string;
  config?: string;
  /** A live server to test instead of a mock. */
  baseUrl?: string;
  /** Put `prism proxy` in front of this server and test through it. */
  proxy?: string;
  port?: number;
  concurrency?: number;
  log?: (line: string) => void;
}

/**
 * The contract run as `npm run contract` does it: lint (stopping only on a spec that
 * is unusable), then a mock, a proxy or a live server, then the matrix.
 */
export async function runContractJob(options: ContractJobOptions): Promise<ContractRun> {
  const log = options.log ?? (() => {});
  const config = await loadLintConfig(options.config);
  const prepared = await prepareSpec({ spec: options.spec, config, stopOn: 'structural' });
  if (prepared.tolerated.length > 0) {
    log(`⚠ lint found ${prepared.tolerated.length} problem(s); the run goes on and shows which pairs they break:`);
    for (const problem of prepared.tolerated) log(`  ${formatProblem(problem)}`);
  }
  if (options.baseUrl) {
    return runContract({ document: prepared.document, baseUrl: options.baseUrl, mode: 'live', concurrency: options.concurrency });
  }
  const bundle = await writeTempBundle(prepared.document);
  try {
    const mock = await startMock({ spec: bundle.file, port: options.port, proxyTo: options.proxy });
    try {
      return await runContract({
        document: prepared.document,
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

function positiveInteger(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new UsageError(`${flag} must be a positive integer, got "${value}".\n${USAGE}`);
  return parsed;
}

export async function main(argv: string[]): Promise<number> {
  const flags = parseFlags(
    argv,
    { ...SPEC_FLAGS, 'base-url': { type: 'string' }, proxy: { type: 'string' }, port: { type: 'string' }, concurrency: { type: 'string' }, reports: { type: 'string', default: 'reports' } },
    USAGE,
  );
  if (flags.help) return void console.log(USAGE), 0;
  if (flags['base-url'] && flags.proxy) throw new UsageError(`--base-url and --proxy do not go together.\n${USAGE}`);
  const run = await runContractJob({
    spec: flags.spec ?? DEFAULT_SPEC,
    config: flags.config,
    baseUrl: flags['base-url'],
    proxy: flags.proxy,
    port: positiveInteger(flags.port, '--port'),
    concurrency: positiveInteger(flags.concurrency, '--concurrency'),
    log: (line) => console.error(line),
  });
  console.log(formatCoverageTable(run));
  const written = await writeReports(run, flags.reports ?? 'reports');
  console.log(`\nreports: ${relative(process.cwd(), written.json)}, ${relative(process.cwd(), written.junit)}`);
  return runFailed(run) ? 1 : 0;
}
