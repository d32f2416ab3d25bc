import { resolve } from 'node:path';
import type { MockEvent } from './mock-events.js';
import { assertPortFree, freePort } from './port.js';
import { startPrism, type PrismCommand, type PrismProcess } from './prism-process.js';

export interface StartMockOptions {
  /** The spec to serve: YAML or JSON, one file or many (a bundled `openapi.json` starts fastest). */
  spec: string;
  /** Default: a free port. */
  port?: number;
  /** Default: 127.0.0.1. */
  host?: string;
  /**
   * Turn responses that break their own schema into 500s (Prism --errors). Default true
   * for a mock. A proxy always forwards, and reports violations in `sl-violations`.
   */
  errors?: boolean;
  /** How long Prism may take to load the spec. Default 60 s: large specs take seconds. */
  readyTimeoutMs?: number;
  /** Run `prism proxy` in front of this upstream instead of mocking. */
  proxyTo?: string;
  /** Readiness, reloads (the spec file changed), requests and other output, as events. */
  onEvent?: (event: MockEvent) => void;
  /** Folders to remove should this process die without closing the mock (SIGKILL): Prism removes them. */
  removeWhenOrphaned?: string[];
}

export interface MockServer {
  url: string;
  host: string;
  port: number;
  /** Prism's process id, to tell from another process whether it still runs. */
  pid: number | undefined;
  /** Prism's last log lines: what to show when something went wrong. */
  logs(): string[];
  running(): boolean;
  close(): Promise<void>;
}

/**
 * Starts Prism on the spec and resolves once it answers. Rejects with Prism's own
 * output when it cannot start, and with a PortInUseError naming the port when taken.
 * The Prism process ends on close(), on this process's exit, and on a crash. Prism
 * watches the file it serves: an edit reloads it, announced by `reloading` and
 * `reloaded` events.
 */
export async function startMock(options: StartMockOptions): Promise<MockServer> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (await freePort(host));
  if (options.port !== undefined) await assertPortFree(host, port);
  const command: PrismCommand = options.proxyTo ? { kind: 'proxy', upstream: options.proxyTo } : { kind: 'mock' };
  const prism: PrismProcess = await startPrism({
    document: resolve(options.spec),
    host,
    port,
    command,
    errors: options.proxyTo ? false : (options.errors ?? true),
    readyTimeoutMs: options.readyTimeoutMs,
    onEvent: options.onEvent,
    removeWhenOrphaned: options.removeWhenOrphaned,
  });
  return { url: prism.url, host, port, pid: prism.child.pid, logs: prism.logs, running: prism.running, close: prism.close };
}
