import type { ChildProcess } from 'node:child_process';

// Process-wide by nature: whatever started a mock, its Prism must not outlive this
// process, whether it ends normally, on a signal or on an uncaught exception.
const live = new Set<ChildProcess>();
let installed = false;

function killAll(): void {
  for (const child of live) child.kill('SIGTERM');
  live.clear();
}

function install(): void {
  if (installed) return;
  installed = true;
  process.once('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAll();
      // Re-raise so the process ends as it would have without us (or its own handlers run).
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
}

export function track(child: ChildProcess): void {
  install();
  live.add(child);
  child.once('exit', () => live.delete(child));
}
