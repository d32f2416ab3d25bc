import { execFileSync, spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import getPort from 'get-port';
import { describe, it, type TestContext } from 'vitest';
import { ROOT } from '../helpers/paths.js';
import { isAlive } from '../helpers/process-alive.js';
import { waitFor } from '../helpers/wait.js';

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(true));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(false)));
  });

/** The children of `pid` whose command line matches: the engine, or the Prism CLI (tsx may run an esbuild child too). */
const childrenRunning = (pid: number, command: RegExp): number[] => {
  try {
    const lines = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(pid)], { encoding: 'utf8' }).split('\n');
    return lines.filter((candidate) => command.test(candidate)).map((line) => Number(line.trim().split(/\s+/)[0]));
  } catch {
    return [];
  }
};

const childrenOf = (pid: number): number[] => {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).split('\n').map(Number).filter((child) => child > 0);
  } catch {
    return [];
  }
};

// The tests run concurrently: every hook and assertion goes through the test's own
// context, or it would attach to whichever test happens to be current.
type Hooks = Pick<TestContext, 'onTestFinished' | 'expect'>;

/** A TCP server that accepts and never answers: a proxy run in front of it stays busy. */
async function silentUpstream({ onTestFinished }: Hooks): Promise<string> {
  const sockets = new Set<import('node:net').Socket>();
  const server: Server = createServer((socket) => void sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise<void>((resolve) => {
    for (const socket of sockets) socket.destroy();
    server.close(() => resolve());
  }));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

type Command = 'mock' | 'start' | 'contract';

/** The command said its port is in use: another process took the port found free before it bound it. */
class PortTaken extends Error {}

/**
 * The npm script as a person runs it, with its own temp folder (TMPDIR) to count what it
 * leaves there. The port is one found free, which the command binds a moment later: under
 * load another process can take it in between, and the command then says so and ends. That
 * chain is killed and the script started again on another port (three tries).
 */
async function launch(command: Command, hooks: Hooks) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await launchOnce(command, hooks);
    } catch (error) {
      if (!(error instanceof PortTaken) || attempt === 3) throw error;
    }
  }
}

async function launchOnce(command: Command, hooks: Hooks) {
  const { onTestFinished, expect } = hooks;
  const tmp = await mkdtemp(join(tmpdir(), 'lingering-'));
  onTestFinished(() => rm(tmp, { recursive: true, force: true }));
  const port = await getPort({ host: '127.0.0.1' });
  const args: Record<Command, string[]> = {
    mock: ['--port', String(port)],
    // A copy of the spec with no output folder: start serves it from a temporary one.
    start: ['--spec', join(tmp, 'spec', 'openapi.yaml'), '--port', String(port)],
    contract: ['--proxy', await silentUpstream(hooks), '--port', String(port), '--reports', join(tmp, 'reports')],
  };
  if (command === 'start') await cp(join(ROOT, 'spec'), join(tmp, 'spec'), { recursive: true });
  const own = join(tmp, 'tmp');
  await mkdir(own);
  // Its output is read only to tell a port taken by another process from a failure, and to
  // say what it printed when it is not ready in time.
  const npm = spawn('npm', ['run', command, '--', ...args[command]], { cwd: ROOT, env: { ...process.env, TMPDIR: own, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  npm.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  npm.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const killChain = () => {
    for (const pid of [npm.pid!, ...childrenOf(npm.pid!)]) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  };
  onTestFinished(killChain);
  // Another process holding the port also makes it accept: each wait below stops as soon as
  // the command says the port is in use.
  const until = async <T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs?: number): Promise<T> => {
    try {
      return await waitFor(what, async () => {
        if (output.includes(`Port ${port} on 127.0.0.1 is already in use`)) throw new PortTaken(`port ${port} taken`);
        return probe();
      }, timeoutMs);
    } catch (error) {
      if (error instanceof PortTaken) killChain();
      else (error as Error).message += `; npm run ${command} printed:\n${output}`;
      throw error;
    }
  };
  await until(`${command} to listen on ${port}`, async () => ((await accepts(port)) ? true : undefined), 60_000);
  const bin = await until('the authkit process', () => childrenOf(npm.pid!)[0]);
  const prism = await until('the mock process', () => childrenRunning(bin, command === 'contract' ? /prism-cli/ : /engine-process/)[0]);
  // mock and start serve with the engine: its primary forks one worker per core. (contract
  // runs --proxy here, which is the Prism CLI, with no workers.)
  const workerCount = command === 'contract' ? 0 : availableParallelism();
  const workers = await until(`${workerCount} engine workers`, () => {
    const found = childrenRunning(prism, /engine-process/);
    return found.length === workerCount ? found : undefined;
  });
  const leftovers = async () => (await readdir(own)).filter((name) => name.startsWith('authkit-'));
  expect(await leftovers()).toHaveLength(1); // the temporary bundle or output folder exists while it runs
  return { port, chain: { npm: npm.pid!, bin, prism, ...Object.fromEntries(workers.map((pid, index) => [`worker ${index + 1}`, pid])) } as Record<string, number>, leftovers };
}

const CASES = (['mock', 'start', 'contract'] as const).flatMap((command) =>
  (['npm', 'bin'] as const).flatMap((link) => (['SIGINT', 'SIGTERM', 'SIGKILL'] as const).map((signal) => [command, link, signal] as const)),
);

// npm runs each script with `exec`, so the chain is npm → authkit → Prism: no shell
// sits in between to swallow a signal.
describe.concurrent('nothing outlives its command', { timeout: 120_000 }, () => {
  it.for(CASES)('npm run %s: %s gets %s → 0 processes, 0 temp folders, the port free', async ([command, link, signal], context) => {
    const { expect } = context;
    const { port, chain, leftovers } = await launch(command, context);
    process.kill(chain[link]!, signal);
    const left = await waitFor(
      'every process of the chain to end',
      async () => {
        const running = Object.entries(chain).filter(([, pid]) => isAlive(pid));
        return running.length === 0 && (await leftovers()).length === 0 && !(await accepts(port)) ? [] : undefined;
      },
      25_000,
    ).catch(async () => ({ running: Object.entries(chain).filter(([, pid]) => isAlive(pid)).map(([name]) => name), folders: await leftovers(), portTaken: await accepts(port) }));
    expect(left).toEqual([]);
  });
});
