import { basename } from 'node:path';
import type { OutputFile } from './atomic-write.js';
import { generateTypeScript } from './types-generator.js';
import { generateZodSchemas } from './zod-schemas.js';

export interface ArtifactNames {
  bundleFile: string;
  typesFile: string;
  /** The zod schemas' file, when they are wanted. */
  schemasFile?: string | undefined;
}

/**
 * Everything `generate` writes for a bundled document, computed in memory: the drift
 * gate compares it with what is on disk, and `generate` writes it.
 */
export async function buildArtifacts(document: object, names: ArtifactNames): Promise<OutputFile[]> {
  return [
    { name: names.bundleFile, content: `${JSON.stringify(document, null, 2)}\n` },
    { name: names.typesFile, content: await generateTypeScript(document) },
    ...(names.schemasFile ? [{ name: names.schemasFile, content: await generateZodSchemas(document, { typesModule: moduleOf(names.typesFile) }) }] : []),
  ];
}

/** How schemas.ts, beside the types, imports them: `./api-types.js`. */
function moduleOf(typesFile: string): string {
  return `./${basename(typesFile).replace(/(\.d)?\.ts$/, '')}.js`;
}
