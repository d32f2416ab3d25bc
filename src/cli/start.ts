import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { BUNDLED_SPEC_FILE, DEFAULT_OUT_DIR, DEFAULT_SPEC } from '../project-root.js';
import { generate } from '../generate/generate.js';
import { startMock, type MockServer } from '../mock/start-mock.js';
import { loadLintConfig } from '../spec/lint-config.js';
import { SpecError } from '../spec/spec-problem.js';
import { parseFlags, SPEC_FLAGS, UsageError } from './args.js';
import { formatBanner } from './banner.js';

const USAGE = 'usage: npm start -- [--spec <path>] [--config <redocly.yaml>] [--out <dir>] [--host <host>] [--port <n>] [--no-watch]';

export interface DevServerOptions {
  spec: string;
  config?: string;
  outDir: string;
  host: string;
  port: number;
  watch: boolean;
  log: (line: string) => void;
}

export interface DevServer {
  mock: MockServer;
  close(): Promise<void>;
}

/**
 * The main job: lint, generate, serve the bundle with Prism, and on every edit of the
 * spec's folder lint and regenerate again. Prism watches the bundle and reloads itself;
 * an edit that fails lint is reported and the last good contract stays served.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const config = await loadLintConfig(options.config);
  await generate({ spec: options.spec, config, outDir: options.outDir });
  const bundleFile = join(options.outDir, BUNDLED_SPEC_FILE);
  let ready = false;
  let reloadPending = false;
  const mock = await startMock({
    spec: bundleFile,
    host: options.host,
    port: options.port,
    onLog: (line) => {
      if (!ready) return;
      if (reloadPending && line.includes('Prism is listening')) {
        reloadPending = false;
        options.log('✔ mock reloaded: it serves the new contract');
      } else if (!/Prism is listening|Restarting Prism|Loading the updated operations/.test(line) && !/›\s*\[CLI\]\s*ℹ\s+info\s+(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|TRACE)\s+http/.test(line)) {
        options.log(`  prism │ ${line}`);
      }
    },
  });
  ready = true;
  const document = JSON.parse(await readFile(bundleFile, 'utf8'));
  options.log(formatBanner({ document, url: mock.url, spec: options.spec, outDir: options.outDir, watching: options.watch }));

  let watcher: FSWatcher | undefined;
  if (options.watch) {
    let timer: NodeJS.Timeout | undefined;
    let running = Promise.resolve();
    const regenerate = async () => {
      try {
        // The config is read again too, so an edit to redocly.yaml counts from the next save.
        const { written } = await generate({ spec: options.spec, config: await loadLintConfig(options.config), outDir: options.outDir });
        if (written.some((file) => file.endsWith(BUNDLED_SPEC_FILE))) {
          reloadPending = true;
          options.log(`↻ spec changed: lint ✔, regenerated ${written.map((file) => basename(file)).join(', ')}; the mock is reloading…`);
        } else {
          options.log(written.length > 0 ? `↻ spec changed: lint ✔, regenerated ${written.map((file) => basename(file)).join(', ')}` : '↻ spec saved: the contract did not change');
        }
      } catch (error) {
        const detail = error instanceof SpecError ? error.message : String(error);
        options.log(`✖ the edited spec does not pass; the mock keeps serving the last good contract:\n${detail}`);
      }
    };
    watcher = watch(dirname(options.spec), { recursive: true }, (_event, file) => {
      if (file && !/\.(ya?ml|json)$/i.test(file)) return;
      clearTimeout(timer);
      timer = setTimeout(() => (running = running.then(regenerate)), 150);
    });
  }

  return {
    mock,
    close: async () => {
      watcher?.close();
      await mock.close();
    },
  };
}

export async function main(argv: string[]): Promise<number> {
  const flags = parseFlags(
    argv,
    { ...SPEC_FLAGS, out: { type: 'string' }, host: { type: 'string', default: '127.0.0.1' }, port: { type: 'string', default: '4010' }, 'no-watch': { type: 'boolean', default: false } },
    USAGE,
  );
  if (flags.help) return void console.log(USAGE), 0;
  const port = Number(flags.port);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new UsageError(`--port must be a port number, got "${flags.port}".\n${USAGE}`);
  const spec = resolve(flags.spec ?? DEFAULT_SPEC);
  // Another team's spec must never overwrite the committed generated/ of the default one.
  const outDir = flags.out ? resolve(flags.out) : spec === DEFAULT_SPEC ? DEFAULT_OUT_DIR : join(tmpdir(), `contract-start-${basename(dirname(spec))}-${basename(spec).replace(/\W/g, '_')}`);
  const server = await startDevServer({ spec, config: flags.config, outDir, host: flags.host ?? '127.0.0.1', port, watch: !flags['no-watch'], log: (line) => console.log(line) });
  await new Promise<void>((resolveStop) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolveStop());
  });
  await server.close();
  return 0;
}
