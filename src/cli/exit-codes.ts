import { SpecError } from '../openapi/spec-problem.js';
import { UsageError } from '../pipeline/usage-error.js';

/** The documented exit codes of every command. */
export const EXIT = {
  /** Nothing to report. */
  clean: 0,
  /** Findings: lint errors, stale generated files, failed contract pairs. */
  findings: 1,
  /** A usage error (flag, command, config) or an input nothing can read. */
  usage: 2,
} as const;

// Spec problems that mean there is no spec to work with at all, as opposed to a spec
// with findings: the file is missing or unreadable, not YAML, not OpenAPI 3.x, a $ref
// leads nowhere, (for the mock) a state mark it cannot use, or an Arazzo file that cannot be run.
export const UNUSABLE_SPEC_RULES = new Set(['spec-file', 'yaml-syntax', 'openapi-version', 'no-unresolved-refs', 'mock-state', 'arazzo-syntax', 'arazzo-structure']);

// Errors whose message is the whole story for the person who must act on it.
const ENVIRONMENT_ERRORS = new Set(['PortInUseError', 'PrismStartError', 'CACError', 'OutputError']);

export interface ExitReport {
  code: number;
  /** What to print on stderr; a stack trace only for what is a bug of ours. */
  message: string;
}

/** What to print for `error`, and the exit code; with DEBUG set, every message carries its stack. */
export function exitReportFor(error: unknown): ExitReport {
  const report = reportFor(error);
  const stack = error instanceof Error ? error.stack : undefined;
  return process.env.DEBUG && stack && !report.message.includes(stack) ? { ...report, message: `${report.message}\n${stack}` } : report;
}

function reportFor(error: unknown): ExitReport {
  if (error instanceof UsageError) return { code: EXIT.usage, message: error.message };
  if (error instanceof SpecError) {
    const unusable = error.problems.some((problem) => UNUSABLE_SPEC_RULES.has(problem.rule));
    const count = `${error.problems.length} problem${error.problems.length === 1 ? '' : 's'}`;
    return { code: unusable ? EXIT.usage : EXIT.findings, message: `${unusable ? 'the spec cannot be used' : 'the spec does not pass lint'}: ${count}\n${error.message}` };
  }
  if (error instanceof Error && ENVIRONMENT_ERRORS.has(error.name)) return { code: EXIT.usage, message: error.message };
  // A server that would not let the session workflow sign in: a finding about the server.
  if (error instanceof Error && error.name === 'SessionFlowError') return { code: EXIT.findings, message: error.message };
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return { code: EXIT.findings, message: `unexpected failure; this is a bug in the toolkit, please report it:\n${detail}` };
}
