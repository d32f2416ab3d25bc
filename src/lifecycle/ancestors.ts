import { readFileSync } from 'node:fs';
import { processAlive } from './process-alive.js';

/**
 * Calls `onGone` once the process that started this one is gone, even when it was
 * killed too hard to tell anyone (SIGKILL). Under an npm script, `npm → sh → authkit`,
 * the shell outlives a killed npm, so npm (the grandparent) is watched too. Polling is
 * the only portable way: no signal reaches a process when its parent dies.
 */
export function watchAncestors(onGone: () => void, everyMs = 500): () => void {
  const parent = process.ppid;
  const grandparent = process.env.npm_lifecycle_event ? parentOf(parent) : undefined;
  const timer = setInterval(() => {
    if (process.ppid !== parent || (grandparent !== undefined && grandparent > 1 && !processAlive(grandparent))) {
      clearInterval(timer);
      onGone();
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** A process's parent, from /proc (Linux); undefined elsewhere, where only the parent is watched. */
function parentOf(pid: number): number | undefined {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces and parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return Number.isInteger(ppid) ? ppid : undefined;
  } catch {
    return undefined;
  }
}
