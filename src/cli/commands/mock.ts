import { resolveSingleTarget } from '../../pipeline/project.js';
import { serveMock } from '../../pipeline/serve-mock.js';
import type { CliIo } from '../main.js';
import { formatBanner } from '../banner.js';
import { EXIT } from '../exit-codes.js';
import { mockStateFlags, portFlag, positiveInteger, stringFlag, targetFlags } from '../flags.js';
import { mockEventLine, verbosityOf } from '../mock-output.js';
import { formatProblem, warn } from '../style.js';
import { untilStopped } from './serve-until-signal.js';

export async function run(flags: Record<string, unknown>, _args: unknown[], io: CliIo): Promise<number> {
  const target = resolveSingleTarget(targetFlags(flags), io.cwd);
  let stopping = false;
  const verbosity = verbosityOf(flags);
  const state = mockStateFlags(flags);
  const served = await serveMock(target, {
    host: stringFlag(flags, 'host') ?? '127.0.0.1',
    port: portFlag(flags) ?? 4010,
    workers: positiveInteger(flags, 'workers'),
    strict: flags.strict === true,
    state,
    onEvent: (event) => {
      if (event.type === 'exit' && stopping) return;
      const line = mockEventLine(event, verbosity);
      if (line !== undefined) io.out(line);
    },
  });
  if (served.loaded.tolerated.length > 0) {
    io.err(warn(`lint found ${served.loaded.tolerated.length} error(s) that leave the spec servable:`));
    for (const problem of served.loaded.tolerated) io.err(`  ${formatProblem(problem)}`);
  }
  io.out(formatBanner({ document: served.loaded.document, url: served.mock.url, spec: target.root, watching: false, lintErrors: served.loaded.tolerated.length, state: { stateless: state.stateless, collections: target.collections } }));
  await untilStopped();
  stopping = true;
  await served.close();
  return EXIT.clean;
}
