import type { MockEvent } from '../mock/mock-events.js';
import { dim, fail } from './style.js';

export type Verbosity = 'quiet' | 'normal' | 'verbose';

export function verbosityOf(flags: Record<string, unknown>): Verbosity {
  return flags.quiet === true ? 'quiet' : flags.verbose === true ? 'verbose' : 'normal';
}

/**
 * What a person sees of a running mock: one line per request (`normal`), nothing per
 * request (`quiet`), or also every line Prism prints about it (`verbose`). Prism's
 * warnings and errors (a request that broke the spec, a failure) show unless quiet.
 */
export function mockEventLine(event: MockEvent, verbosity: Verbosity): string | undefined {
  switch (event.type) {
    case 'request':
      if (verbosity === 'quiet') return undefined;
      return `  ${event.method.padEnd(7)} ${event.url} ${event.status >= 400 ? dim('→') : '→'} ${event.status} ${dim(`${Math.round(event.durationMs)} ms`)}`;
    case 'log':
      if (verbosity === 'verbose' || (verbosity === 'normal' && event.level !== 'info')) return dim(`  prism │ ${event.line}`);
      return undefined;
    case 'exit':
      return fail(`the mock engine exited (code ${event.code})`);
    default:
      return undefined;
  }
}
