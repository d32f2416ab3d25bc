import type { BaseResolver } from './redocly.js';
import { isMap, isScalar, LineCounter, parseDocument, type Node } from 'yaml';
import type { SpecProblem } from './spec-problem.js';

/**
 * Redocly throws "Self-referencing circular pointer", with no place, on a $ref that
 * leads back to itself through nothing but $refs (`Loop: { $ref: '#/…/Loop' }`). This
 * finds such a chain in the files the resolver has read and says where it starts.
 * Only pointers inside one file are followed, which is where such loops are written.
 */
export async function findSelfReferences(resolver: BaseResolver): Promise<SpecProblem[]> {
  const problems: SpecProblem[] = [];
  for (const [file, pending] of resolver.cache) {
    const document = await Promise.resolve(pending).catch(() => undefined);
    if (!document || document instanceof Error || typeof document.source?.body !== 'string') continue;
    problems.push(...selfReferencesIn(file, document.source.body));
  }
  return problems;
}

function selfReferencesIn(file: string, text: string): SpecProblem[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const refs = new Map<string, { ref: string; offset: number }>();
  const walk = (node: unknown, pointer: string) => {
    if (!isMap(node)) {
      if (node && typeof node === 'object' && 'items' in node) (node as { items: unknown[] }).items.forEach((item, index) => walk(item, `${pointer}/${index}`));
      return;
    }
    for (const pair of node.items) {
      if (!isScalar(pair.key)) continue;
      const key = String(pair.key.value);
      if (key === '$ref' && isScalar(pair.value) && typeof pair.value.value === 'string' && node.items.length === 1) {
        refs.set(pointer, { ref: pair.value.value, offset: (pair.value as Node).range?.[0] ?? 0 });
      } else {
        walk(pair.value, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
      }
    }
  };
  walk(doc.contents, '#');
  const problems: SpecProblem[] = [];
  const reported = new Set<string>();
  for (const [start, first] of refs) {
    const chain = [start];
    let current = first.ref;
    while (current.startsWith('#') && refs.has(current) && !chain.includes(current)) {
      chain.push(current);
      current = refs.get(current)!.ref;
    }
    if (current !== start || reported.has([...chain].sort().join())) continue;
    reported.add([...chain].sort().join());
    const position = lineCounter.linePos(first.offset);
    const loop = [...chain, start].join(' → ');
    problems.push({ file, line: position.line, column: position.col, rule: 'no-unresolved-refs', severity: 'error', message: `Can't resolve $ref \`${first.ref}\`: it leads back to itself (${loop}).` });
  }
  return problems;
}
