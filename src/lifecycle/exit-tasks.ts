// Process-wide by nature: whatever a command started (a Prism child, a temporary
// folder) must not outlive this process, whether it ends normally, on a signal or on an
// uncaught exception. Tasks are synchronous because 'exit' allows nothing else.
const tasks = new Set<() => void>();
let installed = false;

/** Runs every task once, newest first; a failing task does not stop the others. */
export function runExitTasks(): void {
  for (const task of [...tasks].reverse()) {
    tasks.delete(task);
    try {
      task();
    } catch {
      // best effort: the process is going away
    }
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  process.once('exit', runExitTasks);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      runExitTasks();
      // Re-raise so the process ends as it would have without us, unless the program
      // listens for the signal itself (a server closing gracefully).
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
}

/** Registers `task` to run when the process ends; the returned function unregisters it (the work was done normally). */
export function atExit(task: () => void): () => void {
  install();
  tasks.add(task);
  return () => void tasks.delete(task);
}
