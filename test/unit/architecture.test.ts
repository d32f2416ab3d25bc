import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths.js';

const SRC = join(ROOT, 'src');
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"](\.[^'"]+)['"]|\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/g;

/** The folder of src/ a file belongs to (`cli`, `pipeline`, …), or the file's own name at the top. */
const layerOf = (file: string) => relative(SRC, file).split('/')[0]!.replace(/\.(ts|js)$/, '');

function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  const files = readdirSync(SRC, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile() && /\.(ts|js)$/.test(entry.name));
  for (const entry of files) {
    const file = join(entry.parentPath, entry.name);
    const from = layerOf(file);
    const edges = graph.get(from) ?? new Set<string>();
    graph.set(from, edges);
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const target = resolve(dirname(file), match[1] ?? match[2]!);
      if (!target.startsWith(SRC)) {
        edges.add(`../${relative(ROOT, target).split('/')[0]}`);
        continue;
      }
      const to = layerOf(target);
      if (to !== from) edges.add(to);
    }
  }
  return graph;
}

// cli → pipeline → {generate, contract, flows → contract, mock → docs, msw} → {mock-state, schema,
// lint → openapi, client}; the package root (index, auth-api) is the client's, and toolkit-package reads the
// toolkit's own version.
const ALLOWED: Record<string, string[]> = {
  cli: ['cache', 'contract', 'diff', 'flows', 'lifecycle', 'mock', 'mock-state', 'openapi', 'pipeline', 'toolkit-package'],
  pipeline: ['contract', 'diff', 'docs', 'flows', 'generate', 'lifecycle', 'lint', 'mock', 'mock-state', 'msw', 'openapi', 'schema', 'toolkit-package'],
  generate: ['cache', 'lifecycle', 'openapi', 'toolkit-package'],
  contract: ['client', 'openapi', 'schema'],
  mock: ['../generated', 'cache', 'docs', 'lifecycle', 'mock-state', 'openapi', 'schema', 'toolkit-package'],
  // MSW handlers: the mock's answers without a server; they run in browsers too.
  msw: ['../generated', 'mock-state', 'openapi', 'schema'],
  // What a mock remembers (sessions, collections, overrides): one set of rules for mock/ and msw/.
  'mock-state': ['openapi', 'schema'],
  // Values from schemas: samples, validation, body encodings, for every mock, check and generator.
  schema: ['openapi'],
  // TanStack Query options over the client: types from react-query, nothing else at run time.
  'react-query': ['../generated', 'client'],
  // Arazzo workflows: read, run against any target with a cookie jar per run, checked
  // by the contract's named checks (which is why it may use contract/).
  flows: ['client', 'contract', 'openapi', 'schema'],
  // The breaking-change classifier: two documents in, judged changes out.
  diff: ['openapi'],
  // The reference page: a document in, one HTML page out.
  docs: ['openapi', 'schema'],
  // Exit tasks and temp folders: process-wide, so below everything that starts processes.
  lifecycle: [],
  // The toolkit's cache folder, and require() with V8's code cache kept in it.
  cache: [],
  lint: ['openapi'],
  openapi: [],
  // Type-only: the client's paths default to the Auth API's.
  client: ['../generated'],
  index: ['../generated', 'auth-api', 'client'],
  'auth-api': ['../generated'],
  'toolkit-package': [],
};

describe('imports point one way', () => {
  it('each folder of src/ imports only the layers below it', () => {
    const graph = folderGraph();
    const actual = Object.fromEntries([...graph].map(([from, to]) => [from, [...to].sort()]));
    // Every folder of src/ has its place in the layering, and every place is a folder that exists.
    expect(Object.keys(actual).sort()).toEqual(Object.keys(ALLOWED).sort());
    for (const [from, to] of Object.entries(actual)) expect(to.filter((layer) => !ALLOWED[from]!.includes(layer)), `${from} may not import these`).toEqual([]);
  });

  it('no cycle between folders', () => {
    const graph = folderGraph();
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (node: string, path: string[]) => {
      if (state.get(node) === 'done') return;
      if (state.get(node) === 'open') return void cycles.push([...path, node].join(' → '));
      state.set(node, 'open');
      for (const next of graph.get(node) ?? []) visit(next, [...path, node]);
      state.set(node, 'done');
    };
    for (const node of graph.keys()) visit(node, []);
    expect(cycles).toEqual([]);
  });
});
