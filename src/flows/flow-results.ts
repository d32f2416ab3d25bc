import type { CheckResult } from '../contract/cases.js';

/** What answered a flows run: the mock server, the MSW handlers in-process, or a live server. */
export type FlowTargetKind = 'mock' | 'msw' | 'live';

export interface CriterionOutcome {
  condition: string;
  passed: boolean;
  message?: string;
}

export interface StepResult {
  workflowId: string;
  stepId: string;
  /** The operation called (`loginUser`), or the workflow a step runs (`workflow signIn`). */
  target: string;
  method?: string;
  path?: string;
  status?: number;
  result: 'pass' | 'fail';
  /** How many times it was sent (a `retry` sends it again). */
  attempts: number;
  /** The contract's named checks on the last answer. */
  checks: CheckResult[];
  criteria: CriterionOutcome[];
  /** Why it failed, in the matrix's short form: `check: reason` or `criterion: reason`. */
  reason?: string;
  durationMs: number;
}

export interface WorkflowResult {
  workflowId: string;
  summary?: string;
  result: 'pass' | 'fail' | 'skipped';
  /** Why it failed, or was not run (a mock-only workflow on a live server). */
  reason?: string;
  steps: StepResult[];
  outputs: Record<string, unknown>;
  durationMs: number;
}

export interface FlowsRun {
  file: string;
  target: FlowTargetKind;
  baseUrl: string;
  title: string;
  version: string;
  workflows: WorkflowResult[];
  durationMs: number;
}

export function flowsFailed(run: FlowsRun): boolean {
  return run.workflows.some((workflow) => workflow.result === 'fail');
}
