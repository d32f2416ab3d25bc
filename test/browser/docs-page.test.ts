import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it, onTestFinished } from 'vitest';
import { exampleOrSample } from '../../src/schema/sample-values.js';
import { documentedStatuses, listOperations, type OperationSpec } from '../../src/openapi/operations.js';
import { connectChromium } from '../helpers/browser.js';
import { startCliServer } from '../helpers/cli-server.js';
import { AUTH_BUNDLE, ROOT } from '../helpers/paths.js';
import { runAuthkit } from '../helpers/run-script.js';
import { tempDir } from '../helpers/temp-dir.js';

// The reference page as a reader sees it: written by `authkit docs`, opened from disk in
// Chromium with no network, and served by `start` beside the mock. What must be on it
// is read from the bundled spec, so a new operation, status or example is checked too.
const document = JSON.parse(await readFile(AUTH_BUNDLE, 'utf8'));
const operations = listOperations(document);

let browser: Browser;
const onCleanup: Array<() => Promise<unknown>> = [];
beforeAll(async () => {
  browser = await connectChromium(inject('chromium').wsEndpoint);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  for (const cleanup of onCleanup) await cleanup();
});

interface Watched {
  page: Page;
  /** Every URL the page asked for that is not on this machine (file:, data:, blob: and `allowedOrigin` are). */
  leftTheMachine: string[];
  consoleErrors: string[];
}

async function openWatched(url: string, allowedOrigin?: string): Promise<Watched> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  onCleanup.push(() => page.close());
  const watched: Watched = { page, leftTheMachine: [], consoleErrors: [] };
  page.on('request', (request) => {
    const target = request.url();
    if (!/^(file|data|blob):/.test(target) && !(allowedOrigin && target.startsWith(`${allowedOrigin}/`))) watched.leftTheMachine.push(target);
  });
  page.on('console', (message) => {
    if (message.type() === 'error') watched.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => watched.consoleErrors.push(String(error)));
  await page.goto(url);
  return watched;
}

/** Every string and number a JSON example holds, as its sample panel prints them. */
function leaves(value: unknown): string[] {
  if (typeof value === 'string') return [JSON.stringify(value)];
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  if (Array.isArray(value)) return value.flatMap(leaves);
  if (value && typeof value === 'object') return Object.values(value).flatMap(leaves);
  return [];
}

const sectionOf = (page: Page, operation: OperationSpec) => page.locator(`[id="operation/${operation.operationId}"]`);
/** Redoc's operation heading: an h2 whose own text is the summary (its anchor link has no text). */
const headingOf = (page: Page, operation: OperationSpec, summary = operation.summary!) => sectionOf(page, operation).locator('h2', { hasText: new RegExp(`^\\s*${summary}\\s*$`) });

describe('authkit docs: one page, offline', { timeout: 90_000 }, () => {
  let watched: Watched;
  let file: string;

  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'docs-'));
    onCleanup.push(() => rm(dir, { recursive: true, force: true }));
    file = join(dir, 'api.html');
    const result = await runAuthkit(['docs', '--out', file]);
    expect(result.output).toContain(`wrote ${file}: 7 operation(s)`);
    expect(result.exitCode).toBe(0);
    watched = await openWatched(pathToFileURL(file).href);
    await headingOf(watched.page, operations.at(-1)!).waitFor();
  }, 60_000);

  it('shows every operation by its summary, with every documented status', async () => {
    expect(operations.map((operation) => operation.operationId)).toEqual(['registerUser', 'loginUser', 'logoutUser', 'refreshSession', 'getCurrentUser', 'listSessions', 'revokeSession']);
    for (const operation of operations) {
      const section = sectionOf(watched.page, operation);
      const heading = section.locator('h2').first();
      expect(await heading.isVisible(), operation.summary).toBe(true);
      expect((await heading.innerText()).trim()).toBe(operation.summary);
      // Redoc's response list: one button per status, each opened (expandResponses: all).
      const shown = await section.locator('button[aria-expanded]').evaluateAll((buttons) => buttons.map((button) => button.textContent?.trim().split(/\s/)[0]));
      expect(shown, operation.operationId).toEqual(documentedStatuses(operation).map(String));
      expect(await section.locator('button[aria-expanded="false"]').count(), `${operation.operationId}: a closed response`).toBe(0);
    }
  });

  it('shows every response example, each in its status tab', async () => {
    let checked = 0;
    for (const operation of operations) {
      const section = sectionOf(watched.page, operation);
      for (const response of operation.responses) {
        const media = response.content['application/json'];
        if (!media) continue;
        await section.getByRole('tab', { name: response.key, exact: true }).click();
        const panel = section.locator('[role="tabpanel"]').filter({ visible: true }).last();
        const text = await panel.innerText();
        for (const leaf of leaves(exampleOrSample(document, media, 'response'))) expect(text, `${operation.operationId} ${response.key}`).toContain(leaf);
        checked += 1;
      }
    }
    // 12 documented statuses on each of 7 operations, less the one without a body (204).
    expect(checked).toBe(83);
  });

  it('shows the error envelope, the cookie parameters and every documented header example', async () => {
    const envelope = document.components.schemas.ErrorEnvelope;
    const logout = sectionOf(watched.page, operations.find((operation) => operation.operationId === 'logoutUser')!);
    const text = await logout.innerText();
    expect(text).toContain('COOKIE PARAMETERS');
    for (const parameter of operations.find((operation) => operation.operationId === 'logoutUser')!.parameters.filter((candidate) => candidate.in === 'cookie')) {
      expect(text).toContain(`${parameter.name}=${parameter.example}`);
    }
    // Every error status shows the whole envelope, its nested validation details included.
    const errorStatuses = operations.find((operation) => operation.operationId === 'logoutUser')!.responses.filter((response) => Number(response.key) >= 400).length;
    const detail = document.components.schemas.ValidationErrorDetail;
    const descriptions = [...Object.values(envelope.properties), ...Object.values(detail.properties)].map((property) => (property as { description: string }).description);
    expect(descriptions).toHaveLength(7);
    for (const description of descriptions) expect(text.split(`\n${description}\n`).length - 1, description).toBe(errorStatuses);
    for (const operation of operations) {
      const sectionText = await sectionOf(watched.page, operation).innerText();
      for (const response of operation.responses) {
        for (const header of Object.values(response.headers) as Array<{ example?: unknown; examples?: Record<string, { value: unknown }> }>) {
          const examples = header.examples ? Object.values(header.examples).map((example) => example.value) : [header.example];
          for (const example of examples) expect(sectionText, `${operation.operationId} ${response.key}`).toContain(String(example));
        }
      }
    }
  });

  it('shows three code samples per operation, in order typed client, fetch, curl, each its sample for that operation', async () => {
    const labels = ['Typed client', 'fetch', 'curl'];
    const all = await watched.page.locator('[role="tab"]').evaluateAll((tabs, wanted) => tabs.filter((tab) => wanted.includes(tab.textContent?.trim() ?? '')).length, labels);
    expect(all).toBe(7 * 3);
    for (const operation of operations) {
      const section = sectionOf(watched.page, operation);
      const tabs = section.locator('[role="tab"]');
      const shown = (await tabs.allInnerTexts()).map((text) => text.trim()).filter((text) => labels.includes(text));
      expect(shown, operation.operationId).toEqual(labels);
      const request = `${operation.method.toUpperCase()}`;
      const path = operation.path.replace(/\{[^}]+\}/g, '');
      const wants: Record<string, string[]> = {
        'Typed client': [`api.${request}('${operation.path}'`, `createApiClient({ baseUrl: 'https://auth.authkit.dev' })`],
        fetch: [`const url = 'https://auth.authkit.dev${path}`, `method: '${request}'`, 'await fetch(url, options)'],
        curl: [`curl --request ${request}`, `--url https://auth.authkit.dev${path}`],
      };
      for (const label of labels) {
        await section.getByRole('tab', { name: label, exact: true }).click();
        const panel = section.locator('[role="tabpanel"]').filter({ visible: true }).first();
        const text = await panel.innerText();
        for (const want of wants[label]!) expect(text, `${operation.operationId} ${label}`).toContain(want);
      }
    }
  });

  it('asks nothing of the network and logs no error, and has no try button (from file:// there is no mock to send to); a screenshot goes to reports/', async () => {
    expect(await watched.page.locator('[data-authkit-try]').count()).toBe(0);
    expect(watched.leftTheMachine).toEqual([]);
    expect(watched.consoleErrors).toEqual([]);
    await mkdir(join(ROOT, 'reports'), { recursive: true });
    // From the top, where a reader starts (the tests above scrolled to each status tab).
    await watched.page.evaluate('window.scrollTo(0, 0)');
    await watched.page.screenshot({ path: join(ROOT, 'reports', 'docs-page.png') });
    expect((await readFile(join(ROOT, 'reports', 'docs-page.png'))).subarray(1, 4).toString()).toBe('PNG');
  });
});

describe('authkit docs on a corpus spec (Galaxy), offline', { timeout: 90_000 }, () => {
  it('every operation shows its three samples, in order typed client (over the generated paths), fetch, curl, calling its first server', async () => {
    const galaxyFile = join(ROOT, 'node_modules', '@scalar', 'galaxy', 'dist', '3.1.json');
    const galaxy = JSON.parse(await readFile(galaxyFile, 'utf8'));
    const galaxyOperations = listOperations(galaxy);
    const dir = await tempDir('docs-galaxy-');
    const file = join(dir, 'galaxy.html');
    const result = await runAuthkit(['docs', '--spec', galaxyFile, '--out', file]);
    expect(result.exitCode, result.output).toBe(0);
    const watched = await openWatched(pathToFileURL(file).href);
    await headingOf(watched.page, galaxyOperations.at(-1)!).waitFor({ timeout: 30_000 });
    const labels = ['Typed client', 'fetch', 'curl'];
    for (const operation of galaxyOperations) {
      const section = sectionOf(watched.page, operation);
      const shown = (await section.locator('[role="tab"]').allInnerTexts()).map((text) => text.trim()).filter((text) => labels.includes(text));
      expect(shown, operation.operationId).toEqual(labels);
      const method = operation.method.toUpperCase();
      // Up to its first path parameter: the samples fill it with the example.
      const path = operation.path.split('{')[0];
      const wants: Record<string, string[]> = {
        'Typed client': [`api.${method}('${operation.path}'`, 'createApiClient<paths>(', "import type { paths } from './generated/api-types.js';"],
        fetch: [`const url = 'https://galaxy.scalar.com${path}`, `method: '${method}'`],
        // The URL is single-quoted where it has a query (limit=10&offset=0).
        curl: [`curl --request ${method}`, `--url ${operation.parameters.some((parameter) => parameter.in === 'query') ? "'" : ''}https://galaxy.scalar.com${path}`],
      };
      for (const label of labels) {
        await section.getByRole('tab', { name: label, exact: true }).click();
        const text = await section.locator('[role="tabpanel"]').filter({ visible: true }).first().innerText();
        for (const want of wants[label]!) expect(text, `${operation.operationId} ${label}`).toContain(want);
      }
    }
    expect(galaxyOperations).toHaveLength(9);
    // Galaxy's description shows a remote image: Chromium asks, and the page's policy stops it before it leaves.
    expect(watched.leftTheMachine).toEqual(['https://images.placeholders.dev/?width=1280&height=720']);
    expect(watched.consoleErrors).toEqual([`Loading the image 'https://images.placeholders.dev/?width=1280&height=720' violates the following Content Security Policy directive: "img-src data: blob:". The action has been blocked.`]);
  });
});

describe('authkit start serves the page beside the mock', { timeout: 120_000 }, () => {
  it('at /docs with the bundle at /openapi.json, and the page reloads itself on a spec edit', async () => {
    const dir = await tempDir('docs-start-');
    await cp(join(ROOT, 'spec'), join(dir, 'spec'), { recursive: true });
    const server = await startCliServer((port) => ['start', '--spec', join(dir, 'spec', 'openapi.yaml'), '--out', join(dir, 'out'), '--port', String(port), '--workers', '2'], '/docs', { timeoutMs: 60_000 });
    onTestFinished(() => server.kill('SIGTERM'));
    const origin = `http://127.0.0.1:${server.port}`;
    expect(server.output()).toContain(`docs   ${origin}/docs`);

    const served = await fetch(`${origin}/openapi.json`);
    expect(served.headers.get('content-type')).toBe('application/json');
    expect(await served.json()).toEqual(JSON.parse(await readFile(join(dir, 'out', 'openapi.json'), 'utf8')));

    const watched = await openWatched(`${origin}/docs`, origin);
    const logoutOperation = operations.find((operation) => operation.operationId === 'logoutUser')!;
    await headingOf(watched.page, logoutOperation).waitFor();
    // Its samples call the mock itself, not the production server.
    await sectionOf(watched.page, logoutOperation).getByRole('tab', { name: 'curl', exact: true }).click();
    expect(await sectionOf(watched.page, logoutOperation).locator('[role="tabpanel"]').filter({ visible: true }).first().innerText()).toContain(`--url ${origin}/api/v1/auth/logout`);

    const file = join(dir, 'spec', 'paths', 'auth-logout.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('summary: Logout', 'summary: Sign out everywhere'));
    // No hand on the page: it hears of the reload and fetches itself again.
    await headingOf(watched.page, logoutOperation, 'Sign out everywhere').waitFor({ timeout: 30_000 });
    expect(await (await fetch(`${origin}/openapi.json`)).json()).toMatchObject({ paths: { '/api/v1/auth/logout': { post: { summary: 'Sign out everywhere' } } } });
    expect(watched.leftTheMachine).toEqual([]);
    expect(watched.consoleErrors).toEqual([]);
  });
});
