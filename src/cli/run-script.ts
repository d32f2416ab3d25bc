import { SpecError } from '../spec/spec-problem.js';
import { UsageError } from './args.js';

// The scripts run offline: Redocly must neither phone home nor check for updates.
process.env.REDOCLY_TELEMETRY ??= 'off';
process.env.REDOCLY_SUPPRESS_UPDATE_NOTICE ??= 'true';

// Failures a person fixes (a port in use, a Prism that will not start): the message is
// the whole story, a stack trace would only hide it.
const PROBLEMS_TO_FIX = new Set(['PortInUseError', 'PrismStartError']);

/**
 * Runs a script's main and turns what it throws into a message and an exit code:
 * 1 for a spec or environment problem, 2 for a usage mistake. No stack traces for
 * problems a person is expected to fix.
 */
export async function runScript(main: (argv: string[]) => Promise<number>): Promise<void> {
  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(error.message);
      process.exitCode = 2;
    } else if (error instanceof SpecError) {
      console.error(`✖ ${error.problems.length} problem${error.problems.length === 1 ? '' : 's'}:\n${error.message}`);
      process.exitCode = 1;
    } else if (error instanceof Error && PROBLEMS_TO_FIX.has(error.name)) {
      console.error(`✖ ${error.message}`);
      process.exitCode = 1;
    } else {
      console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exitCode = 1;
    }
  }
}
