import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface OutputFile {
  /** File name inside the output folder. */
  name: string;
  content: string;
}

/**
 * Writes every file to a temporary sibling first and renames only once all of them
 * are written, so a failure part-way (disk full, killed process) leaves the previous
 * files exactly as they were. rename() within one folder is atomic on POSIX.
 * Files whose content is already right are left alone (mtime included), so watchers
 * such as Prism's only react to real changes. Returns the files it wrote.
 */
export async function writeFilesAtomically(outDir: string, files: OutputFile[]): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const suffix = `.tmp-${process.pid}-${Date.now()}`;
  const changed: OutputFile[] = [];
  for (const file of files) {
    const current = await readFile(join(outDir, file.name), 'utf8').catch(() => undefined);
    if (current !== file.content) changed.push(file);
  }
  const staged = changed.map((file) => ({ temp: join(outDir, file.name + suffix), final: join(outDir, file.name), content: file.content }));
  try {
    for (const file of staged) await writeFile(file.temp, file.content, 'utf8');
  } catch (error) {
    await Promise.all(staged.map((file) => rm(file.temp, { force: true })));
    throw error;
  }
  for (const file of staged) await rename(file.temp, file.final);
  return staged.map((file) => file.final);
}
