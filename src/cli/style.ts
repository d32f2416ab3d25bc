import picocolors from 'picocolors';
import { relative } from 'node:path';
import type { SpecProblem } from '../openapi/spec-problem.js';

/**
 * Colour on a terminal, off when piped; NO_COLOR always turns it off, FORCE_COLOR on.
 * picocolors alone reads FORCE_COLOR=0 as "on" (any non-empty value), against the
 * convention chalk and Node follow, so the decision is made here and handed to it.
 */
export function colourWanted(env: NodeJS.ProcessEnv = process.env, stream: { isTTY?: boolean } = process.stdout): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '') return !['0', 'false'].includes(env.FORCE_COLOR.toLowerCase());
  return Boolean(stream.isTTY) && env.TERM !== 'dumb';
}

const pc = picocolors.createColors(colourWanted());

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
