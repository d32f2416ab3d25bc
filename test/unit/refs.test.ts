import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { fixture } from '../helpers/paths.js';
import { runAuthkit } from '../helpers/run-script.js';
import { tempDir } from '../helpers/temp-dir.js';

const PONG_SCHEMA = `              schema:
                type: object
                required: [pong]
                properties:
                  pong:
                    type: boolean
`;

/** A loopback HTTP server that counts every connection made to it and serves a schema. */
async function listener() {
  let connections = 0;
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/yaml' });
    res.end('type: object\nrequired: [pong]\nproperties:\n  pong:\n    type: boolean\n');
  });
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/pong.yaml`, connections: () => connections };
}

/** The ping spec with its 200 schema replaced by a $ref to `target`, at line 29. */
async function specWithRef(dir: string, target: string): Promise<string> {
  const text = await readFile(fixture('specs', 'ping-3.1.yaml'), 'utf8');
  if (!text.includes(PONG_SCHEMA)) throw new Error('the ping fixture changed');
  const spec = join(dir, 'openapi.yaml');
  await writeFile(spec, text.replace(PONG_SCHEMA, `              schema:\n                $ref: '${target}'\n`));
  return spec;
}

describe('a remote $ref is refused unless allowed', () => {
  it.each([
    ['lint', []],
    ['generate', ['--out', 'gen']],
    ['check', ['--out', 'gen']],
    ['contract', []],
  ])('%s makes no connection and names the ref, its place and the flag (exit 2)', async (command, extra) => {
    const remote = await listener();
    const dir = await tempDir('remote-ref-');
    await specWithRef(dir, remote.url);
    const result = await runAuthkit([command, '--spec', 'openapi.yaml', ...extra], { cwd: dir });
    expect(result.exitCode).toBe(2);
    expect(result.output).toContain(`openapi.yaml:29:17 error [no-unresolved-refs] Can't resolve $ref \`${remote.url}\`: remote $refs are not fetched: pass --allow-remote-refs`);
    expect(remote.connections()).toBe(0);
  });

  it('--allow-remote-refs fetches it, and the bundle holds what it fetched', async () => {
    const remote = await listener();
    const dir = await tempDir('remote-ref-');
    await specWithRef(dir, remote.url);
    const result = await runAuthkit(['generate', '--spec', 'openapi.yaml', '--out', 'gen', '--allow-remote-refs'], { cwd: dir });
    expect(result.exitCode, result.output).toBe(0);
    expect(remote.connections()).toBeGreaterThan(0);
    const bundled = JSON.parse(await readFile(join(dir, 'gen', 'openapi.json'), 'utf8'));
    expect(JSON.stringify(bundled)).toContain('"pong":{"type":"boolean"}');
  });

  it('so does `x-authkit: { allowRemoteRefs: true }` in redocly.yaml', async () => {
    const remote = await listener();
    const dir = await tempDir('remote-ref-');
    await specWithRef(dir, remote.url);
    await writeFile(join(dir, 'redocly.yaml'), 'x-authkit:\n  allowRemoteRefs: true\nextends: [recommended]\n');
    const result = await runAuthkit(['lint', '--spec', 'openapi.yaml'], { cwd: dir });
    expect(remote.connections()).toBeGreaterThan(0);
    expect(result.output).not.toContain('remote $refs are not fetched');
  });
});

describe('a local $ref stays inside the project', () => {
  it('a file outside the config\'s folder is refused, naming it and the root, and is not copied into the bundle', async () => {
    const dir = await tempDir('escape-');
    const project = join(dir, 'project');
    await mkdir(join(project, 'spec'), { recursive: true });
    await writeFile(join(dir, 'secret.yaml'), 'type: object\ndescription: TOP SECRET\n');
    await writeFile(join(project, 'redocly.yaml'), 'extends: [recommended]\napis:\n  main:\n    root: spec/openapi.yaml\n    output: generated/openapi.json\n');
    await specWithRef(join(project, 'spec'), '../../secret.yaml');
    const result = await runAuthkit(['generate'], { cwd: project });
    expect(result.exitCode).toBe(2);
    expect(result.output).toContain(`spec/openapi.yaml:29:17 error [no-unresolved-refs] Can't resolve $ref \`../../secret.yaml\`: ${join(dir, 'secret.yaml')} is outside the project root ${project}`);
    expect(result.output).not.toContain('TOP SECRET');
  });

  it('a file inside it is fine', async () => {
    const dir = await tempDir('inside-');
    await mkdir(join(dir, 'schemas'));
    await writeFile(join(dir, 'schemas', 'pong.yaml'), 'type: object\nrequired: [pong]\nproperties:\n  pong:\n    type: boolean\n');
    await specWithRef(dir, './schemas/pong.yaml');
    const result = await runAuthkit(['lint', '--spec', 'openapi.yaml'], { cwd: dir });
    expect(result.output).not.toContain('no-unresolved-refs');
  });
});
