import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startMock, type MockServer } from '../../src/mock/index.js';
import type { OpenApiDocument } from '../../src/openapi/document.js';
import { deref } from '../../src/openapi/document.js';
import { documentedStatuses, listOperations } from '../../src/openapi/operations.js';
import { exampleOrSample } from '../../src/schema/sample-values.js';
import { connectChromium } from '../helpers/browser.js';
import { AUTH_BUNDLE, ROOT, fixture } from '../helpers/paths.js';

// start's /docs sends to the mock beside it: each operation's "Try it" panel, in
// Chromium, against a real engine with sessions (the Auth API), Prism's rules alone
// (Galaxy, a corpus spec), and an operation with no operationId. Clicks where a reader
// clicks; the loops over every documented status submit the panel's own form from
// inside the page, which is the same code path without a round trip per control.

const auth: OpenApiDocument = JSON.parse(await readFile(AUTH_BUNDLE, 'utf8'));
const galaxyFile = join(ROOT, 'node_modules', '@scalar', 'galaxy', 'dist', '3.1.json');
const galaxy: OpenApiDocument = JSON.parse(await readFile(galaxyFile, 'utf8'));

let browser: Browser;
const onCleanup: Array<() => Promise<unknown>> = [];
beforeAll(async () => {
  browser = await connectChromium(inject('chromium').wsEndpoint);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  for (const cleanup of onCleanup.reverse()) await cleanup();
});

interface TryPage {
  page: Page;
  /** Every request that went anywhere but the mock's origin. */
  leftTheOrigin: string[];
  /** Requests the page's Content-Security-Policy stopped before they left (a spec's remote image). */
  blockedByPolicy: string[];
  /** Page errors and console errors, but Chromium's line for each 4xx/5xx a panel asked for and for each request the policy stopped. */
  errors: string[];
}

async function openDocs(mock: MockServer, panels: number): Promise<TryPage> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  onCleanup.push(() => context.close());
  const page = await context.newPage();
  const opened: TryPage = { page, leftTheOrigin: [], blockedByPolicy: [], errors: [] };
  page.on('request', (request) => {
    if (!request.url().startsWith(`${mock.url}/`) && !/^(data|blob):/.test(request.url())) opened.leftTheOrigin.push(request.url());
  });
  page.on('requestfailed', (request) => {
    if (request.failure()?.errorText !== 'csp') return;
    opened.leftTheOrigin.splice(opened.leftTheOrigin.indexOf(request.url()), 1);
    opened.blockedByPolicy.push(request.url());
  });
  page.on('console', (message) => {
    const expected = /^Failed to load resource: the server responded with a status of [45]\d\d|violates the following Content Security Policy directive: "img-src data: blob:". The action has been blocked.$/;
    if (message.type() === 'error' && !expected.test(message.text())) opened.errors.push(message.text());
  });
  page.on('pageerror', (error) => opened.errors.push(String(error)));
  await page.goto(`${mock.url}/docs`);
  await page.locator('[data-authkit-try]').nth(panels - 1).waitFor({ timeout: 30_000 });
  expect(await page.locator('[data-authkit-try]').count()).toBe(panels);
  return opened;
}

/** A mock with /docs beside it, and the page opened with its `panels` drawn; both closed after the file. */
async function mockWithDocs(spec: string, workers: number, panels: number): Promise<TryPage> {
  const mock = await startMock({ spec, workers, docs: true });
  onCleanup.push(() => mock.close());
  return openDocs(mock, panels);
}

const panelOf = (page: Page, method: string, path: string) => page.locator(`section[data-authkit-try="${method} ${path}"]`);
const STATUS_LABEL = 'Status (sent as Prefer: code=N)';

/** Sends the panel as a reader does: a status picked, Send clicked; what the answer shows. */
async function clickSend(panel: Locator, status = ''): Promise<{ status: string; headers: string; body: string }> {
  await panel.getByLabel(STATUS_LABEL).selectOption(status);
  await panel.getByRole('button', { name: 'Send' }).click();
  await panel.getByRole('button', { name: 'Send' }).and(panel.locator(':not([disabled])')).waitFor();
  return {
    status: await panel.locator('[data-role="status"]').innerText(),
    headers: await panel.locator('[data-role="headers"]').innerText(),
    body: await panel.locator('[data-role="body"]').innerText(),
  };
}

interface Send {
  panel: string;
  status: string;
  /** Values typed into the panel's inputs, by input name, before sending. */
  typed?: Record<string, string>;
  /** Send this panel first (mock decides), as a reader signs in again before the next try. */
  before?: string;
}

/** Submits panels from inside the page, one after another; the status line each showed. */
function sendInPage(page: Page, sends: Send[]): Promise<string[]> {
  return page.evaluate(async (list) => {
    const submit = async (name: string, status: string, typed: Record<string, string>) => {
      const panel = document.querySelector(`section[data-authkit-try="${name}"]`)!;
      for (const [field, value] of Object.entries(typed)) (panel.querySelector(`[name="${field}"]`) as HTMLInputElement).value = value;
      (panel.querySelector('select[name="status"]') as HTMLSelectElement).value = status;
      panel.querySelector('[role="status"]')!.replaceChildren();
      (panel.querySelector('form') as HTMLFormElement).requestSubmit();
      const shown = () => panel.querySelector('[data-role="status"]')?.textContent ?? '';
      while (shown() === '' || shown() === 'Sending…') await new Promise((resolve) => setTimeout(resolve, 5));
      return shown();
    };
    const statuses: string[] = [];
    for (const send of list) {
      if (send.before) await submit(send.before, '', {});
      statuses.push(await submit(send.panel, send.status, send.typed ?? {}));
    }
    return statuses;
  }, sends);
}

describe("start's /docs: try each Auth API operation against the stateful mock", { timeout: 120_000 }, () => {
  let opened: TryPage;
  const operations = listOperations(auth);
  beforeAll(async () => {
    // Two workers, as start runs: the session the page signs in with lives in the mock's primary.
    opened = await mockWithDocs(AUTH_BUNDLE, 2, operations.length);
  }, 90_000);

  it('every operation has one panel, under its request samples: its documented statuses to pick, its path parameter, its example body to edit', async () => {
    for (const operation of operations) {
      const panel = panelOf(opened.page, operation.method.toUpperCase(), operation.path);
      // Inside the operation's own section, between Redoc's request and response samples.
      expect(await opened.page.locator(`[id="operation/${operation.operationId}"] [data-authkit-try]`).count(), operation.operationId).toBe(1);
      expect(await panel.evaluate((element) => [element.previousElementSibling?.querySelector('h3')?.textContent?.trim(), element.nextElementSibling?.querySelector('h3')?.textContent?.trim()])).toEqual(['Request samples', 'Response samples']);
      const options = await panel.getByLabel(STATUS_LABEL).locator('option').evaluateAll((items) => items.map((item) => (item as HTMLOptionElement).value));
      expect(options, operation.operationId).toEqual(['', ...documentedStatuses(operation).map(String)]);
      const media = operation.requestBody?.content['application/json'];
      if (media) expect(JSON.parse(await panel.getByLabel('Body (application/json)').inputValue()), operation.operationId).toEqual(exampleOrSample(auth, media, 'request'));
      else expect(await panel.locator('textarea').count(), operation.operationId).toBe(0);
      const inputs = await panel.locator('input').evaluateAll((items) => items.map((item) => `${(item as HTMLInputElement).name}=${(item as HTMLInputElement).value}`));
      const pathParameters = operation.parameters.filter((parameter) => parameter.in === 'path').map((parameter) => `${parameter.name}=${exampleOrSample(auth, parameter, 'request')}`);
      expect(inputs, operation.operationId).toEqual(pathParameters);
    }
    expect(await panelOf(opened.page, 'POST', '/api/v1/auth/logout').locator('.authkit-try-note').innerText()).toBe('Sends POST /api/v1/auth/logout to this mock. The access_token and refresh_token cookie goes by itself once the mock has set it.');
  });

  it('a click sends the login with 429 picked: the answer shows the status, Retry-After among its headers, and the documented body', async () => {
    const rateLimited = deref<any>(auth, (auth.paths as any)['/api/v1/auth/login'].post.responses['429']);
    const shown = await clickSend(panelOf(opened.page, 'POST', '/api/v1/auth/login'), '429');
    expect(shown.status).toBe('429 Too Many Requests');
    expect(shown.headers.split('\n')).toContain(`retry-after: ${deref<any>(auth, rateLimited.headers['Retry-After']).example}`);
    expect(JSON.parse(shown.body)).toEqual(exampleOrSample(auth, rateLimited.content['application/json'], 'response'));
    // The panel as a reader sees it after the try: the README describes this picture.
    await mkdir(join(ROOT, 'reports'), { recursive: true });
    await panelOf(opened.page, 'POST', '/api/v1/auth/login').screenshot({ path: join(ROOT, 'reports', 'try-it.png') });
    expect((await readFile(join(ROOT, 'reports', 'try-it.png'))).subarray(1, 4).toString()).toBe('PNG');
  });

  it("signed in from the page, the mock's cookies carry the session: me is Ada, logout ends it, me is 401", async () => {
    const page = opened.page;
    expect((await clickSend(panelOf(page, 'POST', '/api/v1/auth/login'))).status).toBe('200 OK');
    const me = await clickSend(panelOf(page, 'GET', '/api/v1/auth/me'));
    expect(me.status).toBe('200 OK');
    expect(JSON.parse(me.body).email).toBe(auth.components!.schemas!.LoginRequest!.properties.email.examples[0]);
    expect((await clickSend(panelOf(page, 'POST', '/api/v1/auth/logout'))).status).toBe('200 OK');
    expect((await clickSend(panelOf(page, 'GET', '/api/v1/auth/me'))).status).toBe('401 Unauthorized');
  });

  it('an edited body is sent as edited: a short password gets the documented 422, naming the field', async () => {
    const panel = panelOf(opened.page, 'POST', '/api/v1/auth/login');
    await panel.getByLabel('Body (application/json)').fill(JSON.stringify({ email: 'ada@example.com', password: 'short' }));
    const shown = await clickSend(panel);
    expect(shown.status).toBe('422 Unprocessable Entity');
    expect(JSON.parse(shown.body).errors.map((error: { loc: string[] }) => error.loc.join('.'))).toEqual(['body.password']);
    await panel.getByLabel('Body (application/json)').fill(JSON.stringify(exampleOrSample(auth, operations[1]!.requestBody!.content['application/json']!, 'request')));
  });

  it('every documented status of every operation can be forced, signed in first where the operation needs the session (84 pairs)', async () => {
    const sends: Send[] = [];
    for (const operation of operations) {
      const name = `${operation.method.toUpperCase()} ${operation.path}`;
      const needsSession = operation.security.length > 0 && Object.keys(operation.security[0]!).length > 0;
      for (const status of documentedStatuses(operation)) sends.push({ panel: name, status: String(status), before: needsSession ? 'POST /api/v1/auth/login' : undefined });
    }
    expect(sends).toHaveLength(84);
    const shown = await sendInPage(opened.page, sends);
    expect(shown.map((status, index) => `${sends[index]!.panel} ${status.split(' ')[0]}`)).toEqual(sends.map((send) => `${send.panel} ${send.status}`));
  });

  it('nothing left the origin and nothing failed in the page', () => {
    expect(opened.leftTheOrigin).toEqual([]);
    expect(opened.blockedByPolicy).toEqual([]);
    expect(opened.errors).toEqual([]);
  });
});

describe("start's /docs on a corpus spec (Galaxy): a typed bearer token, query parameters, a multipart body", { timeout: 120_000 }, () => {
  let opened: TryPage;
  const operations = listOperations(galaxy);
  beforeAll(async () => {
    opened = await mockWithDocs(galaxyFile, 1, operations.length);
  }, 90_000);

  it('without the credential the mock says 401; with a typed token every documented status of every operation can be forced', async () => {
    const createPlanet = panelOf(opened.page, 'POST', '/planets');
    expect((await clickSend(createPlanet, '201')).status).toBe('401 Unauthorized');
    await createPlanet.getByLabel('Authorization (token)').fill('a-token');
    expect((await clickSend(createPlanet, '201')).status).toBe('201 Created');

    const sends: Send[] = operations.flatMap((operation) =>
      documentedStatuses(operation).map((status) => ({ panel: `${operation.method.toUpperCase()} ${operation.path}`, status: String(status), typed: { Authorization: operation.path === '/me' ? 'user:password' : 'a-token' } })),
    );
    // Public operations have no Authorization input: only the secured ones are typed into.
    for (const send of sends) if (!(await panelOf(opened.page, ...(send.panel.split(' ') as [string, string])).locator('input[name="Authorization"]').count())) delete send.typed;
    expect(sends).toHaveLength(22);
    const shown = await sendInPage(opened.page, sends);
    expect(shown.map((status, index) => `${sends[index]!.panel} ${status.split(' ')[0]}`)).toEqual(sends.map((send) => `${send.panel} ${send.status}`));
    expect(opened.leftTheOrigin).toEqual([]);
    // Galaxy's description shows a remote image: the page's policy stops it, so it never leaves.
    expect(opened.blockedByPolicy).toEqual(['https://images.placeholders.dev/?width=1280&height=720']);
    expect(opened.errors).toEqual([]);
  });

  it('query parameters go as typed, and an edited value reaches the mock (a limit that is not a whole number is refused, naming it)', async () => {
    const planets = panelOf(opened.page, 'GET', '/planets');
    expect(await planets.locator('input').evaluateAll((items) => items.map((item) => `${(item as HTMLInputElement).name}=${(item as HTMLInputElement).value}`))).toEqual(['limit=10', 'offset=0']);
    expect((await clickSend(planets)).status).toBe('200 OK');
    await planets.getByLabel('limit (query)').fill('ten');
    const shown = await clickSend(planets);
    expect(shown.status).toMatch(/^(400|422) /);
    expect(shown.body).toContain('limit');
  });
});

describe("start's /docs on an operation with no operationId", { timeout: 90_000 }, () => {
  it('the panel finds Redoc’s section by the JSON pointer and sends', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'try-it-'));
    onCleanup.push(() => rm(dir, { recursive: true, force: true }));
    const spec = join(dir, 'ping.yaml');
    const text = await readFile(fixture('specs', 'ping-3.1.yaml'), 'utf8');
    expect(text).toContain('      operationId: getPing\n');
    await writeFile(spec, text.replace('      operationId: getPing\n', ''));
    const opened = await mockWithDocs(spec, 1, 1);
    const panel = panelOf(opened.page, 'GET', '/api/v1/ping');
    expect(await opened.page.locator('[data-section-id="tag/ping/paths/~1api~1v1~1ping/get"] [data-authkit-try]').count()).toBe(1);
    const shown = await clickSend(panel);
    expect(shown.status).toBe('200 OK');
    expect(JSON.parse(shown.body)).toEqual({ pong: true });
    expect(opened.errors).toEqual([]);
  });
});
