/**
 * Prism's router, given only the operations that could match the request's path. For each
 * request it scores and sorts every operation of the spec, then tries to match each: on
 * authentik's 1,193 operations that was most of a Prism CLI's CPU per request. Loaded into
 * the CLI by prism-cli-preload.ts (for `--proxy` and the parity tests' reference).
 *
 * The answer is the one Prism gives on the whole list. Prism's path match (matchPath) fails
 * at once when the request's path has another number of segments than the operation's, or
 * when the operation's first segment is no template and differs from the request's (both
 * percent-decoded as Prism does). The others, the candidates, are handed to the router in
 * the spec's order: the router's stable sort ranks them as it would, every operation that
 * matches the path is among them, and which of them it picks, or which error it gives
 * (no such path, no such method), depends only on those. The whole list goes to the router
 * unchanged where that does not hold: a request with a server base URL (Prism then asks
 * whether any operation at all has servers), a path without its leading slash, no
 * candidate at all (Prism tells "no such path" from "no operations"), and a spec with an
 * operation path Prism cannot split (its router throws on it).
 */

interface Routable {
  path: string;
}
interface RouteInput {
  url: { path: string; baseUrl?: string };
}
type Route<R extends Routable, I extends RouteInput, O> = (opts: { resources: R[]; input: I }) => O;

/** Operations by segment count, then by literal first segment; those whose first segment is a template apart. Each list in the spec's order, as indexes. */
interface Candidates {
  bySegments: Map<number, { byFirst: Map<string, number[]>; templated: number[] }>;
}

/** Prism's own reading of a path segment (matchPath.js): percent-decoded, or as it is when that fails. */
function decodeSegment(segment: string): string {
  try {
    return segment && decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Prism's test for a templated segment (matchPath.js). */
const TEMPLATED = /{(.+)}/;

function candidatesOf(resources: readonly Routable[]): Candidates | undefined {
  const bySegments: Candidates['bySegments'] = new Map();
  for (let index = 0; index < resources.length; index += 1) {
    const path = resources[index]!.path;
    if (typeof path !== 'string' || !path.startsWith('/')) return undefined;
    const segments = path.split('/').slice(1);
    let group = bySegments.get(segments.length);
    if (!group) bySegments.set(segments.length, (group = { byFirst: new Map(), templated: [] }));
    const first = decodeSegment(segments[0]!);
    if (TEMPLATED.test(first)) group.templated.push(index);
    else {
      const list = group.byFirst.get(first);
      if (list) list.push(index);
      else group.byFirst.set(first, [index]);
    }
  }
  return { bySegments };
}

/** Two ascending lists of indexes as one, ascending. */
function merged(a: readonly number[], b: readonly number[]): number[] {
  if (b.length === 0) return a as number[];
  if (a.length === 0) return b as number[];
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) out.push(j >= b.length || (i < a.length && a[i]! < b[j]!) ? a[i++]! : b[j++]!);
  return out;
}

/** `route` (Prism's router), called with the candidates of each request's path instead of every operation, as above. */
export function routeAmongCandidates<R extends Routable, I extends RouteInput, O>(route: Route<R, I, O>): Route<R, I, O> {
  // By the list of operations the router is called with: the CLI passes the same one each time.
  const byList = new WeakMap<readonly R[], Candidates | null>();
  return (opts) => {
    const { resources, input } = opts;
    const path = input.url.path;
    if (!Array.isArray(resources) || input.url.baseUrl || typeof path !== 'string' || !path.startsWith('/')) return route(opts);
    let candidates = byList.get(resources);
    if (candidates === undefined) byList.set(resources, (candidates = candidatesOf(resources) ?? null));
    if (candidates === null) return route(opts);
    const segments = path.split('/').slice(1);
    const group = candidates.bySegments.get(segments.length);
    const indexes = group ? merged(group.byFirst.get(decodeSegment(segments[0]!)) ?? [], group.templated) : [];
    if (indexes.length === 0) return route(opts);
    return route({ ...opts, resources: indexes.map((index) => resources[index]!) });
  };
}
