import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';

// Static and dynamic imports and re-exports as tsc emits them: enough to follow the
// built entry, without a bundler in the test.
const SPECIFIERS = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Every file the package's `.` entry loads, and every package it imports from outside itself. */
export async function clientImportGraph(packageDir: string): Promise<{ files: string[]; packages: string[] }> {
  const manifest = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as { exports: Record<string, { default: string }> };
  const entry = resolve(packageDir, manifest.exports['.']!.default);
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = async (file: string): Promise<void> => {
    if (files.has(file)) return;
    files.add(file);
    const source = await readFile(file, 'utf8');
    for (const match of source.matchAll(SPECIFIERS)) {
      const specifier = match[1] ?? match[2] ?? match[3]!;
      if (specifier.startsWith('.')) await visit(resolve(dirname(file), specifier));
      else packages.add(specifier);
    }
  };
  await visit(entry);
  return { files: [...files].map((file) => relative(packageDir, file)).sort(), packages: [...packages].sort() };
}
