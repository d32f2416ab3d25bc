import { cac } from 'cac';
import { toolkitPackage } from '../toolkit-package.js';
import { EXIT, exitReportFor } from './exit-codes.js';
import { fail } from './style.js';

// Each command's module is imported only when that command runs, so `generate` with
// nothing to do never loads the contract runner, Prism's helpers or Redocly.
const COMMANDS = {
  init: () => import('./commands/init.js'),
  lint: () => import('./commands/lint.js'),
  generate: () => import('./commands/generate.js'),
  check: () => import('./commands/check.js'),
  mock: () => import('./commands/mock.js'),
  start: () => import('./commands/start.js'),
  docs: () => import('./commands/docs.js'),
  diff: () => import('./commands/diff.js'),
  contract: () => import('./commands/contract.js'),
  flows: () => import('./commands/flows.js'),
  'contract merge': () => import('./commands/contract-merge.js'),
} as const;

type CommandName = keyof typeof COMMANDS;

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  cwd: string;
  /** The environment commands read (GITHUB_STEP_SUMMARY, GITHUB_ACTIONS). Default: process.env. */
  env?: NodeJS.ProcessEnv;
  /** Where a progress line may be drawn: the terminal's stderr. None: no progress line. */
  progress?: { isTTY?: boolean; write(text: string): unknown };
}

const EXIT_CODES_HELP = 'Exit codes: 0 clean · 1 findings (lint errors, stale files, failed pairs) · 2 usage error or unusable input';

function program(run: (name: CommandName, flags: Record<string, unknown>, args: unknown[]) => void) {
  const cli = cac('authkit');
  const target = (command: ReturnType<typeof cli.command>) =>
    command
      .option('--spec <file>', 'A spec file instead of the config\'s APIs (YAML or JSON, OpenAPI 3.0 or 3.1)')
      .option('--api <name>', 'Pick one API of the config (`apis:` in redocly.yaml)')
      .option('--config <file>', 'The Redocly config (default: the nearest redocly.yaml here or above)')
      .option('--allow-remote-refs', 'Let $refs fetch http(s) URLs (refused by default)');

  cli.command('init [dir]', 'Scaffold redocly.yaml and a starter spec that passes the house rules').action((dir, flags) => run('init', flags, [dir]));
  target(cli.command('lint', 'Lint the spec with its config\'s rules'))
    .option('--format <name>', 'text, or a Redocly format: stylish, codeframe, json, checkstyle, codeclimate, github-actions, markdown, junit, summary', { default: 'text' })
    .action((flags) => run('lint', flags, []));
  target(cli.command('generate', 'Lint, bundle and generate types into the output folder (nothing to do when the spec is unchanged)'))
    .option('--out <dir>', 'Output folder (default: the config entry\'s `output`)')
    .option('--no-cache', 'Rebuild even when the recorded hashes say nothing changed')
    .option('--strict', 'Any lint error stops it, not only an unusable spec')
    .action((flags) => run('generate', flags, []));
  target(cli.command('check', 'The drift gate: exit 1 when generated files no longer match the spec'))
    .option('--out <dir>', 'Output folder (default: the config entry\'s `output`)')
    .option('--no-cache', 'Rebuild and compare even when the recorded hashes match')
    .option('--strict', 'Any lint error fails it, not only an unusable spec')
    .action((flags) => run('check', flags, []));
  target(cli.command('mock', 'Serve the mock (Prism) on the spec, without generating or watching'))
    .option('--host <host>', 'Interface to listen on', { default: '127.0.0.1' })
    .option('--port <n>', 'Port to listen on', { default: '4010' })
    .option('--workers <n>', 'Mock processes sharing the port (default: one per core)')
    .option('--quiet', 'No line per request')
    .option('--verbose', 'Also every line Prism prints about each request')
    .option('--strict', 'Any lint error stops it, not only an unusable spec')
    .option('--stateless', 'Remember nothing: Prism\'s rules alone (no sessions, no collections)')
    .option('--seed <n>', 'Mint the same ids and tokens on every run (a whole number)')
    .option('--strict-examples', 'Answer a spec example that breaks its schema as Prism does (500), not with a valid sample and an authkit-spec-finding header')
    .action((flags) => run('mock', flags, []));
  target(cli.command('start', 'Lint, generate, serve the mock and watch the spec: the dev loop'))
    .option('--out <dir>', 'Output folder (default: the config entry\'s `output`, else a temporary folder)')
    .option('--host <host>', 'Interface to listen on', { default: '127.0.0.1' })
    .option('--port <n>', 'Port to listen on', { default: '4010' })
    .option('--workers <n>', 'Mock processes sharing the port (default: one per core)')
    .option('--no-watch', 'Serve without watching the spec')
    .option('--quiet', 'No line per request')
    .option('--verbose', 'Also every line Prism prints about each request')
    .option('--strict', 'Any lint error stops it (and rejects an edit), not only an unusable spec')
    .option('--stateless', 'Remember nothing: Prism\'s rules alone (no sessions, no collections)')
    .option('--seed <n>', 'Mint the same ids and tokens on every run (a whole number)')
    .option('--strict-examples', 'Answer a spec example that breaks its schema as Prism does (500), not with a valid sample and an authkit-spec-finding header')
    .action((flags) => run('start', flags, []));
  target(cli.command('docs', 'Write the API reference as one self-contained HTML page (Redoc, inlined; works offline)'))
    .option('--out <file>', 'Where the page goes (default: reports/docs.html)')
    .option('--strict', 'Any lint error stops it, not only an unusable spec')
    .option('--no-code-samples', 'Leave out the typed client, fetch and curl samples of each operation')
    .action((flags) => run('docs', flags, []));
  target(cli.command('diff', 'The breaking-change gate: compare the contract with a base (git ref or file); exit 1 on a breaking change without a new major version'))
    .option('--base <ref|file>', 'What to compare with: a git ref (origin/main, v1.2.0) or a spec file (default: origin/main, else main)')
    .option('--head <ref|file>', 'The new side, when not the spec on disk: a git ref or a spec file')
    .option('--format <name>', 'text, markdown (a changelog), github-actions (annotations) or json', { default: 'text' })
    .action((flags) => run('diff', flags, []));
  target(cli.command('contract', 'Prove client and mock (or a live server) agree on every documented status'))
    .option('--base-url <url>', 'Test a live server instead of a mock')
    .option('--session-flow <workflowId>', 'With --base-url: run this Arazzo workflow first (signIn), and test every operation in the session it opens; the sign-out goes last')
    .option('--proxy <url>', 'Put `prism proxy` in front of this server and test through it')
    .option('--target <name>', 'What answers: mock (the mock server, default) or msw (the spec\'s MSW handlers, in this process, no port)')
    .option('--port <n>', 'Port for the mock or proxy (default: a free one)')
    .option('--workers <n>', 'Mock processes sharing the port (default: one per core)')
    .option('--concurrency <n>', 'Requests in flight at once', { default: '8' })
    .option('--reports <dir>', 'Where contract.json and contract.junit.xml go', { default: 'reports' })
    .option('--shard <i/n>', 'Run only the i-th of n slices of the operations (CI matrix); join them with `contract merge`')
    .option('--strict', 'Any lint error stops it, and spec findings (examples that break their schemas) fail it')
    .option('--stateless', 'Remember nothing: Prism\'s rules alone (no sessions, no collections)')
    .option('--seed <n>', 'Mint the same ids and tokens on every run (a whole number)')
    .option('--strict-examples', 'The mock answers a spec example that breaks its schema as Prism does (500), not with a valid sample')
    .action((flags) => run('contract', flags, []));
  cli.command('contract merge <...reports>', 'Join the reports of `contract --shard i/n` runs into one, as an unsharded run writes it')
    .option('--reports <dir>', 'Where the merged contract.json and contract.junit.xml go', { default: 'reports' })
    .example((name) => `  $ ${name} contract merge reports/shard-1 reports/shard-2 reports/shard-3   # each a folder or its contract.json`)
    .action((reports, flags) => run('contract merge', flags, reports));
  target(cli.command('flows', 'Run the API\'s Arazzo workflows (sign in, use the session, sign out…) against a fresh mock, the MSW handlers or a live server'))
    .option('--workflow <id>', 'Run this workflow (and what it depends on); repeat for several')
    .option('--input <name=value>', 'A workflow input, over its default; repeat for several')
    .option('--target <name>', 'What answers: mock (a fresh mock that remembers sessions, default) or msw (the spec\'s MSW handlers, in this process)')
    .option('--base-url <url>', 'Run against a live server instead (mock-only workflows are skipped, with the reason)')
    .option('--reports <dir>', 'Where flows.json and flows.junit.xml go', { default: 'reports' })
    .option('--stateless', 'Remember nothing: Prism\'s rules alone (no sessions, no collections)')
    .option('--seed <n>', 'Mint the same ids and tokens on every run (a whole number)')
    .option('--strict', 'Any lint error stops it, not only an unusable spec')
    .action((flags) => run('flows', flags, []));
  cli.help((sections) => [...sections, { body: EXIT_CODES_HELP }]);
  cli.version(toolkitPackage().version);
  return cli;
}

// cac matches a command by the first word only: `contract merge` reaches it as one word.
function joinSubcommand(argv: string[]): string[] {
  return argv[0] === 'contract' && argv[1] === 'merge' ? ['contract merge', ...argv.slice(2)] : argv;
}

/** Parses argv, runs the command and returns its exit code; never throws. */
export async function runCli(argv: string[], io: CliIo = { out: (line) => console.log(line), err: (line) => console.error(line), cwd: process.cwd(), progress: process.stderr }): Promise<number> {
  let chosen: { name: CommandName; flags: Record<string, unknown>; args: unknown[] } | undefined;
  // cac prints help and the version with console.info; they belong on the caller's out.
  const info = console.info;
  console.info = (...parts: unknown[]) => io.out(parts.join(' '));
  try {
    const cli = program((name, flags, args) => (chosen = { name, flags, args }));
    const parsed = cli.parse(['node', 'authkit', ...joinSubcommand(argv)], { run: false });
    if (parsed.options.help || parsed.options.version) return EXIT.clean;
    if (!cli.matchedCommand) {
      if (parsed.args.length === 0) {
        cli.outputHelp();
        return EXIT.clean;
      }
      io.err(fail(`unknown command "${String(parsed.args[0])}": run \`authkit --help\` for the commands.`));
      return EXIT.usage;
    }
    await cli.runMatchedCommand();
    console.info = info;
    if (!chosen) return EXIT.clean;
    const command = await COMMANDS[chosen.name]();
    return await command.run(chosen.flags, chosen.args, io);
  } catch (error) {
    const report = exitReportFor(error);
    io.err(fail(report.message));
    return report.code;
  } finally {
    console.info = info;
  }
}
