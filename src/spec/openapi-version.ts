import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, isMap, isScalar } from 'yaml';
import { SpecError } from './spec-problem.js';

export type OpenApiVersion = '3.0' | '3.1';

/**
 * Reads the root document and makes sure it is OpenAPI 3.0 or 3.1 before anything
 * else runs: Redocly would happily lint Swagger 2.0 or AsyncAPI, and everything
 * downstream (types, mock, contract checks) assumes 3.x.
 */
export async function readOpenApiVersion(file: string): Promise<OpenApiVersion> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new SpecError([
      { file, line: 1, column: 1, rule: 'spec-file', severity: 'error', message: `Cannot read the spec: ${(error as Error).message}` },
    ]);
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const syntaxError = document.errors[0];
  if (syntaxError) {
    const position = lineCounter.linePos(syntaxError.pos[0]);
    throw new SpecError([
      { file, line: position.line, column: position.col, rule: 'yaml-syntax', severity: 'error', message: firstLine(syntaxError.message) },
    ]);
  }
  const root = document.contents;
  const versionNode = isMap(root) ? root.items.find((pair) => isScalar(pair.key) && (pair.key.value === 'openapi' || pair.key.value === 'swagger')) : undefined;
  const declared = isScalar(versionNode?.value) ? String(versionNode.value.value) : undefined;
  const match = declared?.match(/^3\.([01])\.\d+$/);
  if (versionNode && isScalar(versionNode.key) && versionNode.key.value === 'openapi' && match) {
    return `3.${match[1]}` as OpenApiVersion;
  }
  const offset = isScalar(versionNode?.key) ? (versionNode.key.range?.[0] ?? 0) : 0;
  const position = lineCounter.linePos(offset);
  const found = versionNode && isScalar(versionNode.key) ? `${String(versionNode.key.value)}: ${declared}` : 'no `openapi` field';
  throw new SpecError([
    { file, line: position.line, column: position.col, rule: 'openapi-version', severity: 'error', message: `Not an OpenAPI 3.0 or 3.1 document (found ${found}).` },
  ]);
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
