// A larger spec made from the Auth API: its paths copied under /tenants/tN/, so the
// benchmark can show how a contract run grows with the number of operations.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toolkitRoot } from '../src/toolkit-package.js';
import type { OpenApiDocument } from '../src/openapi/document.js';

export function scaledAuthSpec(copies: number): OpenApiDocument {
  const base = JSON.parse(readFileSync(join(toolkitRoot(), 'generated', 'openapi.json'), 'utf8')) as OpenApiDocument;
  const paths: Record<string, unknown> = {};
  for (let copy = 0; copy < copies; copy += 1) {
    for (const [path, item] of Object.entries<Record<string, Record<string, unknown>>>(base.paths)) {
      const renamed = Object.fromEntries(Object.entries(item).map(([method, operation]) => [method, { ...operation, operationId: `${operation.operationId}T${copy}` }]));
      paths[`/tenants/t${copy}${path}`] = renamed;
    }
  }
  return { ...base, paths };
}
