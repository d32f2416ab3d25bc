import { readFile } from 'node:fs/promises';
import { handleControl } from '../../mock-state/control.js';
import { headerSchemaProblem } from './header-schema-problem.js';
import { decide } from '../../mock-state/decide.js';
import { RESERVED_PREFIX, type StatePlan } from '../../mock-state/plan-types.js';
import type { PlanReading } from '../../mock-state/read-plan.js';
import { MockState } from '../../mock-state/state-store.js';
import { hasExternalRefs } from '../../openapi/external-refs.js';
import type { EngineStateSettings, StateCall, StateChange, StateReply, WorkerPlan } from './engine-messages.js';

export interface StateHost {
  /** Reads the spec's plan (again, after an edit); a message naming each problem's JSON pointer when it cannot be used. */
  load(): Promise<string | undefined>;
  /** The answer to one worker's call, and what every worker must hear before it is given (undefined: nothing). */
  answer(call: StateCall): Promise<{ reply: StateReply; change: StateChange | undefined }>;
  /** What a worker needs of the state. */
  workerPlan(): WorkerPlan;
  /** Sessions used through a worker's copies. */
  touched(sessions: Array<[string, number]>): void;
}

const NOTHING_REMEMBERED: StatePlan = { operations: {}, sessions: undefined, collections: [] };

/**
 * The one state of a mock, held by the engine's primary: every worker asks it, so a
 * session opened through one worker is live on all of them, and a worker that dies
 * loses nothing. The rules are mock-state's, the same the MSW handlers run in-process.
 * Reads in a live session are answered by the workers from copies this grants them
 * (SessionCopies); every change that kills a token is told to all of them first.
 *
 * A spec that marks nothing (no `x-authkit-` in its text, no `$ref` to other files that
 * might hold one, no collections by config) has nothing to remember: its document is
 * parsed only when the control is first called (respond-with needs its operations).
 * Parsing a large YAML spec here took 2 s of a 1,193-operation start, for nothing.
 */
export function createStateHost(specFile: string, settings: EngineStateSettings, fromParent?: Promise<PlanReading | undefined>): StateHost {
  let state: MockState | undefined;
  // The plan the parent read from the document it wrote to specFile (contract runs): the
  // first whole read takes it instead of parsing the file and reading the plan again,
  // which on 1,001 operations cost this process about 1 s of CPU while the mock started.
  let parentReading = fromParent;
  let loading: Promise<string | undefined> | undefined;
  let whole = false;
  const workerPlan = (): WorkerPlan => ({ plan: state!.currentPlan, stateful: settings.stateless !== true, forcedKeys: [...state!.overrides.keys()], clockOffsetMs: state!.clockOffsetMs });

  const adopt = (plan: StatePlan) => {
    if (state) state.replacePlan(plan);
    else state = new MockState(plan, { seed: settings.seed, limits: settings.limits, trackChanges: true });
  };
  const readWhole = async (): Promise<string | undefined> => {
    const given = await parentReading;
    parentReading = undefined;
    if (given) return adoptReading(given);
    // Loaded only for a spec that has something to remember: the plan's reader brings the
    // sampler and the YAML parser, which a mock of an unmarked spec never needs.
    const [{ readStatePlan }, { readDocument }] = await Promise.all([import('../../mock-state/read-plan.js'), import('../../openapi/read-document.js')]);
    let document;
    try {
      document = await readDocument(specFile);
    } catch (error) {
      // Nothing changes: a reload keeps the last plan. At the start, the workers start on
      // none, and Prism says where a spec that does not parse breaks (file and line);
      // one Prism can read but this cannot is reported once a worker listens.
      if (!state) adopt(NOTHING_REMEMBERED);
      return `the mock cannot read ${specFile} for what to remember: ${(error as Error).message}`;
    }
    return adoptReading(readStatePlan(document, { collections: settings.collections, stateless: settings.stateless }));
  };
  const adoptReading = (reading: PlanReading): string | undefined => {
    if (!reading.ok) return `the spec cannot be served as it marks its state:\n${reading.problems.map((problem) => `  ${specFile}${problem.pointer}: ${problem.message}`).join('\n')}`;
    whole = true;
    adopt(reading.plan);
    return undefined;
  };
  const load = () =>
    (loading = (async () => {
      // A reload reads the whole spec: an edit that leaves it unreadable keeps the last plan.
      // The file has changed since the parent read it: its plan is not this one.
      if (state) {
        parentReading = undefined;
        return readWhole();
      }
      const text = await readFile(specFile, 'utf8').catch(() => '');
      const mayMark = settings.collections === true || text.includes('x-authkit-') || text.includes(RESERVED_PREFIX) || hasExternalRefs(text);
      if (mayMark) return readWhole();
      adopt(NOTHING_REMEMBERED);
      return undefined;
    })());
  const ensureWhole = async () => {
    await loading;
    if (!whole) await (loading = readWhole());
  };
  /** What changed in the state during a call, as the workers must hear it. */
  const changeSince = (forcedBefore: string, clockBefore: number): StateChange | undefined => {
    const { dead, cleared } = state!.takeChanges();
    const forcedKeys = [...state!.overrides.keys()];
    const change: StateChange = {};
    if (forcedKeys.join('\n') !== forcedBefore) change.forcedKeys = forcedKeys;
    if (dead.length > 0) change.dead = dead;
    if (cleared) change.cleared = true;
    if (state!.clockOffsetMs !== clockBefore) change.clockOffsetMs = state!.clockOffsetMs;
    return Object.keys(change).length > 0 ? change : undefined;
  };

  return {
    load,
    workerPlan,
    touched(sessions) {
      for (const [id, at] of sessions) state?.touch(id, at);
    },
    async answer(call) {
      await loading;
      if (call.kind === 'control') await ensureWhole();
      if (!state) return { reply: undefined, change: undefined };
      const forcedBefore = [...state.overrides.keys()].join('\n');
      const clockBefore = state.clockOffsetMs;
      switch (call.kind) {
        case 'plan':
          return { reply: workerPlan(), change: undefined };
        case 'forced':
          return { reply: state.takeOverride(call.key), change: changeSince(forcedBefore, clockBefore) };
        case 'decide':
          return { reply: decide(state, call.request), change: changeSince(forcedBefore, clockBefore) };
        case 'control':
          return { reply: handleControl(state, call.call, headerSchemaProblem), change: changeSince(forcedBefore, clockBefore) };
      }
    },
  };
}
