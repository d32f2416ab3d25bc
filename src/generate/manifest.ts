import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { parse } from 'yaml';
import { recoverOutputFolder } from './atomic-write.js';

/**
 * Recorded beside the generated files: what they were made from (every file of the
 * spec, the lint config and its plugins, the generator's versions) and what was
 * written. When none of it changed, `generate` and `check` have nothing to do and can
 * say so without loading Redocly or TypeScript; any difference means a full run.
 */
export const MANIFEST_FILE = 'authkit-manifest.json';

export interface Manifest {
  generator: Record<string, string>;
  api: string | null;
  /** Paths relative to the output folder, with `/`, so the manifest reads the same on every machine. */
  root: string;
  inputs: Record<string, string>;
  /** Lint errors the spec had when these files were made: a strict run must not take them as clean. */
  lintErrors?: number;
  /** URLs the spec $refs (allowed by --allow-remote-refs): they can change unseen, so a spec with any is always rebuilt. */
  remoteInputs?: string[];
  outputs: Record<string, string>;
}

const isUrl = (input: string) => /^https?:\/\//i.test(input);

export function hashText(text: string): string {
  return `sha256-${createHash('sha256').update(text).digest('base64')}`;
}

function portable(outDir: string, file: string): string {
  return relative(outDir, file).split(sep).join('/');
}

async function hashFiles(outDir: string, files: string[]): Promise<Record<string, string>> {
  const entries = await Promise.all([...new Set(files)].map(async (file) => [portable(outDir, file), hashText(await readFile(file, 'utf8'))] as const));
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * The config file and the code of its local or installed plugins: a changed rule can
 * make a spec fail lint, so it counts as an input. Read with a plain YAML parse, to
 * keep Redocly out of the fast path.
 */
export function configInputs(configFile: string | undefined): string[] {
  if (!configFile || !existsSync(configFile)) return [];
  const files = [configFile];
  let plugins: unknown;
  try {
    plugins = (parse(readFileSync(configFile, 'utf8')) as { plugins?: unknown } | null)?.plugins;
  } catch {
    return files;
  }
  for (const plugin of Array.isArray(plugins) ? plugins : []) {
    if (typeof plugin !== 'string') continue;
    const local = resolve(dirname(configFile), plugin);
    let entry: string | undefined = existsSync(local) ? local : undefined;
    if (!entry) {
      try {
        entry = createRequire(configFile).resolve(plugin);
      } catch {
        continue; // Redocly reports a missing plugin in the full run
      }
    }
    const folder = dirname(entry);
    for (const name of readdirSync(folder)) if (['.js', '.mjs', '.cjs'].includes(extname(name))) files.push(join(folder, name));
  }
  return files;
}

export async function buildManifest(options: { outDir: string; api: string | undefined; root: string; inputs: string[]; outputs: Array<{ name: string; content: string }>; generator: Record<string, string>; lintErrors: number }): Promise<Manifest> {
  return {
    generator: options.generator,
    api: options.api ?? null,
    root: portable(options.outDir, options.root),
    inputs: await hashFiles(options.outDir, options.inputs.filter((input) => !isUrl(input))),
    ...(options.inputs.some(isUrl) ? { remoteInputs: options.inputs.filter(isUrl).sort() } : {}),
    outputs: Object.fromEntries(options.outputs.map((file) => [file.name, hashText(file.content)])),
    ...(options.lintErrors > 0 ? { lintErrors: options.lintErrors } : {}),
  };
}

/** The manifest in `outDir`, if there is a readable one. */
export async function readManifest(outDir: string): Promise<Manifest | undefined> {
  try {
    return JSON.parse(await readFile(join(outDir, MANIFEST_FILE), 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

/**
 * Files the previous run wrote (by its manifest) that this one no longer makes, such as
 * schemas.ts once `x-authkit.zod` is turned off: left behind, they would still be imported
 * and silently drift from the spec. Only plain names in the output folder.
 */
export function droppedOutputs(previous: Manifest | undefined, outputs: Array<{ name: string }>): string[] {
  const kept = new Set(outputs.map((file) => file.name));
  return Object.keys(previous?.outputs ?? {}).filter((name) => !kept.has(name) && name !== MANIFEST_FILE && !/[/\\]/.test(name) && name !== '..' && name !== '.');
}

export function serializeManifest(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/**
 * Whether the files in `outDir` are exactly what the recorded inputs produced, and no
 * input changed since: each input and output is hashed again and compared.
 */
export async function manifestIsCurrent(outDir: string, expected: { api: string | undefined; root: string; generator: Record<string, string>; outputs: string[]; configInputs: string[]; strict: boolean }): Promise<boolean> {
  await recoverOutputFolder(outDir).catch(() => {}); // a swap a killed run left half done
  const manifest = await readManifest(outDir);
  if (!manifest) return false;
  if (manifest.remoteInputs?.length) return false;
  if (expected.strict && (manifest.lintErrors ?? 0) > 0) return false; // let the full run fail on them
  if (manifest.api !== (expected.api ?? null) || manifest.root !== portable(outDir, expected.root)) return false;
  if (JSON.stringify(manifest.generator) !== JSON.stringify(expected.generator)) return false;
  if (JSON.stringify(Object.keys(manifest.outputs).sort()) !== JSON.stringify([...expected.outputs].sort())) return false;
  const recordedConfig = expected.configInputs.map((file) => portable(outDir, file));
  if (!recordedConfig.every((file) => file in manifest.inputs)) return false;
  try {
    const inputs = await hashFiles(outDir, Object.keys(manifest.inputs).map((file) => resolve(outDir, file)));
    const outputs = await Promise.all(Object.keys(manifest.outputs).map(async (name) => [name, hashText(await readFile(join(outDir, name), 'utf8'))] as const));
    return Object.entries(manifest.inputs).every(([file, hash]) => inputs[file] === hash) && outputs.every(([name, hash]) => manifest.outputs[name] === hash);
  } catch {
    return false; // an input or output is gone
  }
}
