// Where a JSON pointer lands in a JSON file, as Redocly's getLineColLocation says, without
// the YAML syntax tree it builds for that; and a JSON file's value, as Redocly's YAML
// parser reads it, without that parser.
//
// Why our own scanner: Redocly finds a problem's line by parsing the whole file again
// with yaml-ast-parser (0.45–0.7 s and a tree of every node on a 13 MB description, kept
// in memory), then walking it per problem. A JSON file answers the same question with
// one pass over its text that only records the nodes the problems point at. No JSON
// library gives offsets for chosen pointers without building a tree of the whole file
// (jsonc-parser's parseTree costs as much as the YAML tree). Anything that is not plain
// JSON (comments, unquoted keys, YAML in braces) makes the scan give up, and the caller
// asks Redocly as before; the tests compare both on every problem of several specs.

export interface PointerQuery {
  /** `#/paths/~1users/get`, as Redocly's problem locations carry it. */
  pointer: string;
  /** Point at the key of the last member rather than its value. */
  reportOnKey: boolean;
}

export interface LineCol {
  line: number;
  col: number;
}

/** A node the queries reach: where its value starts and, inside an object, where its key does. */
interface Node {
  children: Map<string, Node>;
  /** Children by array index, built when an array is met (Redocly reads a segment with parseInt). */
  byIndex?: Map<number, Node[]>;
  kind?: 'object' | 'array' | 'scalar';
  valueStart?: number;
  keyStart?: number;
  /** Set on the root; a member of an array has no key. */
  inArray?: boolean;
}

class NotJson extends Error {}
class DuplicateKey extends Error {}

const newNode = (): Node => ({ children: new Map() });

/** Redocly's parsePointer: `~1` then `~0` unescaped, percent-decoding where it decodes, empty segments dropped. */
function segmentsOf(pointer: string): string[] {
  return pointer
    .slice(2)
    .split('/')
    .map((fragment) => {
      const unescaped = fragment.includes('~') ? fragment.replaceAll('~1', '/').replaceAll('~0', '~') : fragment;
      try {
        return decodeURIComponent(unescaped);
      } catch {
        return unescaped;
      }
    })
    .filter(Boolean);
}

/**
 * The line and column (1-based) each query lands on, in the same order; `undefined` for
 * all of them when the text is not JSON this scanner reads.
 */
export function jsonPositions(text: string, queries: PointerQuery[]): Array<LineCol> | undefined {
  const root = newNode();
  const paths = queries.map((query) => segmentsOf(query.pointer));
  for (const segments of paths) {
    let node = root;
    for (const segment of segments) {
      let child = node.children.get(segment);
      if (!child) node.children.set(segment, (child = newNode()));
      node = child;
    }
  }
  try {
    new Scanner(text).document(root);
  } catch (error) {
    if (error instanceof NotJson) return undefined;
    throw error;
  }
  const lineStarts = lineStartsOf(text);
  // Redocly's tree is built from the text without its byte-order mark, but its lines are
  // counted in the text with it: its offsets, and so its columns, are one short. Kept, so
  // that a problem is where `authkit lint` always put it.
  const shift = text.charCodeAt(0) === 0xfeff ? -1 : 0;
  return queries.map((query, index) => toLineCol(text, lineStarts, Math.max(0, landing(root, paths[index]!, query.reportOnKey) + shift)));
}

/**
 * The value of a JSON text, as js-yaml (which Redocly parses every file with) reads it,
 * in a fraction of its time (13 MB: 0.13 s against 0.45 s); `undefined` when the text is
 * not plain JSON or an object in it repeats a key, which YAML refuses and JSON.parse would
 * not: the caller then parses it as before, and reports what YAML reports.
 */
export function parseJsonText(text: string): { value: unknown } | undefined {
  try {
    new Scanner(text, true).document(newNode());
    return { value: JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) };
  } catch (error) {
    if (error instanceof NotJson || error instanceof DuplicateKey || error instanceof SyntaxError) return undefined;
    throw error;
  }
}

/** The offset getAstNodeByPointer's node starts at: it stops at the last segment it finds. */
function landing(root: Node, segments: string[], reportOnKey: boolean): number {
  let node = root;
  for (const segment of segments) {
    if (node.kind === 'object') {
      const child = node.children.get(segment);
      if (child?.valueStart === undefined) break;
      node = child;
    } else if (node.kind === 'array') {
      const child = node.byIndex?.get(Number.parseInt(segment, 10))?.[0];
      if (child?.valueStart === undefined) break;
      node = child;
    }
    // A scalar has nothing below it: the remaining segments change nothing, as in Redocly.
  }
  if (reportOnKey && node !== root && !node.inArray) return node.keyStart!;
  return node.valueStart!;
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) starts.push(index + 1);
  return starts;
}

/** Redocly's offsetToLoc, so that a column counts the same way (a `\r` after `\n` is no column). */
function toLineCol(text: string, lineStarts: number[], offset: number): LineCol {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const middle = Math.floor((low + high + 1) / 2);
    if (lineStarts[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  const lineStart = lineStarts[low]!;
  const skippedCarriageReturn = low > 0 && text[lineStart] === '\r' && offset > lineStart ? 1 : 0;
  return { line: low + 1, col: offset - lineStart + 1 - skippedCarriageReturn };
}

const QUOTE = 34;
const BACKSLASH = 92;

/** A strict JSON reader that keeps offsets only for the nodes of the query tree, and may refuse an object that repeats a key. */
class Scanner {
  private at = 0;

  constructor(
    private readonly text: string,
    private readonly refuseDuplicateKeys = false,
  ) {}

  document(root: Node): void {
    if (this.text.charCodeAt(0) === 0xfeff) this.at = 1;
    this.value(root);
    this.space();
    if (this.at !== this.text.length) throw new NotJson();
  }

  private space(): void {
    const text = this.text;
    let at = this.at;
    for (;;) {
      const code = text.charCodeAt(at);
      if (code === 32 || code === 10 || code === 13 || code === 9) at += 1;
      else break;
    }
    this.at = at;
  }

  /** Reads one value; `node` (when the queries reach it) learns its kind and start. */
  private value(node: Node | undefined): void {
    this.space();
    const start = this.at;
    if (node) node.valueStart = start;
    const code = this.text.charCodeAt(start);
    if (code === 123) {
      if (node) node.kind = 'object';
      this.object(node);
    } else if (code === 91) {
      if (node) node.kind = 'array';
      this.array(node);
    } else {
      if (node) node.kind = 'scalar';
      if (code === QUOTE) this.string();
      else this.bare();
    }
  }

  private object(node: Node | undefined): void {
    this.at += 1; // {
    this.space();
    if (this.text.charCodeAt(this.at) === 125) {
      this.at += 1;
      return;
    }
    const keys = this.refuseDuplicateKeys ? new Set<string>() : undefined;
    for (;;) {
      this.space();
      const keyStart = this.at;
      if (this.text.charCodeAt(keyStart) !== QUOTE) throw new NotJson();
      const key = this.string();
      if (keys) {
        if (keys.has(key)) throw new DuplicateKey();
        keys.add(key);
      }
      this.space();
      if (this.text.charCodeAt(this.at) !== 58) throw new NotJson(); // :
      this.at += 1;
      const child = node?.children.get(key);
      // A key met twice: Redocly's lookup (Array#find) takes the first, so the second is read past.
      if (child && child.valueStart === undefined) {
        child.keyStart = keyStart;
        this.value(child);
      } else {
        this.value(undefined);
      }
      this.space();
      const next = this.text.charCodeAt(this.at);
      this.at += 1;
      if (next === 125) return; // }
      if (next !== 44) throw new NotJson(); // ,
    }
  }

  private array(node: Node | undefined): void {
    this.at += 1; // [
    if (node && node.children.size > 0) {
      node.byIndex = new Map();
      for (const [segment, child] of node.children) {
        const index = Number.parseInt(segment, 10);
        node.byIndex.set(index, [...(node.byIndex.get(index) ?? []), child]);
      }
    }
    this.space();
    if (this.text.charCodeAt(this.at) === 93) {
      this.at += 1;
      return;
    }
    for (let index = 0; ; index += 1) {
      const wanted = node?.byIndex?.get(index);
      if (wanted) {
        // Two spellings of one index (`1`, `01`) would need their subtrees merged: Redocly is asked instead.
        if (wanted.length > 1) throw new NotJson();
        wanted[0]!.inArray = true;
        this.value(wanted[0]);
      } else {
        this.value(undefined);
      }
      this.space();
      const next = this.text.charCodeAt(this.at);
      this.at += 1;
      if (next === 93) return; // ]
      if (next !== 44) throw new NotJson(); // ,
    }
  }

  /** A string's value; the scan moves past its closing quote. */
  private string(): string {
    const text = this.text;
    const start = this.at;
    let end = start + 1;
    for (;;) {
      end = text.indexOf('"', end);
      if (end === -1) throw new NotJson();
      let backslashes = 0;
      while (text.charCodeAt(end - 1 - backslashes) === BACKSLASH) backslashes += 1;
      if (backslashes % 2 === 0) break;
      end += 1;
    }
    this.at = end + 1;
    const raw = text.slice(start + 1, end);
    if (!raw.includes('\\')) {
      if (/[\u0000-\u001f]/.test(raw)) throw new NotJson();
      return raw;
    }
    try {
      return JSON.parse(text.slice(start, end + 1)) as string;
    } catch {
      throw new NotJson();
    }
  }

  /** A number, true, false or null. */
  private bare(): void {
    const rest = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/y;
    rest.lastIndex = 0;
    const match = rest.exec(this.text.slice(this.at, this.at + 64));
    if (!match) throw new NotJson();
    this.at += match[0].length;
  }
}
