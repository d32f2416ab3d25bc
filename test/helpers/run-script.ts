import { x } from 'tinyexec';
import { ROOT } from './paths.js';

/**
 * Runs the `authkit` command as a user would, through its bin (the build when it is
 * current, src/ through tsx otherwise), from `cwd` (default: the repo), and captures
 * everything. Colour is off so that output can be matched.
 */
export async function runAuthkit(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  const result = await x(process.execPath, [`${ROOT}/bin/authkit.js`, ...args], {
    nodeOptions: { cwd: options.cwd ?? ROOT, env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', ...options.env } },
    throwOnError: false,
  });
  return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr, output: result.stdout + result.stderr };
}
