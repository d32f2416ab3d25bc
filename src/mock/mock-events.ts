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
  | { type: 'request'; method: string; url: string }
  /** Any other line the engine printed: a violation, a warning, an error. */
  | { type: 'log'; line: string }
  | { type: 'exit'; code: number | null };

const LISTENING = /Prism is listening/;
const RELOADING = /Restarting Prism|Loading the updated operations/;
const REQUEST = /\[CLI\]\s*ℹ\s+info\s+(GET|PUT|POST|DELETE|OPTIONS|HEAD|PATCH|TRACE)\s+(\S+)/;

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
    const request = REQUEST.exec(line);
    if (request) return { type: 'request', method: request[1]!, url: request[2]! };
    return { type: 'log', line };
  };
}
