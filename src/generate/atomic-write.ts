import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
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
 */
export async function writeFilesAtomically(outDir: string, files: OutputFile[]): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const suffix = `.tmp-${process.pid}-${Date.now()}`;
  const staged = files.map((file) => ({ temp: join(outDir, file.name + suffix), final: join(outDir, file.name), content: file.content }));
  try {
    for (const file of staged) await writeFile(file.temp, file.content, 'utf8');
  } catch (error) {
    await Promise.all(staged.map((file) => rm(file.temp, { force: true })));
    throw error;
  }
  for (const file of staged) await rename(file.temp, file.final);
  return staged.map((file) => file.final);
}
