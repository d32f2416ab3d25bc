import { resolve } from 'node:path';
import { BaseResolver, type Config } from '@redocly/openapi-core';
import { checkOpenApiVersion, type OpenApiVersion } from './openapi-version.js';
import { fromRedoclyThrow } from './redocly-errors.js';

/**
 * One resolver per run of a spec. It caches every file it reads and parses, so the
 * version check, lint and bundle share one read and one parse of each file.
 */
export function createSpecResolver(config: Config): BaseResolver {
  return new BaseResolver(config.resolve);
}

export interface RootDocument {
  file: string;
  version: OpenApiVersion;
  parsed: Record<string, unknown>;
}

/**
 * Reads the root file through the resolver (its cache makes later calls free) and
 * checks that it is OpenAPI 3.x. A file that cannot be read or parsed, or is another
 * kind of document, throws a SpecError naming the file and line.
 */
export async function readRootDocument(spec: string, resolver: BaseResolver): Promise<RootDocument> {
  const file = resolve(spec);
  let document: Awaited<ReturnType<BaseResolver['resolveDocument']>>;
  try {
    document = await resolver.resolveDocument(null, file, true);
  } catch (error) {
    throw fromRedoclyThrow(error, file);
  }
  if (document instanceof Error) throw fromRedoclyThrow(document, file);
  const version = checkOpenApiVersion({ file, text: document.source.body, parsed: document.parsed });
  return { file, version, parsed: document.parsed as Record<string, unknown> };
}
