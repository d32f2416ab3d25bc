// A larger spec made from the Auth API: its paths copied under /tenants/tN/, so the
// benchmark can show how a contract run grows with the number of operations.
import { readFileSync } from 'node:fs';
import { DEFAULT_MOCK_SPEC } from '../src/mock/start-mock.js';
import type { OpenApiDocument } from '../src/spec/document.js';

export function scaledAuthSpec(copies: number): OpenApiDocument {
  const base = JSON.parse(readFileSync(DEFAULT_MOCK_SPEC, 'utf8')) as OpenApiDocument;
  const paths: Record<string, unknown> = {};
  for (let copy = 0; copy < copies; copy += 1) {
    for (const [path, item] of Object.entries<Record<string, Record<string, unknown>>>(base.paths)) {
      const renamed = Object.fromEntries(Object.entries(item).map(([method, operation]) => [method, { ...operation, operationId: `${operation.operationId}T${copy}` }]));
      paths[`/tenants/t${copy}${path}`] = renamed;
    }
  }
  return { ...base, paths };
}
