import type { MockEvent } from '../mock-events.js';
import type { RequestRecord } from './engine-server.js';

/** What startMock() hands the engine process (as JSON in AUTHKIT_ENGINE). */
export interface EngineSettings {
  spec: string;
  host: string;
  /** 0: a free port, the same for every worker. */
  port: number;
  /** Cluster workers; default the machine's available parallelism. */
  workers?: number;
  errors: boolean;
  maxBodyBytes?: number;
  /** Whether each request is reported (costs a message per request). */
  events: boolean;
  /** Serve `/docs` (the reference page, live-reloading) and `/openapi.json` beside the mock. */
  docs?: boolean;
  /** Folders to remove when the parent dies without closing the mock. */
  removeWhenOrphaned?: string[];
  parentPid: number;
}

export type EngineToParent =
  | { type: 'ready'; port: number }
  | { type: 'port-in-use'; message: string }
  | { type: 'failed'; message: string }
  | { type: 'event'; event: MockEvent };

export type PrimaryToWorker = { type: 'reload' };

export type WorkerToPrimary =
  | { type: 'listening'; port: number }
  | { type: 'listen-error'; code: string | undefined; message: string }
  | { type: 'failed'; message: string }
  | { type: 'request'; record: RequestRecord }
  | { type: 'reloaded' }
  | { type: 'reload-failed'; message: string };
