import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recoverOutputFolder, writeFilesAtomically } from '../../src/generate/atomic-write.js';
import { fixture } from '../helpers/paths.js';
import { runAuthkit } from '../helpers/run-script.js';
import { tempDir } from '../helpers/temp-dir.js';

const OLD = [
  { name: 'openapi.json', content: '{"old":true}\n' },
  { name: 'api-types.ts', content: 'export type Old = true;\n' },
];
const NEW = [
  { name: 'openapi.json', content: '{"new":true}\n' },
  { name: 'api-types.ts', content: 'export type New = true;\n' },
];

/** A rename that dies after `survivors` renames, as a killed process would. */
const dyingAfter = (survivors: number) => {
  let done = 0;
  return async (from: string, to: string) => {
    if (done === survivors) throw new Error('killed');
    done += 1;
    await rename(from, to);
  };
};

const contents = async (dir: string) => Object.fromEntries(await Promise.all(OLD.map(async (file) => [file.name, await readFile(join(dir, file.name), 'utf8')])));

describe('generated files change as one set', () => {
  it('a run killed between two renames is rolled forward by the next reader: never a new bundle beside old types', async () => {
    const dir = await tempDir('set-');
    await writeFilesAtomically(dir, OLD);
    await expect(writeFilesAtomically(dir, NEW, dyingAfter(1))).rejects.toThrow('killed');
    expect(await contents(dir)).toEqual({ 'openapi.json': NEW[0]!.content, 'api-types.ts': OLD[1]!.content }); // what the kill left
    await recoverOutputFolder(dir);
    expect(await contents(dir)).toEqual({ 'openapi.json': NEW[0]!.content, 'api-types.ts': NEW[1]!.content });
    expect((await readdir(dir)).sort()).toEqual(['api-types.ts', 'openapi.json']);
  });

  it('a run killed before the swap began leaves the old set, and its temporary files are removed by the next run', async () => {
    const dir = await tempDir('set-');
    await writeFilesAtomically(dir, OLD);
    await expect(writeFilesAtomically(dir, NEW, dyingAfter(0))).rejects.toThrow('killed');
    // As if it died before its journal was written, as process 999999, which no live process is here.
    await rm(join(dir, '.authkit-swap.json'));
    for (const name of await readdir(dir)) if (name.includes('.tmp-')) await rename(join(dir, name), join(dir, name.replace(/\.tmp-\d+-/, '.tmp-999999-')));
    await writeFile(join(dir, `openapi.json.tmp-${process.pid}-1`), 'a live run is writing this');
    await recoverOutputFolder(dir);
    expect(await contents(dir)).toEqual({ 'openapi.json': OLD[0]!.content, 'api-types.ts': OLD[1]!.content });
    expect((await readdir(dir)).sort()).toEqual(['api-types.ts', 'openapi.json', `openapi.json.tmp-${process.pid}-1`]);
  });

  it('the drift gate rolls a half-done swap forward before it compares', async () => {
    const dir = await tempDir('set-');
    const out = join(dir, 'gen');
    expect((await runAuthkit(['generate', '--spec', fixture('specs', 'ping-3.1.yaml'), '--out', out])).exitCode).toBe(0);
    const files = await Promise.all(['openapi.json', 'api-types.ts'].map(async (name) => ({ name, content: await readFile(join(out, name), 'utf8') })));
    await writeFilesAtomically(out, files.map((file) => ({ ...file, content: `${file.content}\n` })));
    await expect(writeFilesAtomically(out, files, dyingAfter(1))).rejects.toThrow('killed');
    const result = await runAuthkit(['check', '--spec', fixture('specs', 'ping-3.1.yaml'), '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`✔ ${out}/ matches the spec\n`); // the folder it checked, not generated/
    expect(result.exitCode).toBe(0);
  });
});

describe('an output folder that cannot be written: one line, exit 2, no stack trace', () => {
  it.each([
    ['/etc/passwd/sub', 'cannot write to /etc/passwd/sub: a file stands where a folder is needed'],
    ['/proc/version', 'cannot write to /proc/version: a file stands where a folder is needed'],
  ])('--out %s', async (out, message) => {
    const result = await runAuthkit(['generate', '--spec', fixture('specs', 'ping-3.1.yaml'), '--out', out]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim()).toBe(`✖ ${message}`);
  });

  it('DEBUG=1 adds the stack for whoever debugs it', async () => {
    const result = await runAuthkit(['generate', '--spec', fixture('specs', 'ping-3.1.yaml'), '--out', '/etc/passwd/sub'], { env: { DEBUG: '1' } });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^\s+at /m);
  });
});
