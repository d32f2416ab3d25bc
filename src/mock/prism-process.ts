import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { x } from 'tinyexec';
import { atExit } from '../lifecycle/exit-tasks.js';
import { builtEngineModule } from './engine/start-engine.js';
import { prismListeningLine } from './engine/prism-cli-listening.js';
import { PrismStartError } from './errors.js';
import { createPrismLogReader, type MockEvent } from './mock-events.js';
import { freePort } from './port.js';

const LOG_LINES_KEPT = 60;

// Loaded into Prism's own process: it exits once its parent is gone, even when the
// parent was killed too hard to clean up (SIGKILL), so no Prism is ever orphaned. It
// then removes the folders its parent could not (AUTHKIT_REMOVE_WHEN_ORPHANED, JSON).
const EXIT_WITH_PARENT = `data:text/javascript,${encodeURIComponent(
  // The parent's pid comes from the parent: read here, it would already be init's if the parent died first.
  "import { rmSync } from 'node:fs'; const parent = Number(process.env.AUTHKIT_PARENT_PID) || process.ppid; const folders = JSON.parse(process.env.AUTHKIT_REMOVE_WHEN_ORPHANED || '[]'); " +
    "const orphaned = () => process.ppid !== parent; " +
    "const removeFolders = () => { for (const dir of folders) { try { rmSync(dir, { recursive: true, force: true }); } catch {} } }; " +
    // Also on exit: an orphan that dies of a closed stdout before the timer fires still cleans up.
    "process.on('exit', () => { if (orphaned()) removeFolders(); }); " +
    "setInterval(() => { if (orphaned()) { removeFolders(); process.exit(0); } }, 500).unref();",
)}`;

export type PrismCommand = { kind: 'mock' } | { kind: 'proxy'; upstream: string };

export interface PrismOptions {
  document: string;
  host: string;
  port: number;
  command?: PrismCommand;
  /** Prism's --errors: a response that breaks its own schema becomes a 500. */
  errors?: boolean;
  readyTimeoutMs?: number;
  /** Readiness, reloads, requests and every other line, as events. */
  onEvent?: (event: MockEvent) => void;
  /**
   * Prism prints its fatal errors alone (`-v fatal`), not its five or so lines per
   * request, each of which Prism formats (JSON, repaired, then coloured) and writes, and
   * this process reads. Its "listening" line goes too (a level below warnings), so
   * readiness is the line the build's preload writes once the CLI listens, with its port
   * (without a build, the port accepting a connection), and no reload or log events come.
   * A spec Prism cannot load still exits with its fatal line, as the start error's logs.
   */
  quiet?: boolean;
  /** Folders Prism removes if this process dies without closing it (the temporary bundle). */
  removeWhenOrphaned?: string[];
}

export interface PrismProcess {
  url: string;
  child: ChildProcess;
  /** The last lines Prism printed, oldest first. */
  logs(): string[];
  running(): boolean;
  /** Resolves with the exit code once Prism has exited. */
  exited: Promise<number | null>;
  close(): Promise<void>;
}

function prismEntry(): string {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve('@stoplight/prism-cli/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { bin: string | Record<string, string> };
  const bin = typeof manifest.bin === 'string' ? manifest.bin : (manifest.bin.prism ?? Object.values(manifest.bin)[0]!);
  return join(dirname(manifestPath), bin);
}

/** Starts Prism and resolves once it says it listens and answers HTTP on its port. */
export async function startPrism(options: PrismOptions): Promise<PrismProcess> {
  const command = options.command ?? { kind: 'mock' };
  // Prism's faker deferred as the engine defers it, where the build is there to load (from a checkout's sources, it loads as published).
  const preload = builtEngineModule('prism-cli-preload');
  const args = [
    '--import', EXIT_WITH_PARENT, ...(preload ? ['--import', pathToFileURL(preload).href] : []), prismEntry(),
    command.kind, options.document, ...(command.kind === 'proxy' ? [command.upstream] : []),
    '--host', options.host, '--port', String(options.port),
    ...(options.errors ? ['--errors'] : []),
    ...(options.quiet ? ['-v', 'fatal'] : []),
  ];
  const running = x(process.execPath, args, {
    throwOnError: false,
    nodeOptions: { env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', AUTHKIT_REMOVE_WHEN_ORPHANED: JSON.stringify(options.removeWhenOrphaned ?? []), AUTHKIT_PARENT_PID: String(process.pid) } },
  });
  const child = running.process!;
  const forget = atExit(() => child.kill('SIGTERM'));
  child.once('exit', forget);

  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${options.port}`;
  const readLine = createPrismLogReader(url);
  const logs: string[] = [];
  let listening = false;
  let resolveListening!: () => void;
  const heardListening = new Promise<void>((resolve) => (resolveListening = resolve));
  // Quiet, with the preload: its line, with this port (engine/prism-cli-listening.ts).
  const listeningLine = prismListeningLine(options.port);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  void exited.then((code) => options.onEvent?.({ type: 'exit', code }));

  void (async () => {
    for await (const raw of running) {
      const line = stripVTControlCharacters(raw).trimEnd();
      if (!line) continue;
      if (line === listeningLine) {
        resolveListening();
        continue;
      }
      logs.push(line);
      if (logs.length > LOG_LINES_KEPT) logs.shift();
      const event = readLine(line);
      if (event.type === 'ready') {
        listening = true;
        resolveListening();
      } else if (listening) {
        options.onEvent?.(event);
      }
    }
  })().catch(() => {});

  const close = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
    await exited;
    clearTimeout(timer);
  };

  const timeoutMs = options.readyTimeoutMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  let waited = false;
  const outcome = await Promise.race([
    // Quiet without the preload (run from the sources with no build), the port accepting is all there is to see.
    (options.quiet && !preload ? untilAccepting(options.host, options.port, () => waited) : heardListening).then(() => 'listening' as const),
    exited.then(() => 'exited' as const),
    new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs))),
  ]);
  clearTimeout(timer);
  waited = true;
  if (outcome === 'exited') {
    await new Promise((resolve) => setImmediate(resolve)); // let the last lines arrive
    throw new PrismStartError(`Prism exited before it was ready (${command.kind} ${options.document}):`, logs);
  }
  if (outcome === 'timeout') {
    await close();
    throw new PrismStartError(`Prism was not ready within ${timeoutMs} ms (${command.kind} ${options.document}):`, logs);
  }
  if (!options.quiet || preload) await waitUntilAnswering(options.host, options.port, exited, logs);
  options.onEvent?.({ type: 'ready', url });
  return { url, child, logs: () => [...logs], running: () => child.exitCode === null && child.signalCode === null, exited, close };
}

/**
 * startPrism on a port found free, told to `onPort` before each start. The port was free
 * when found, but another process can bind it before the CLI does, which then ends with
 * EADDRINUSE: it is started again on another (three tries).
 */
export async function startPrismOnFreePort(options: Omit<PrismOptions, 'port'>, onPort: (port: number) => void = () => {}): Promise<PrismProcess> {
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort(options.host);
    onPort(port);
    try {
      return await startPrism({ ...options, port });
    } catch (error) {
      if (attempt >= 3 || !(error instanceof PrismStartError) || !error.logs.some((line) => line.includes('EADDRINUSE'))) throw error;
    }
  }
}

/** Resolves once the port accepts a TCP connection, trying every 50 ms until `stop()`. */
async function untilAccepting(host: string, port: number, stop: () => boolean): Promise<void> {
  while (!stop()) {
    if (await accepts(host, port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const socket = connect({ host, port }, () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * "Listening" can be printed a moment before the socket accepts. A TCP connection
 * proves it does, without an HTTP request that Prism would log as an unmatched route.
 */
async function waitUntilAnswering(host: string, port: number, exited: Promise<number | null>, logs: string[]): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (gone) throw new PrismStartError('Prism exited while starting:', logs);
    if (await accepts(host, port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new PrismStartError(`Prism did not accept connections on ${host}:${port}:`, logs);
}
