// The reference page, side by side in one run with the page as it was before its code
// samples (`--no-code-samples`), with what `start` serves at /docs (samples and a "Try it"
// panel per operation), and with what a user gets from `redocly build-docs` (the Redocly
// CLI this project already pins): the time to write each page, what each page weighs and
// asks of the network, and how long Chromium takes, from file:// with no network (the
// served page: from the mock, nothing else reachable), to show every operation of the
// Auth API (the served page: and every panel).
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { renderDocsPage } from '../src/docs/docs-page.js';
import { startMock } from '../src/mock/index.js';
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
  /** Requests the page made to anything but file:, data:, blob: and the mock serving it (all fail here: no network). */
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
  const document = JSON.parse(await readFile(BUNDLE, 'utf8'));
  const summaries = listOperations(document).map((operation) => operation.summary!);
  const authkit = (...flags: string[]) => (file: string) => [process.execPath, join(ROOT, 'bin', 'authkit.js'), 'docs', ...flags, '--out', file];
  const contenders = [
    { name: 'authkit docs, before the code samples (--no-code-samples)', file: join(dir, 'plain.html'), argv: authkit('--no-code-samples') },
    { name: 'authkit docs (Redoc 2.5 inlined, 3 samples per operation)', file: join(dir, 'authkit.html'), argv: authkit() },
    { name: 'redocly build-docs (Redoc 3 from its CDN)', file: join(dir, 'redocly.html'), argv: (file: string) => [process.execPath, join(ROOT, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js'), 'build-docs', BUNDLE, '-o', file] },
  ];
  const browser = await launchChromium();
  const mock = await startMock({ spec: BUNDLE, workers: 1, docs: true });
  /** Opens the page once: the milliseconds until `ready` counts every operation (undefined if it never does), and what it showed. */
  const openOnce = async (url: string, offline: boolean, allowed: (url: string) => boolean, ready: (page: Page) => Promise<number>, networkRequests: Set<string>) => {
    const context = await browser.newContext({ offline, viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    page.on('request', (request) => {
      if (!allowed(request.url())) networkRequests.add(request.url());
    });
    const started = performance.now();
    await page.goto(url);
    const deadline = started + RENDER_TIMEOUT_MS;
    let count = await ready(page);
    while (count < summaries.length && performance.now() < deadline) {
      await page.waitForTimeout(20);
      count = await ready(page);
    }
    const elapsed = count === summaries.length ? performance.now() - started : undefined;
    await context.close();
    return { elapsed, count };
  };
  const headingsShown = async (page: Page) => (await Promise.all(summaries.map((summary) => page.locator('h2', { hasText: new RegExp(`^\\s*${summary}\\s*$`) }).first().isVisible()))).filter(Boolean).length;
  // Every heading visible, and every operation's panel drawn into it.
  const panelsToo = async (page: Page) => Math.min(await headingsShown(page), await page.locator('[data-authkit-try]').count());
  const pages = [
    ...contenders.map((contender) => ({ ...contender, url: pathToFileURL(contender.file).href, offline: true, allowed: (url: string) => /^(file|data|blob):/.test(url), ready: headingsShown })),
    { name: "start's /docs (samples and a Try it panel per operation, served by the mock)", file: undefined, argv: undefined, url: `${mock.url}/docs`, offline: false, allowed: (url: string) => /^(data|blob):/.test(url) || url.startsWith(`${mock.url}/`), ready: panelsToo },
  ];
  const samples = pages.map(() => ({ writes: [] as number[], renders: [] as number[], networkRequests: new Set<string>(), shown: 0 }));
  try {
    // Interleaved: run i writes and opens every page before run i + 1, so a busy moment weighs on all of them alike.
    for (let i = 0; i < runs; i += 1) {
      for (const [index, page] of pages.entries()) {
        const sample = samples[index]!;
        if (page.argv) sample.writes.push(timeCommand(page.argv(page.file!), 1));
        else {
          // Served: the mock renders the page once per spec change; its time is that render.
          const started = performance.now();
          renderDocsPage(document, { liveReloadUrl: '/docs/events', baseUrl: mock.url, tryIt: true });
          sample.writes.push(performance.now() - started);
        }
        const opened = await openOnce(page.url, page.offline, page.allowed, page.ready, sample.networkRequests);
        if (opened.elapsed !== undefined) sample.renders.push(opened.elapsed);
        sample.shown = opened.count;
      }
    }
    const results: DocsContender[] = [];
    for (const [index, page] of pages.entries()) {
      const sample = samples[index]!;
      const pageBytes = page.file ? (await readFile(page.file)).length : Buffer.byteLength(await (await fetch(page.url)).text());
      results.push({
        name: page.name,
        command: page.argv ? page.argv(page.file!).map((part) => part.replace(`${ROOT}/`, '').replace(`${dir}/`, '')).join(' ') : 'authkit start → GET /docs (the render measured in-process)',
        writeMedianMs: round(median(sample.writes), 0),
        pageBytes,
        networkRequests: [...sample.networkRequests],
        allOperationsMedianMs: sample.renders.length === runs ? round(median(sample.renders), 0) : null,
        operationsShown: sample.shown,
        operations: summaries.length,
      });
    }
    return results;
  } finally {
    await browser.close();
    await mock.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export function printDocsPage(results: DocsContender[]): void {
  console.log(`the API reference page, Auth API; Chromium from file:// with the network off, the served page from the mock (medians of interleaved runs)`);
  for (const result of results) {
    console.log(`  ${result.name}`);
    console.log(`    write  ${result.writeMedianMs} ms   page ${(result.pageBytes / 1024).toFixed(0)} KiB   network requests ${result.networkRequests.length}${result.networkRequests.length ? ` (${result.networkRequests.join(', ')})` : ''}`);
    console.log(`    every operation visible: ${result.allOperationsMedianMs === null ? `never (${result.operationsShown} of ${result.operations} within ${RENDER_TIMEOUT_MS / 1000} s)` : `${result.allOperationsMedianMs} ms`}`);
  }
  const [before, now, , served] = results;
  if (!before || !now || !served) return;
  const against = (page: DocsContender) =>
    `${page.pageBytes - before.pageBytes >= 0 ? '+' : ''}${((page.pageBytes - before.pageBytes) / 1024).toFixed(1)} KiB, every operation visible ${page.allOperationsMedianMs !== null && before.allOperationsMedianMs !== null ? `${round(page.allOperationsMedianMs / before.allOperationsMedianMs)}×` : 'n/a'}`;
  console.log(`  against the page before the samples, in this run: the written page ${against(now)}; the served page ${against(served)}`);
}
