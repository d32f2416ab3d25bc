// The `authkit` command. Offline by design: Redocly must neither phone home nor check
// for updates, whatever the user's config says.
process.env.REDOCLY_TELEMETRY ??= 'off';
process.env.REDOCLY_SUPPRESS_UPDATE_NOTICE ??= 'true';

const { runCli } = await import('./main.js');
process.exitCode = await runCli(process.argv.slice(2));
