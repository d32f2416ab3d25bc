import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { xmlEscape } from '../openapi/redocly.js';
import { shortenReason } from '../contract/reason.js';
import type { FlowsRun, FlowTargetKind, StepResult, WorkflowResult } from './flow-results.js';

/**
 * One GitHub Actions annotation: the title and message of the contract's annotationsOf,
 * without its level, since every one is an error (the CLI adds `level: 'error'`).
 */
export interface FlowAnnotation {
  title: string;
  message: string;
}

/**
 * A failure to report: a failed step of a failed workflow, or a failed workflow no step
 * of which failed (a dependency that failed, inputs that do not match, a `goto` loop).
 * A step that failed in a workflow that passed was handled (an onFailure went on): it
 * is shown, but it fails nothing.
 */
interface Failure {
  /** `workflow › step`, or `workflow` for a workflow-level failure. */
  id: string;
  /** The reason, shortened as the matrix shortens it: one line per failed check or criterion. */
  reason: string;
}

interface Counts {
  workflows: number;
  passed: number;
  failed: number;
  skipped: number;
  /** Every skipped workflow was skipped as mock only (on a live server). */
  skippedMockOnly: boolean;
  steps: number;
  durationMs: number;
}

const MARK = { pass: '✔', fail: '✖', skipped: '–' } as const;

function countsOf(runs: FlowsRun[]): Counts {
  const workflows = runs.flatMap((run) => run.workflows);
  const skipped = workflows.filter((workflow) => workflow.result === 'skipped');
  return {
    workflows: workflows.length,
    passed: workflows.filter((workflow) => workflow.result === 'pass').length,
    failed: workflows.filter((workflow) => workflow.result === 'fail').length,
    skipped: skipped.length,
    skippedMockOnly: skipped.length > 0 && skipped.every((workflow) => workflow.reason?.startsWith('mock only') === true),
    steps: workflows.reduce((sum, workflow) => sum + workflow.steps.length, 0),
    durationMs: runs.reduce((sum, run) => sum + run.durationMs, 0),
  };
}

function targetOf(kind: FlowTargetKind, baseUrl: string): string {
  if (kind === 'msw') return 'the MSW handlers, in this process';
  return `${kind === 'mock' ? 'the mock' : 'the live server'} ${baseUrl}`;
}

function targetsOf(runs: FlowsRun[]): string {
  return [...new Set(runs.map((run) => targetOf(run.target, run.baseUrl)))].join(' and ');
}

/** A step's label in its workflow's block: its id, with the workflow it came from when a `goto` ran another one. */
function stepLabel(workflow: WorkflowResult, step: StepResult): string {
  return step.workflowId === workflow.workflowId ? step.stepId : `${step.workflowId} › ${step.stepId}`;
}

/** What a step called: `POST /api/v1/auth/login → 200`, or `workflow signIn`. */
function requestOf(step: StepResult, methodWidth: number): string {
  if (step.method === undefined || step.path === undefined) return step.target;
  return `${step.method.padEnd(methodWidth)} ${step.path} → ${step.status ?? 'no response'}`;
}

function attemptsOf(step: StepResult): string {
  return step.attempts > 1 ? `${step.attempts} attempts` : '';
}

/** A workflow's failures, in the order its steps ran. */
function failuresOf(workflow: WorkflowResult): Failure[] {
  if (workflow.result !== 'fail') return [];
  const steps = workflow.steps.filter((step) => step.result === 'fail');
  if (steps.length === 0) return [{ id: workflow.workflowId, reason: shortenReason(workflow.reason ?? 'failed') }];
  return steps.map(stepFailure);
}

function stepFailure(step: StepResult): Failure {
  return { id: `${step.workflowId} › ${step.stepId}`, reason: shortenReason(step.reason ?? 'failed') };
}

/** The matrix's short form: each line of the reason after what failed (`signIn › login › status_code_conformance: …`). */
function shortForm(failure: Failure): string[] {
  return failure.reason.split('\n').map((line) => `${failure.id} › ${line}`);
}

/**
 * What `authkit flows` prints: the summary line first, then one block per workflow, its
 * steps under it (what each called and what answered, the attempts a retry took), each
 * failure's reason in the matrix's short form under the step it belongs to. Plain text:
 * the CLI colours the marks.
 */
export function formatFlowsTable(runs: FlowsRun[]): string {
  const counts = countsOf(runs);
  const against = runs.length > 0 ? `, against ${targetsOf(runs)}` : '';
  const lines = [
    `flows: ${counts.workflows} workflow${counts.workflows === 1 ? '' : 's'} · ${counts.passed} passed · ${counts.failed} failed · ${counts.skipped} skipped${counts.skippedMockOnly ? ' (mock only)' : ''} · ` +
      `${counts.steps} step${counts.steps === 1 ? '' : 's'}${against} · ${(counts.durationMs / 1000).toFixed(1)} s`,
  ];
  const workflows = runs.flatMap((run) => run.workflows);
  const steps = workflows.flatMap((workflow) => workflow.steps.map((step) => ({ workflow, step })));
  const idWidth = Math.max(0, ...workflows.map((workflow) => workflow.workflowId.length));
  const labelWidth = Math.max(0, ...steps.map(({ workflow, step }) => stepLabel(workflow, step).length));
  const methodWidth = Math.max(0, ...steps.map(({ step }) => (step.method !== undefined && step.path !== undefined ? step.method.length : 0)));
  const requestWidth = Math.max(0, ...steps.map(({ step }) => requestOf(step, methodWidth).length));
  for (const run of runs) {
    if (runs.length > 1) lines.push('', `${[run.title, run.version].filter(Boolean).join(' ')} (${basename(run.file)})`);
    for (const workflow of run.workflows) {
      lines.push('', `${MARK[workflow.result]} ${workflow.summary ? `${workflow.workflowId.padEnd(idWidth)}  ${workflow.summary}` : workflow.workflowId}`);
      if (workflow.result === 'skipped') lines.push(`    ${workflow.reason ?? 'skipped'}`);
      for (const step of workflow.steps) {
        const cells = [`${MARK[step.result]} ${stepLabel(workflow, step).padEnd(labelWidth)}`, requestOf(step, methodWidth).padEnd(requestWidth), attemptsOf(step)];
        if (step.result === 'fail' && workflow.result === 'pass') cells.push('(handled: the workflow went on)');
        lines.push(`    ${cells.filter((cell) => cell !== '').join('  ').trimEnd()}`);
        if (step.result === 'fail' && workflow.result === 'fail') for (const line of shortForm(stepFailure(step))) lines.push(`        ${line}`);
      }
      if (workflow.result === 'fail' && !workflow.steps.some((step) => step.result === 'fail')) {
        for (const failure of failuresOf(workflow)) for (const line of shortForm(failure)) lines.push(`    ${line}`);
      }
    }
  }
  return lines.join('\n');
}

// JUnit XML as the contract writes it: built by hand, escaped with Redocly's xmlEscape.
export function toFlowsJunitXml(runs: FlowsRun[]): string {
  const counts = countsOf(runs);
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const testcase = (classname: string, name: string, ms: number, body?: string) => {
    const open = `    <testcase classname="${xmlEscape(classname)}" name="${xmlEscape(name)}" time="${seconds(ms)}"`;
    return body === undefined ? `${open}/>` : `${open}>\n      ${body}\n    </testcase>`;
  };
  const failure = (reason: string) => `<failure message="${xmlEscape(reason.split('\n')[0] ?? '')}">${xmlEscape(reason)}</failure>`;
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  for (const run of runs) {
    for (const workflow of run.workflows) {
      const cases: string[] = [];
      let failed = 0;
      if (workflow.result === 'skipped') cases.push(testcase(workflow.workflowId, workflow.workflowId, 0, `<skipped message="${xmlEscape(workflow.reason ?? 'skipped')}"/>`));
      for (const step of workflow.steps) {
        const counted = step.result === 'fail' && workflow.result === 'fail';
        if (counted) failed += 1;
        cases.push(testcase(step.workflowId, step.stepId, step.durationMs, counted ? failure(shortenReason(step.reason ?? 'failed')) : undefined));
      }
      if (workflow.result === 'fail' && failed === 0) {
        failed += 1;
        cases.push(testcase(workflow.workflowId, workflow.workflowId, 0, failure(shortenReason(workflow.reason ?? 'failed'))));
      }
      tests += cases.length;
      failures += failed;
      suites.push(
        `  <testsuite name="${xmlEscape(`${workflow.workflowId} (${run.target})`)}" tests="${cases.length}" failures="${failed}" skipped="${workflow.result === 'skipped' ? 1 : 0}" time="${seconds(workflow.durationMs)}">`,
        `    <properties><property name="file" value="${xmlEscape(basename(run.file))}"/><property name="baseUrl" value="${xmlEscape(run.baseUrl)}"/></properties>`,
        ...cases,
        '  </testsuite>',
      );
    }
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="flows" tests="${tests}" failures="${failures}" skipped="${counts.skipped}" time="${seconds(counts.durationMs)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

/**
 * Writes `flows.json` (the runs as they are) and `flows.junit.xml` into `dir`. Each is
 * written to a temporary sibling first and renamed into place once both are written, so
 * a reader never sees half a report, and a failure part-way (a full disk) leaves the
 * previous reports as they were.
 */
export async function writeFlowsReports(runs: FlowsRun[], dir: string): Promise<{ json: string; junit: string }> {
  await mkdir(dir, { recursive: true });
  const json = join(dir, 'flows.json');
  const junit = join(dir, 'flows.junit.xml');
  const suffix = `.tmp-${process.pid}-${Date.now()}`;
  const files = [
    { final: json, content: `${JSON.stringify(runs, null, 2)}\n` },
    { final: junit, content: toFlowsJunitXml(runs) },
  ].map((file) => ({ ...file, temp: file.final + suffix }));
  try {
    for (const file of files) await writeFile(file.temp, file.content, 'utf8');
    for (const file of files) await rename(file.temp, file.final);
  } catch (error) {
    await Promise.all(files.map((file) => rm(file.temp, { force: true })));
    throw error;
  }
  return { json, junit };
}

/**
 * The run as Markdown for the job summary ($GITHUB_STEP_SUMMARY): the verdict, a table
 * of workflows (result, steps passed), then each failure with its reason and each
 * skipped workflow with why. Pipes and newlines are escaped so the tables hold.
 */
export function flowsMarkdownSummary(runs: FlowsRun[]): string {
  const counts = countsOf(runs);
  const where = [...new Set(runs.map((run) => (run.target === 'msw' ? 'MSW handlers' : `${run.target} at \`${run.baseUrl}\``)))].join(', ');
  const workflows = runs.flatMap((run) => run.workflows);
  const lines = [
    `### ${counts.failed > 0 ? '❌' : '✅'} Flows${where ? ` (${where})` : ''}`,
    '',
    `**${counts.passed}/${counts.workflows}** workflows pass, **${counts.failed}** fail, **${counts.skipped}** skipped · ${counts.steps} step${counts.steps === 1 ? '' : 's'} · ${(counts.durationMs / 1000).toFixed(1)} s`,
  ];
  if (workflows.length > 0) {
    lines.push('', '| workflow | result | steps | summary |', '| --- | :-: | --: | --- |');
    for (const workflow of workflows) {
      const passed = workflow.steps.filter((step) => step.result === 'pass').length;
      const result = { pass: '✅ pass', fail: '❌ fail', skipped: '➖ skipped' }[workflow.result];
      const steps = workflow.result === 'skipped' ? '–' : `${passed}/${workflow.steps.length}`;
      lines.push(`| \`${escapeCell(workflow.workflowId)}\` | ${result} | ${steps} | ${escapeCell(workflow.summary ?? '')} |`);
    }
  }
  const failures = workflows.flatMap(failuresOf);
  if (failures.length > 0) {
    lines.push('', '| failed | reason |', '| --- | --- |');
    for (const failure of failures) lines.push(`| \`${escapeCell(failure.id)}\` | ${escapeCell(failure.reason)} |`);
  }
  const skipped = workflows.filter((workflow) => workflow.result === 'skipped');
  if (skipped.length > 0) {
    lines.push('', '| skipped | why |', '| --- | --- |');
    for (const workflow of skipped) lines.push(`| \`${escapeCell(workflow.workflowId)}\` | ${escapeCell(workflow.reason ?? '')} |`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * One error annotation per failed step (`flows: signIn › login`), its reason the
 * message; a workflow that failed with no failed step (a dependency, its inputs) gets
 * one of its own (`flows: signIn`).
 */
export function flowsAnnotations(runs: FlowsRun[]): FlowAnnotation[] {
  return runs.flatMap((run) => run.workflows.flatMap(failuresOf)).map((failure) => ({ title: `flows: ${failure.id}`, message: failure.reason }));
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}
