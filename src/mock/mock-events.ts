/**
 * What a running mock tells its owner, as typed events. Prism speaks only in log
 * lines; reading them is this folder's job, so that the dev server and tests react to
 * `reloaded` rather than to the wording of Prism's output.
 */
export type MockEvent =
  | { type: 'ready'; url: string }
  /** The served spec changed on disk and the mock is loading it. */
  | { type: 'reloading' }
  /** The mock serves the changed spec. */
  | { type: 'reloaded' }
  /** One answered request, as the mock's front saw it. */
  | { type: 'request'; method: string; url: string; status: number; durationMs: number; worker?: number }
  /** Any other line the engine printed. `info` is Prism's chatter about each request; `warning` and `error` are worth a look (violations, failures). */
  | { type: 'log'; line: string; level: 'info' | 'warning' | 'error' }
  | { type: 'exit'; code: number | null };

const LISTENING = /Prism is listening/;
const RELOADING = /Restarting Prism|Loading the updated operations/;
const ERROR = /\b(fatal|error)\b|✖/;
const WARNING = /\bwarn(ing)?\b|⚠/;

/** Turns Prism's output into events, one line at a time, remembering whether it has started. */
export function createPrismLogReader(url: string): (line: string) => MockEvent {
  let started = false;
  return (line) => {
    if (LISTENING.test(line)) {
      if (started) return { type: 'reloaded' };
      started = true;
      return { type: 'ready', url };
    }
    if (RELOADING.test(line)) return { type: 'reloading' };
    return { type: 'log', line, level: ERROR.test(line) ? 'error' : WARNING.test(line) ? 'warning' : 'info' };
  };
}
