// The `authkit` command's body, which bin.ts runs: from the build's bundle of this module
// and all it imports (dist/src/cli/cli.cjs), or from the sources.
export async function runAuthkit(argv: string[]): Promise<number> {
  const { watchAncestors } = await import('../lifecycle/ancestors.js');
  const { runExitTasks } = await import('../lifecycle/exit-tasks.js');
  // Started by npm (or a shell) that was killed outright: nothing tells this process, so
  // it notices, stops its mock and removes its temporary folders rather than linger.
  watchAncestors(() => {
    runExitTasks();
    process.exit(129);
  });
  const { runCli } = await import('./main.js');
  return runCli(argv);
}
