import { x } from 'tinyexec';
import { ROOT } from './paths.js';

/** Runs one of scripts/*.ts as a user would, through tsx, and captures everything. */
export async function runScript(script: string, args: string[] = [], options: { cwd?: string } = {}) {
  const result = await x(process.execPath, ['--import', 'tsx', `${ROOT}/scripts/${script}.ts`, ...args], {
    nodeOptions: { cwd: options.cwd ?? ROOT, env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' } },
    throwOnError: false,
  });
  return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr, output: result.stdout + result.stderr };
}
