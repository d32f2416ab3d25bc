import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { processAlive } from '../lifecycle/process-alive.js';

export interface OutputFile {
  /** File name inside the output folder. */
  name: string;
  content: string;
}

/** A folder the output cannot go to: named with what is wrong, for the person to fix. */
export class OutputError extends Error {
  override readonly name = 'OutputError';
  constructor(
    readonly path: string,
    cause: NodeJS.ErrnoException,
  ) {
    super(`cannot write to ${path}: ${OUTPUT_REASONS[cause.code ?? ''] ?? cause.message}`);
  }
}

const OUTPUT_REASONS: Record<string, string> = {
  ENOTDIR: 'a file stands where a folder is needed',
  EEXIST: 'a file stands where a folder is needed',
  EISDIR: 'a folder stands where a file is needed',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  ENOENT: 'a folder on the way does not exist and cannot be made',
};

// The set is swapped in through a journal: once every temporary file is written, the
// journal lists the renames still to do, so a run killed between two renames is rolled
// forward by the next one, and nobody is left with a new bundle beside old types.
const JOURNAL = '.authkit-swap.json';
const TEMP = /\.tmp-(\d+)-\d+$/;

interface Rename {
  temp: string;
  final: string;
}

/**
 * Writes every file to a temporary sibling first, and renames them into place only once
 * all are written, so a failure part-way (disk full, killed process) leaves the previous
 * set exactly as it was. Files whose content is already right are left alone (mtime
 * included), so watchers such as Prism's only react to real changes. Returns the files
 * it wrote. `rename` is injectable so a test can die between two renames.
 */
export async function writeFilesAtomically(outDir: string, files: OutputFile[], renameFile: (from: string, to: string) => Promise<void> = rename): Promise<string[]> {
  try {
    await mkdir(outDir, { recursive: true });
    await recoverOutputFolder(outDir);
  } catch (error) {
    throw asOutputError(error, outDir);
  }
  const suffix = `.tmp-${process.pid}-${Date.now()}`;
  const changed: OutputFile[] = [];
  for (const file of files) {
    const current = await readFile(join(outDir, file.name), 'utf8').catch(() => undefined);
    if (current !== file.content) changed.push(file);
  }
  const staged = changed.map((file) => ({ temp: file.name + suffix, final: file.name, content: file.content }));
  try {
    for (const file of staged) await writeFile(join(outDir, file.temp), file.content, 'utf8');
    if (staged.length > 1) await writeJournal(outDir, staged);
  } catch (error) {
    await Promise.all(staged.map((file) => rm(join(outDir, file.temp), { force: true })));
    throw asOutputError(error, outDir);
  }
  for (const file of staged) await renameFile(join(outDir, file.temp), join(outDir, file.final));
  await rm(join(outDir, JOURNAL), { force: true });
  return staged.map((file) => join(outDir, file.final));
}

async function writeJournal(outDir: string, renames: Rename[]): Promise<void> {
  const temp = join(outDir, `${JOURNAL}.tmp-${process.pid}-${Date.now()}`);
  await writeFile(temp, JSON.stringify(renames.map(({ temp: from, final }) => ({ temp: from, final }))), 'utf8');
  await rename(temp, join(outDir, JOURNAL));
}

/**
 * Finishes a swap a killed run left half done (every file it lists was fully written
 * before the journal was), then removes temporary files of runs that are gone. Readers
 * that trust the manifest call this first.
 */
export async function recoverOutputFolder(outDir: string): Promise<void> {
  const journal = await readFile(join(outDir, JOURNAL), 'utf8').catch(() => undefined);
  if (journal !== undefined) {
    let renames: Rename[] = [];
    try {
      renames = JSON.parse(journal) as Rename[];
    } catch {
      // A journal is renamed into place whole; an unreadable one is dropped.
    }
    for (const { temp, final } of renames) {
      if (typeof temp !== 'string' || typeof final !== 'string' || temp.includes('/') || final.includes('/')) continue;
      await rename(join(outDir, temp), join(outDir, final)).catch(() => {}); // already renamed before the kill
    }
    await rm(join(outDir, JOURNAL), { force: true });
  }
  const names = await readdir(outDir).catch(() => [] as string[]);
  for (const name of names) {
    const pid = TEMP.exec(name)?.[1];
    if (pid && !processAlive(Number(pid))) await rm(join(outDir, name), { force: true });
  }
}

function asOutputError(error: unknown, outDir: string): unknown {
  const code = (error as NodeJS.ErrnoException)?.code;
  return code && code in OUTPUT_REASONS ? new OutputError((error as NodeJS.ErrnoException).path ?? outDir, error as NodeJS.ErrnoException) : error;
}
