import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';

export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

/**
 * Where a JSON pointer of the bundled document is written in the spec's own files:
 * it walks the root file and follows each `$ref` into the file it names, as the
 * bundler did, so a problem found in the bundle can be shown at `file:line`. Falls
 * back to the deepest place it reached (a pointer into a part it cannot follow).
 */
export function locatePointer(rootFile: string, pointer: string): SourceLocation {
  const segments = pointer.replace(/^#\/?/, '').split('/').filter((segment) => segment !== '').map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  let file = resolve(rootFile);
  let parsed = parse(file);
  let node: Node | null | undefined = parsed.document.contents;
  let found: SourceLocation = { file, line: 1, column: 1 };
  for (let index = 0; index <= segments.length; index += 1) {
    // A `$ref` to another file: the rest of the pointer is read there.
    const ref = isMap(node) ? node.get('$ref') : undefined;
    if (typeof ref === 'string' && !ref.startsWith('#')) {
      const [target, fragment = ''] = ref.split('#');
      file = resolve(dirname(file), target!);
      try {
        parsed = parse(file);
      } catch {
        return found;
      }
      node = parsed.document.contents;
      for (const part of fragment.split('/').filter(Boolean)) node = isMap(node) ? (node.get(part, true) as Node | undefined) : undefined;
    }
    if (index === segments.length) break;
    if (isSeq(node)) {
      const item = node.items[Number(segments[index])] as Node | undefined;
      if (!item || !/^\d+$/.test(segments[index]!)) break;
      const position = parsed.lines.linePos(item.range?.[0] ?? 0);
      found = { file, line: position.line, column: position.col };
      node = item;
      continue;
    }
    if (!isMap(node)) break;
    const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === segments[index]);
    if (!pair) break;
    const at = (pair.key as Node).range?.[0] ?? 0;
    const position = parsed.lines.linePos(at);
    found = { file, line: position.line, column: position.col };
    node = pair.value as Node | null;
  }
  return found;
}

function parse(file: string): { document: ReturnType<typeof parseDocument>; lines: LineCounter } {
  const lines = new LineCounter();
  const document = parseDocument(readFileSync(file, 'utf8'), { lineCounter: lines });
  return { document, lines };
}
