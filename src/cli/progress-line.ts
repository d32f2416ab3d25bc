export interface Progress {
  done: number;
  total: number;
  passed: number;
  failed: number;
}

export interface ProgressLine {
  update(progress: Progress): void;
  /** Clears the line, so what is printed next starts clean. */
  finish(): void;
}

interface Stream {
  isTTY?: boolean;
  write(text: string): unknown;
}

/**
 * One line, redrawn in place, for a run a person is watching: nothing for the first
 * second (a short run stays quiet), nothing at all when the stream is not a terminal
 * (CI logs, pipes), at most ten redraws a second. It is redrawn with `\r` and spaces
 * only, no escape codes, so it holds under NO_COLOR too.
 */
export function createProgressLine(stream: Stream, options: { delayMs?: number; now?: () => number } = {}): ProgressLine {
  if (!stream.isTTY) return { update: () => undefined, finish: () => undefined };
  const now = options.now ?? (() => performance.now());
  const showFrom = now() + (options.delayMs ?? 1_000);
  let lastDrawn = -Infinity;
  let width = 0;
  const draw = (text: string) => {
    stream.write(`\r${text.padEnd(width)}`);
    width = text.length;
  };
  return {
    update(progress) {
      const time = now();
      if (time < showFrom || (time - lastDrawn < 100 && progress.done < progress.total)) return;
      lastDrawn = time;
      draw(`contract: ${progress.done}/${progress.total} done · ${progress.passed} passed · ${progress.failed} failed`);
    },
    finish() {
      if (width > 0) stream.write(`\r${' '.repeat(width)}\r`);
      width = 0;
    },
  };
}
