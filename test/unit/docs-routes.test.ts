import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocsRoutes } from '../../src/mock/engine/docs-routes.js';
import { AUTH_BUNDLE } from '../helpers/paths.js';

// The routes `start` serves beside the mock, on a real loopback server: the page's code
// samples name the origin the page was asked for, whichever Host that was, and the page
// is built again when the spec on disk changes.
let server: Server;
let port: number;
let dir: string;
let spec: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'docs-routes-'));
  spec = join(dir, 'openapi.json');
  await copyFile(AUTH_BUNDLE, spec);
  const routes = createDocsRoutes(spec);
  server = createServer((req, res) => {
    if (!routes.handle(req, res)) res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await rm(dir, { recursive: true, force: true });
});

/** The page as asked for with this Host header (fetch will not send another Host, so node:http's client does). */
async function pageAs(host: string): Promise<string> {
  const { request } = await import('node:http');
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: '/docs', headers: { host } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk)).on('end', () => resolve(text));
    })
      .on('error', reject)
      .end();
  });
}

const curlUrls = (page: string) => [...new Set([...page.matchAll(/--url (http:\/\/[^/\s\\]+)\/api\/v1\/auth\/logout/g)].map((match) => match[1]))];

describe("start's /docs", () => {
  it('names the origin each page was asked by, for two hosts in turn and back', async () => {
    expect(curlUrls(await pageAs(`localhost:${port}`))).toEqual([`http://localhost:${port}`]);
    expect(curlUrls(await pageAs(`127.0.0.1:${port}`))).toEqual([`http://127.0.0.1:${port}`]);
    expect(curlUrls(await pageAs(`localhost:${port}`))).toEqual([`http://localhost:${port}`]);
  });

  it('keeps a few hosts only, and still answers each right past them', async () => {
    for (let index = 0; index < 12; index += 1) expect(curlUrls(await pageAs(`host-${index}.test:${port}`))).toEqual([`http://host-${index}.test:${port}`]);
    expect(curlUrls(await pageAs(`localhost:${port}`))).toEqual([`http://localhost:${port}`]);
  });

  it('builds the page again once the spec on disk changes', async () => {
    const before = await pageAs(`localhost:${port}`);
    expect(before).toContain('"summary":"Logout"');
    const document = JSON.parse(await readFile(spec, 'utf8'));
    document.paths['/api/v1/auth/logout'].post.summary = 'Sign out everywhere';
    await writeFile(spec, JSON.stringify(document));
    const after = await pageAs(`localhost:${port}`);
    expect(after).toContain('"summary":"Sign out everywhere"');
    expect(after).not.toContain('"summary":"Logout"');
  });
});
