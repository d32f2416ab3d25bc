// The `authkit` command. Offline by design: Redocly must neither phone home nor check
// for updates, whatever the user's config says.
process.env.REDOCLY_TELEMETRY ??= 'off';
process.env.REDOCLY_SUPPRESS_UPDATE_NOTICE ??= 'true';

const { watchAncestors } = await import('../lifecycle/ancestors.js');
const { runExitTasks } = await import('../lifecycle/exit-tasks.js');
// Started by npm (or a shell) that was killed outright: nothing tells this process, so
// it notices, stops its mock and removes its temporary folders rather than linger.
watchAncestors(() => {
  runExitTasks();
  process.exit(129);
});

const { runCli } = await import('./main.js');
process.exitCode = await runCli(process.argv.slice(2));
