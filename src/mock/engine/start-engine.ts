import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { atExit } from '../../lifecycle/exit-tasks.js';
import { toolkitRoot } from '../../toolkit-package.js';
import { PortInUseError, PrismStartError } from '../errors.js';
import type { MockEvent } from '../mock-events.js';
import type { EngineSettings, EngineToParent, ParentToEngine } from './engine-messages.js';
import type { PlanReading } from '../../mock-state/read-plan.js';

const LOG_LINES_KEPT = 60;

export interface StartEngineOptions extends Omit<EngineSettings, 'parentPid' | 'awaitSpec' | 'planFromParent'> {
  readyTimeoutMs?: number;
  onEvent?: (event: MockEvent) => void;
  /**
   * Resolves once the spec file is written: the engine's processes start meanwhile and
   * read it only then, and the ready timeout counts from then. If it rejects, the engine
   * is stopped and the start rejects with that reason.
   */
  specWritten?: Promise<void>;
  /** The state plan read from the served document, handed to the primary in place of its own reading; undefined or a rejection: the primary reads it. */
  statePlan?: Promise<PlanReading | undefined>;
}

export interface EngineProcess {
  url: string;
  port: number;
  child: ChildProcess;
  logs(): string[];
  running(): boolean;
  close(): Promise<void>;
}

/**
 * A module of this folder as the build has it: the .js next to this module when
 * installed; in the toolkit's own checkout (this module is .ts), the one in dist/ when the
 * build is newer than every file of src/, as bin/authkit.js decides; else none.
 */
export function builtEngineModule(name: string): string | undefined {
  const beside = fileURLToPath(new URL(`./${name}.js`, import.meta.url));
  if (existsSync(beside)) return beside;
  const root = toolkitRoot(import.meta.url);
  const built = join(root, 'dist', 'src', 'mock', 'engine', `${name}.js`);
  if (existsSync(built) && statSync(built).mtimeMs >= newestMtime(join(root, 'src'))) return built;
  return undefined;
}

/** The engine's entry: its build (builtEngineModule: the loader of its bundle), else the .ts through tsx, which costs each engine process about 0.4 s to start. */
export function engineEntry(): { file: string; execArgv: string[]; kind: 'build' | 'source' } {
  const built = builtEngineModule('engine-process-loader');
  if (built) return { file: built, execArgv: [], kind: 'build' };
  const loader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return { file: fileURLToPath(new URL('./engine-process.ts', import.meta.url)), execArgv: ['--import', loader], kind: 'source' };
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/**
 * Starts the engine process and resolves once every worker listens. A port in use is a
 * PortInUseError naming it; a spec Prism cannot read, or an engine that does not get
 * ready in time, is a PrismStartError with the engine's own last lines.
 */
export async function startEngine(options: StartEngineOptions): Promise<EngineProcess> {
  const { readyTimeoutMs = 60_000, onEvent, specWritten, statePlan, ...engine } = options;
  const settings: EngineSettings = { ...engine, parentPid: process.pid, ...(specWritten ? { awaitSpec: true } : {}), ...(statePlan ? { planFromParent: true } : {}) };
  const entry = engineEntry();
  const child = fork(entry.file, [], {
    execArgv: entry.execArgv,
    env: { ...process.env, AUTHKIT_ENGINE: JSON.stringify(settings) },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const forget = atExit(() => child.kill('SIGTERM'));
  const logs: string[] = [];
  const keep = (line: string) => {
    if (!line.trim()) return;
    logs.push(line);
    if (logs.length > LOG_LINES_KEPT) logs.shift();
  };
  for (const stream of [child.stdout, child.stderr]) if (stream) createInterface({ input: stream }).on('line', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  void exited.then((code) => {
    forget();
    onEvent?.({ type: 'exit', code });
  });

  const tell = (message: ParentToEngine) => {
    if (child.connected) child.send(message);
  };
  void statePlan?.then(
    (reading) => tell({ type: 'state-plan', reading }),
    () => tell({ type: 'state-plan', reading: undefined }),
  );
  let settled = false;
  let abandoned: { reason: unknown } | undefined;
  const outcome = await new Promise<EngineToParent | { type: 'exited' } | { type: 'timeout' } | { type: 'abandoned' }>((settle) => {
    let timer: NodeJS.Timeout | undefined;
    let over = false;
    const resolve = (result: EngineToParent | { type: 'exited' } | { type: 'timeout' } | { type: 'abandoned' }) => {
      over = true;
      clearTimeout(timer);
      settle(result);
    };
    const startTimer = () => {
      if (!over) timer = setTimeout(() => resolve({ type: 'timeout' }), readyTimeoutMs);
    };
    if (!specWritten) startTimer();
    void specWritten?.then(
      () => {
        tell({ type: 'spec-written' });
        startTimer();
      },
      (reason: unknown) => {
        abandoned = { reason };
        resolve({ type: 'abandoned' });
      },
    );
    child.on('message', (message: EngineToParent) => {
      if (message.type === 'event') {
        if (message.event.type === 'log') keep(message.event.line);
        if (settled) onEvent?.(message.event);
        return;
      }
      if (!settled && message.type !== 'ready') keep(message.message);
      resolve(message);
    });
    void exited.then(() => resolve({ type: 'exited' }));
  });
  settled = true;

  const close = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    if (child.connected) child.send({ type: 'shutdown' });
    else child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
    await exited;
    clearTimeout(timer);
  };

  if (outcome.type !== 'ready') {
    await close();
    if (abandoned) throw abandoned.reason;
    await new Promise((resolve) => setImmediate(resolve)); // let the last lines arrive
    if (outcome.type === 'port-in-use') throw new PortInUseError(options.host, options.port);
    const why = outcome.type === 'timeout' ? `was not ready within ${readyTimeoutMs} ms` : outcome.type === 'exited' ? 'exited before it was ready' : 'could not start';
    throw new PrismStartError(`The mock engine ${why} (${options.spec}):`, logs);
  }
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${outcome.port}`,
    port: outcome.port,
    child,
    logs: () => [...logs],
    running: () => child.exitCode === null && child.signalCode === null,
    close,
  };
}
