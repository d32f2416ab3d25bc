import pc from 'picocolors';
import { relative } from 'node:path';
import type { SpecProblem } from '../openapi/spec-problem.js';

// picocolors decides once per process: colour on a TTY or with FORCE_COLOR, never with
// NO_COLOR, so piped output and CI logs stay plain unless asked.
export const ok = (text: string): string => `${pc.green('✔')} ${text}`;
export const fail = (text: string): string => `${pc.red('✖')} ${text}`;
export const warn = (text: string): string => `${pc.yellow('⚠')} ${text}`;
export const dim = (text: string): string => pc.dim(text);
export const bold = (text: string): string => pc.bold(text);

/** A path as the person typed it: relative to where the command runs, when inside it. */
export function shown(path: string, cwd = process.cwd()): string {
  const rel = relative(cwd, path);
  return rel === '' ? '.' : rel.startsWith('..') ? path : rel;
}

/** `file:line:col severity [rule] message`, with the severity coloured. */
export function formatProblem(problem: SpecProblem): string {
  const severity = problem.severity === 'error' ? pc.red('error') : pc.yellow('warn');
  return `${shown(problem.file)}:${problem.line}:${problem.column} ${severity} ${pc.dim(`[${problem.rule}]`)} ${problem.message}`;
}
