import { spawn, type ChildProcess } from 'node:child_process';
import getPort from 'get-port';
import { ROOT } from './paths.js';

export interface CliServer {
  port: number;
  /** Everything the command printed so far, stdout and stderr as they came. */
  output(): string;
  kill(signal?: NodeJS.Signals): void;
}

export interface CliServerOptions {
  /** How long the command may take to print `ready` (default 25 s). */
  timeoutMs?: number;
  /** Added to this process's environment. */
  env?: Record<string, string>;
}

/**
 * `authkit <args(port)>` until what it prints includes `ready`. The port is one found free,
 * which the command binds a moment later: under load another process can take it in
 * between, and the command then says the port is in use and ends; it is started again on
 * another port (three tries). A command that ends otherwise, or is not ready within
 * `timeoutMs`, fails with what it printed, instead of the test timing out without a word.
 */
export async function startCliServer(args: (port: number) => string[], ready: string, { timeoutMs = 25_000, env = {} }: CliServerOptions = {}): Promise<CliServer> {
  for (let attempt = 1; ; attempt += 1) {
    const port = await getPort({ host: '127.0.0.1' });
    const child = spawn(process.execPath, [`${ROOT}/bin/authkit.js`, ...args(port)], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const outcome = await untilReady(child, () => output, ready, timeoutMs);
    if (outcome === 'ready') return { port, output: () => output, kill: (signal = 'SIGTERM') => void child.kill(signal) };
    child.kill('SIGKILL');
    if (outcome === 'ended' && output.includes(`Port ${port} on 127.0.0.1 is already in use`) && attempt < 3) continue;
    throw new Error(`authkit ${args(port).join(' ')} ${outcome === 'ended' ? `ended (exit ${child.exitCode ?? child.signalCode})` : `was not ready after ${timeoutMs} ms`} before printing ${JSON.stringify(ready)}; it printed:\n${output}`);
  }
}

function untilReady(child: ChildProcess, output: () => string, ready: string, timeoutMs: number): Promise<'ready' | 'ended' | 'timeout'> {
  return new Promise((resolve) => {
    const check = setInterval(() => {
      if (output().includes(ready)) finish('ready');
    }, 50);
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    // Its streams may hold the last lines a moment after it ends.
    child.once('close', () => finish(output().includes(ready) ? 'ready' : 'ended'));
    function finish(outcome: 'ready' | 'ended' | 'timeout') {
      clearInterval(check);
      clearTimeout(timer);
      resolve(outcome);
    }
  });
}
