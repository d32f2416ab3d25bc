import { basename } from 'node:path';
import { startDevServer, type DevServerEvent } from '../../pipeline/dev-server.js';
import { resolveSingleTarget } from '../../pipeline/project.js';
import type { CliIo } from '../main.js';
import { formatBanner } from '../banner.js';
import { EXIT } from '../exit-codes.js';
import { mockStateFlags, portFlag, positiveInteger, stringFlag, targetFlags } from '../flags.js';
import { mockEventLine, verbosityOf } from '../mock-output.js';
import { fail, formatProblem, ok, warn } from '../style.js';
import { untilStopped } from './serve-until-signal.js';

export async function run(flags: Record<string, unknown>, _args: unknown[], io: CliIo): Promise<number> {
  const target = resolveSingleTarget(targetFlags(flags), io.cwd);
  const watching = flags.watch !== false;
  let stopping = false;
  const verbosity = verbosityOf(flags);
  const state = mockStateFlags(flags);
  const onEvent = (event: DevServerEvent) => {
    switch (event.type) {
      case 'serving':
        if (event.findings.length > 0) {
          io.err(warn(`lint found ${event.findings.filter((problem) => problem.severity === 'error').length} error(s) and ${event.findings.filter((problem) => problem.severity === 'warn').length} warning(s); served anyway (--strict stops on errors):`));
          for (const problem of event.findings) io.err(`  ${formatProblem(problem)}`);
        }
        io.out(formatBanner({ document: event.document, url: event.url, spec: target.root, outDir: event.outDir, docsUrl: `${event.url}/docs`, watching, lintErrors: event.findings.filter((problem) => problem.severity === 'error').length, state: { stateless: state.stateless, collections: target.collections } }));
        break;
      case 'regenerated': {
        const names = event.written.map((file) => basename(file)).join(', ');
        if (event.reloading) io.out(`↻ spec changed: lint ✔, regenerated ${names}; the mock is reloading…`);
        else io.out(event.written.length > 0 ? `↻ spec changed: lint ✔, regenerated ${names}` : '↻ spec saved: the contract did not change');
        break;
      }
      case 'rejected':
        io.out(fail(`the edited spec does not pass; the mock keeps serving the last good contract:\n${event.error.message}`));
        break;
      case 'mock': {
        if (event.event.type === 'reloaded') io.out(ok('mock reloaded: it serves the new contract'));
        if (event.event.type === 'exit' && stopping) break;
        const line = mockEventLine(event.event, verbosity);
        if (line !== undefined) io.out(line);
        break;
      }
    }
  };
  const server = await startDevServer({ target, host: stringFlag(flags, 'host') ?? '127.0.0.1', port: portFlag(flags) ?? 4010, workers: positiveInteger(flags, 'workers'), watch: watching, strict: flags.strict === true, state, onEvent });
  await untilStopped();
  stopping = true;
  await server.close();
  return EXIT.clean;
}
