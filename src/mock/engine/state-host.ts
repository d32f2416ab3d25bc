import { handleControl } from '../../mock-state/control.js';
import { decide } from '../../mock-state/decide.js';
import { readStatePlan } from '../../mock-state/read-plan.js';
import { MockState } from '../../mock-state/state-store.js';
import { readDocument } from '../../openapi/read-document.js';
import type { EngineStateSettings, StateCall, StateReply, WorkerPlan } from './engine-messages.js';

export interface StateHost {
  /** Reads the spec's plan (again, after an edit); a message naming each problem's JSON pointer when it cannot be used. */
  load(): Promise<string | undefined>;
  /** The answer to one worker's call, and whether the queued forced answers changed (every worker must hear of it first). */
  answer(call: StateCall): Promise<{ reply: StateReply; forcedKeysChanged: boolean }>;
  /** What a worker needs of the state. */
  workerPlan(): WorkerPlan;
}

/**
 * The one state of a mock, held by the engine's primary: every worker asks it, so a
 * session opened through one worker is live on all of them, and a worker that dies
 * loses nothing. The rules are mock-state's, the same the MSW handlers run in-process.
 */
export function createStateHost(specFile: string, settings: EngineStateSettings): StateHost {
  let state: MockState | undefined;
  let loading: Promise<string | undefined> | undefined;
  const workerPlan = (): WorkerPlan => ({ plan: state!.currentPlan, stateful: settings.stateless !== true, forcedKeys: [...state!.overrides.keys()] });

  const load = () =>
    (loading = (async () => {
      let document;
      try {
        document = await readDocument(specFile);
      } catch {
        // A spec that does not parse: Prism, in the workers, says where (file and line).
        document = {};
      }
      const reading = readStatePlan(document, { collections: settings.collections, stateless: settings.stateless });
      if (!reading.ok) return `the spec cannot be served as it marks its state:\n${reading.problems.map((problem) => `  ${specFile}${problem.pointer}: ${problem.message}`).join('\n')}`;
      if (state) state.replacePlan(reading.plan);
      else state = new MockState(reading.plan, { seed: settings.seed, limits: settings.limits });
      return undefined;
    })());

  return {
    load,
    workerPlan,
    async answer(call) {
      await loading;
      if (!state) return { reply: undefined, forcedKeysChanged: false };
      switch (call.kind) {
        case 'plan':
          return { reply: workerPlan(), forcedKeysChanged: false };
        case 'forced': {
          const before = state.overrides.has(call.key);
          const reply = state.takeOverride(call.key);
          return { reply, forcedKeysChanged: before && !state.overrides.has(call.key) };
        }
        case 'decide':
          return { reply: decide(state, call.request), forcedKeysChanged: false };
        case 'control': {
          const answer = handleControl(state, call.call);
          return { reply: answer, forcedKeysChanged: answer.overridesChanged };
        }
      }
    },
  };
}
