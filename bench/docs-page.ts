// The reference page, side by side with what a user gets from `redocly build-docs` (the
// Redocly CLI this project already pins): the time to write each page, what each page
// weighs and asks of the network, and how long Chromium takes, from file:// with no
// network, to show every operation of the Auth API.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchChromium } from '../test/helpers/browser.js';
import { listOperations } from '../src/openapi/operations.js';
import { toolkitRoot } from '../src/toolkit-package.js';
import { median, round } from './stats.js';

const ROOT = toolkitRoot();
const BUNDLE = join(ROOT, 'generated', 'openapi.json');
const RENDER_TIMEOUT_MS = 15_000;

export interface DocsContender {
  name: string;
  command: string;
  writeMedianMs: number;
  pageBytes: number;
  /** Requests the page made to anything but file:, data: and blob: (all fail here: no network). */
  networkRequests: string[];
  /** Median time from navigation until every operation's heading is visible; null when it never is. */
  allOperationsMedianMs: number | null;
  operationsShown: number;
  operations: number;
}

function timeCommand(argv: string[], runs: number): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    const result = spawnSync(argv[0]!, argv.slice(1), { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' }, encoding: 'utf8' });
    samples.push(performance.now() - started);
    if (result.status !== 0) throw new Error(`${argv.join(' ')} exited ${result.status}:\n${result.stdout}${result.stderr}`);
  }
  return round(median(samples), 0);
}

export async function measureDocsPage(runs = 5): Promise<DocsContender[]> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-docs-'));
  const summaries = listOperations(JSON.parse(await readFile(BUNDLE, 'utf8'))).map((operation) => operation.summary!);
  const contenders = [
    { name: 'authkit docs (Redoc 2.5 inlined)', file: join(dir, 'authkit.html'), argv: (file: string) => [process.execPath, join(ROOT, 'bin', 'authkit.js'), 'docs', '--out', file] },
    { name: 'redocly build-docs (Redoc 3 from its CDN)', file: join(dir, 'redocly.html'), argv: (file: string) => [process.execPath, join(ROOT, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js'), 'build-docs', BUNDLE, '-o', file] },
  ];
  const browser = await launchChromium();
  const results: DocsContender[] = [];
  try {
    for (const contender of contenders) {
      const argv = contender.argv(contender.file);
      const writeMedianMs = timeCommand(argv, runs);
      const pageBytes = (await readFile(contender.file)).length;
      const renders: number[] = [];
      const networkRequests = new Set<string>();
      let operationsShown = 0;
      for (let i = 0; i < runs; i += 1) {
        const context = await browser.newContext({ offline: true, viewport: { width: 1440, height: 900 } });
        const page = await context.newPage();
        page.on('request', (request) => {
          if (!/^(file|data|blob):/.test(request.url())) networkRequests.add(request.url());
        });
        const started = performance.now();
        await page.goto(pathToFileURL(contender.file).href);
        const shown = async () => (await Promise.all(summaries.map((summary) => page.locator('h2', { hasText: new RegExp(`^\\s*${summary}\\s*$`) }).first().isVisible()))).filter(Boolean).length;
        const deadline = started + RENDER_TIMEOUT_MS;
        let count = await shown();
        while (count < summaries.length && performance.now() < deadline) {
          await page.waitForTimeout(20);
          count = await shown();
        }
        if (count === summaries.length) renders.push(performance.now() - started);
        operationsShown = count;
        await context.close();
      }
      results.push({
        name: contender.name,
        command: argv.map((part) => part.replace(`${ROOT}/`, '').replace(`${dir}/`, '')).join(' '),
        writeMedianMs,
        pageBytes,
        networkRequests: [...networkRequests],
        allOperationsMedianMs: renders.length === runs ? round(median(renders), 0) : null,
        operationsShown,
        operations: summaries.length,
      });
    }
  } finally {
    await browser.close();
    await rm(dir, { recursive: true, force: true });
  }
  return results;
}

export function printDocsPage(results: DocsContender[]): void {
  console.log('the API reference page, Auth API; Chromium from file:// with the network off (medians)');
  for (const result of results) {
    console.log(`  ${result.name}`);
    console.log(`    write  ${result.writeMedianMs} ms   page ${(result.pageBytes / 1024).toFixed(0)} KiB   network requests ${result.networkRequests.length}${result.networkRequests.length ? ` (${result.networkRequests.join(', ')})` : ''}`);
    console.log(`    every operation visible: ${result.allOperationsMedianMs === null ? `never (${result.operationsShown} of ${result.operations} within ${RENDER_TIMEOUT_MS / 1000} s)` : `${result.allOperationsMedianMs} ms`}`);
  }
}
