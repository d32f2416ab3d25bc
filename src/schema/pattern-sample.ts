import randexp from 'randexp';

// randexp is CommonJS whose types declare an ES default export; at run time the module is the class.
const RandExp = randexp as unknown as typeof randexp.default;

/**
 * A string that matches a schema's `pattern`, the same on every run. openapi-sampler's own
 * pattern sampler reads only simple patterns: `[^/]+` gives "/", `(-[a-z]+)+` gives the
 * group's source. randexp walks the whole expression. Its random choices come from a seeded
 * generator, so a run's requests are reproducible, and unconstrained characters (`.`, `\S`,
 * `[^/]`) are letters and digits, which need no escaping in a path, a query or a header.
 */
export function patternSample(pattern: string): string | undefined {
  let generator: InstanceType<typeof RandExp>;
  try {
    generator = new RandExp(pattern);
  } catch {
    return undefined; // not a pattern randexp reads (a lookbehind, say): the sampler's guess stands
  }
  generator.max = 3;
  const random = seeded(0x5eed);
  generator.randInt = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const range = generator.defaultRange;
  range.subtract(0, 0x10ffff);
  range.add(0x30, 0x39).add(0x41, 0x5a).add(0x61, 0x7a);
  return generator.gen();
}

/** mulberry32: a small, well-known seeded generator. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
