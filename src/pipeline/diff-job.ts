import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { x } from 'tinyexec';
import type { ContractDiff } from '../diff/change.js';
import { diffContracts, type DiffInput } from '../diff/diff-contracts.js';
import { createTempDir } from '../lifecycle/temp-dir.js';
import type { OpenApiDocument } from '../openapi/document.js';
import { loadSpec } from './load-spec.js';
import type { ApiTarget } from './project.js';
import { UsageError } from './usage-error.js';

export interface DiffJobOptions {
  target: ApiTarget;
  /** A git ref (`origin/main`, `v1.2.0`) or a spec file. Default: origin/main, else main. */
  base?: string;
  /** The same, for the new side. Default: the spec as it is on disk. */
  head?: string;
  cwd: string;
}

/** The contract now (or at `head`) against the contract at `base`, each bundled from its spec. */
export async function runDiffJob(options: DiffJobOptions): Promise<ContractDiff> {
  const base = await loadVersion(options.target, options.base ?? (await defaultBase(options.cwd)), options.cwd);
  const head = options.head === undefined ? { document: (await loadSpec(options.target, { stopOn: 'structural', withoutMappings: true })).document, label: 'working tree' } : await loadVersion(options.target, options.head, options.cwd);
  return diffContracts(base, head);
}

async function git(args: string[], cwd: string): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  const result = await x('git', args, { nodeOptions: { cwd }, throwOnError: false });
  return { ok: result.exitCode === 0, stdout: result.stdout, stderr: result.stderr };
}

async function defaultBase(cwd: string): Promise<string> {
  for (const candidate of ['origin/main', 'main']) if ((await git(['rev-parse', '--verify', '--quiet', `${candidate}^{commit}`], cwd)).ok) return candidate;
  throw new UsageError('no base to compare with: there is no origin/main or main here; give --base <git-ref|file>');
}

/** One side: a spec file on disk, else a git ref, whose copy of the spec is bundled. */
async function loadVersion(target: ApiTarget, version: string, cwd: string): Promise<DiffInput> {
  const file = resolve(cwd, version);
  if (existsSync(file)) return { document: (await loadSpec({ ...target, root: file, projectRoot: dirname(file) }, { stopOn: 'structural', withoutMappings: true })).document, label: version };
  if (!(await git(['rev-parse', '--verify', '--quiet', `${version}^{commit}`], cwd)).ok) {
    throw new UsageError(`--base/--head ${version}: neither a file nor a git ref here (git rev-parse finds no commit by that name)`);
  }
  return { document: await documentAtRef(target, version, cwd), label: version };
}

/**
 * The spec as it was at `ref`: the spec's folder is copied out of git into a temporary
 * folder and bundled there, so a multi-file spec resolves its $refs as it did then.
 * When the spec was not there yet, the committed bundle (`generated/openapi.json`) is.
 */
async function documentAtRef(target: ApiTarget, ref: string, cwd: string): Promise<OpenApiDocument> {
  const top = (await git(['rev-parse', '--show-toplevel'], cwd)).stdout.trim();
  const rootInRepo = relative(top, target.root);
  const folder = dirname(rootInRepo);
  const listed = await git(['ls-tree', '-r', '--name-only', ref, '--', folder === '.' ? rootInRepo : folder], top);
  const files = listed.stdout.split('\n').filter(Boolean);
  if (files.includes(rootInRepo)) {
    const temp = await createTempDir('authkit-diff-');
    try {
      for (const name of files) {
        const content = await x('git', ['show', `${ref}:${name}`], { nodeOptions: { cwd: top }, throwOnError: true });
        const out = join(temp.dir, name);
        await mkdir(dirname(out), { recursive: true });
        await writeFile(out, content.stdout);
      }
      return (await loadSpec({ ...target, root: join(temp.dir, rootInRepo), projectRoot: temp.dir }, { stopOn: 'structural', withoutMappings: true })).document;
    } finally {
      await temp.dispose();
    }
  }
  if (target.outDir) {
    const bundle = relative(top, join(target.outDir, target.bundleFile));
    const shown = await git(['show', `${ref}:${bundle}`], top);
    if (shown.ok) return JSON.parse(shown.stdout) as OpenApiDocument;
  }
  throw new UsageError(`${ref} has neither ${rootInRepo} nor a committed bundle to compare with`);
}
