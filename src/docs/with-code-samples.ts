import { HTTP_METHODS, type OpenApiDocument } from '../openapi/document.js';
import { listOperations } from '../openapi/operations.js';
import { codeSamples, type CodeSampleOptions } from './code-samples.js';
import { firstServerUrl } from './sample-request.js';

/**
 * A copy of the document whose every operation carries its code samples as Redoc reads
 * them (`x-codeSamples`): ours first, then any the spec already has. The document given
 * is not changed: only the page's copy has them, never the spec or the bundle on disk.
 */
export function withCodeSamples(document: OpenApiDocument, options: Partial<CodeSampleOptions> = {}): OpenApiDocument {
  const settled: CodeSampleOptions = {
    baseUrl: options.baseUrl ?? firstServerUrl(document),
    client: options.client ?? (isAuthApi(document) ? 'authkit-contract' : 'generated-paths'),
  };
  const samples = new Map(listOperations(document).map((operation) => [`${operation.method} ${operation.path}`, codeSamples(document, operation, settled)]));
  const paths: Record<string, unknown> = {};
  for (const [path, rawItem] of Object.entries<any>(document.paths ?? {})) {
    if (!rawItem || typeof rawItem !== 'object' || '$ref' in rawItem) {
      paths[path] = rawItem;
      continue;
    }
    const item = { ...rawItem };
    for (const method of HTTP_METHODS) {
      const own = samples.get(`${method} ${path}`);
      if (item[method] && own) item[method] = { ...item[method], 'x-codeSamples': [...own, ...(item[method]['x-codeSamples'] ?? [])] };
    }
    paths[path] = item;
  }
  return { ...document, paths };
}

/** The Auth API is the spec `@authkit/contract`'s client is typed for: its samples need no generated types. */
function isAuthApi(document: OpenApiDocument): boolean {
  return (document.info as { title?: string } | undefined)?.title === 'Auth API';
}
