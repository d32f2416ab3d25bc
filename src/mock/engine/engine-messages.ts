import type { ControlCall, ControlAnswer } from '../../mock-state/control.js';
import type { StateDecision, StateRequest } from '../../mock-state/decision.js';
import type { StatePlan } from '../../mock-state/plan-types.js';
import type { PlanReading } from '../../mock-state/read-plan.js';
import type { Override, StateLimits } from '../../mock-state/state-store.js';
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
  /** Serve a broken example as Prism does, not a schema-valid sample with a finding header. */
  strictExamples?: boolean;
  maxBodyBytes?: number;
  /** Whether each request is reported (costs a message per request). */
  events: boolean;
  /** Serve `/docs` (the reference page, live-reloading) and `/openapi.json` beside the mock. */
  docs?: boolean;
  /** Folders to remove when the parent dies without closing the mock. */
  removeWhenOrphaned?: string[];
  parentPid: number;
  /** What the mock remembers (held by the primary, for every worker alike). */
  state: EngineStateSettings;
  /**
   * The spec is not on disk yet: the processes start (the workers load Prism) and read it
   * once the parent says `spec-written`. A caller that still lints and bundles the spec
   * overlaps that with the engine's start.
   */
  awaitSpec?: boolean;
  /** The parent sends the state plan it read from this same document (`state-plan`): the primary waits for it rather than reading the plan again. */
  planFromParent?: boolean;
}

export interface EngineStateSettings {
  /** Prism's rules alone: nothing is remembered. The control (respond-with, reset, state) still answers. */
  stateless?: boolean;
  /** Minted ids and tokens repeat from run to run. */
  seed?: number;
  /** Every path that fits the convention is a collection. */
  collections?: boolean;
  limits?: Partial<StateLimits>;
}

/** What a worker needs of the state to answer alone where it can: the plan, and which operations have a forced answer queued. */
export interface WorkerPlan {
  plan: StatePlan;
  /** False with --stateless: no operation asks the state. */
  stateful: boolean;
  forcedKeys: string[];
  /** The state's clock offset (advance-time). */
  clockOffsetMs: number;
}

/**
 * What copies in the workers must hear before a change is answered: which operations
 * now have a forced answer queued, which tokens stopped working (or that all did), and
 * the clock. `ack` is echoed once the worker knows.
 */
export interface StateChange {
  forcedKeys?: string[];
  dead?: string[];
  cleared?: boolean;
  clockOffsetMs?: number;
}

/** A worker's question to the primary, which holds the one state of the mock. */
export type StateCall = { kind: 'plan' } | { kind: 'forced'; key: string } | { kind: 'decide'; request: StateRequest } | { kind: 'control'; call: ControlCall };

export type StateReply = WorkerPlan | Override | StateDecision | ControlAnswer | undefined;

export type EngineToParent =
  | { type: 'ready'; port: number }
  | { type: 'port-in-use'; message: string }
  | { type: 'failed'; message: string }
  | { type: 'event'; event: MockEvent };

/** What startMock()'s process tells the engine's primary. */
export type ParentToEngine =
  | { type: 'shutdown' }
  /** The spec file (EngineSettings.awaitSpec) is written. */
  | { type: 'spec-written' }
  /** The plan the parent read from the served document (EngineSettings.planFromParent); undefined: read it from the file. */
  | { type: 'state-plan'; reading: PlanReading | undefined };

export type PrimaryToWorker =
  | { type: 'reload'; plan: WorkerPlan }
  /** The spec file (EngineSettings.awaitSpec) is written: the answer to the worker's `awaiting-spec`. */
  | { type: 'spec-written' }
  /** Answers to a worker's questions, several at once under load (one pipe write). */
  | { type: 'state-replies'; replies: Array<{ id: number; reply: StateReply }> }
  | { type: 'state-changed'; change: StateChange; ack: number };

export type WorkerToPrimary =
  | { type: 'listening'; port: number }
  /** A worker started with awaitSpec listens: it hears `spec-written` once the spec is (or at once, if it is). */
  | { type: 'awaiting-spec' }
  | { type: 'listen-error'; code: string | undefined; message: string }
  | { type: 'failed'; message: string }
  | { type: 'request'; record: RequestRecord }
  | { type: 'reloaded' }
  | { type: 'reload-failed'; message: string }
  /** Questions asked in one turn of the worker's event loop, sent together. */
  | { type: 'state-calls'; calls: Array<{ id: number; call: StateCall }> }
  | { type: 'state-changed-ack'; ack: number }
  /** Sessions used through a worker's copies, and when: the state's `lastSeenAt`. */
  | { type: 'touched'; sessions: Array<[string, number]> };
