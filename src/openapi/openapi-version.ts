import { LineCounter, parseDocument, isMap, isScalar } from 'yaml';
import { SpecError } from './spec-problem.js';

export type OpenApiVersion = '3.0' | '3.1';

/**
 * Makes sure the root document is OpenAPI 3.0 or 3.1 before anything else runs:
 * Redocly would happily lint Swagger 2.0 or AsyncAPI, and everything downstream
 * (types, mock, contract checks) assumes 3.x. Works on the document the resolver has
 * already read and parsed; the text is parsed again only to locate a wrong version.
 */
export function checkOpenApiVersion(root: { file: string; text: string; parsed: unknown }): OpenApiVersion {
  const declared = (root.parsed as { openapi?: unknown } | null)?.openapi;
  const match = typeof declared === 'string' ? declared.match(/^3\.([01])\.\d+$/) : null;
  if (match) return `3.${match[1]}` as OpenApiVersion;

  const lineCounter = new LineCounter();
  const document = parseDocument(root.text, { lineCounter, prettyErrors: false });
  const contents = document.contents;
  const versionNode = isMap(contents) ? contents.items.find((pair) => isScalar(pair.key) && (pair.key.value === 'openapi' || pair.key.value === 'swagger')) : undefined;
  const offset = isScalar(versionNode?.key) ? (versionNode.key.range?.[0] ?? 0) : 0;
  const position = lineCounter.linePos(offset);
  const found = versionNode && isScalar(versionNode.key) ? `${String(versionNode.key.value)}: ${isScalar(versionNode.value) ? String(versionNode.value.value) : '?'}` : 'no `openapi` field';
  throw new SpecError([
    { file: root.file, line: position.line, column: position.col, rule: 'openapi-version', severity: 'error', message: `Not an OpenAPI 3.0 or 3.1 document (found ${found}).` },
  ]);
}
