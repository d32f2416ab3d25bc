import { readFileSync } from 'node:fs';
import { isMap, LineCounter, parseDocument } from 'yaml';
import { locatePointer } from '../openapi/locate-pointer.js';
import { SpecError, type SpecProblem } from '../openapi/spec-problem.js';
import type { ArazzoDocument, Criterion, Step, Workflow } from './arazzo-types.js';
import { isReusable } from './arazzo-types.js';
import { parseCondition } from './conditions.js';
import { parseExpression, templateExpressions } from './runtime-expressions.js';

export interface ArazzoFile {
  file: string;
  document: ArazzoDocument;
}

/**
 * Reads an Arazzo file and checks what a run needs and Redocly's lint does not: every
 * step names exactly one operation or workflow, `goto` and `dependsOn` name what
 * exists, each runtime expression and condition parses, criteria with a type have a
 * context. A problem is reported at its file and line, with its JSON pointer, as a
 * SpecError (rules `arazzo-syntax` and `arazzo-structure`): the file cannot be run.
 */
export function readArazzo(file: string): ArazzoFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new SpecError([{ file, line: 1, column: 1, rule: 'spec-file', message: `cannot read the Arazzo file: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`, severity: 'error' }]);
  }
  const lines = new LineCounter();
  const parsed = parseDocument(text, { lineCounter: lines });
  if (parsed.errors.length > 0) {
    throw new SpecError(parsed.errors.map((error) => ({ file, line: error.linePos?.[0]?.line ?? 1, column: error.linePos?.[0]?.col ?? 1, rule: 'arazzo-syntax', message: error.message.split('\n')[0]!, severity: 'error' as const })));
  }
  if (!isMap(parsed.contents)) throw new SpecError([{ file, line: 1, column: 1, rule: 'arazzo-structure', message: 'an Arazzo document is an object with `arazzo`, `info`, `sourceDescriptions` and `workflows`', severity: 'error' }]);
  const document = parsed.toJS() as ArazzoDocument;
  const problems: SpecProblem[] = [];
  const problem = (pointer: string, message: string) => {
    const at = safeLocate(file, pointer);
    problems.push({ ...at, rule: 'arazzo-structure', message: `${message} (${pointer})`, severity: 'error' });
  };
  check(document, problem);
  if (problems.length > 0) throw new SpecError(problems);
  return { file, document };
}

function check(document: ArazzoDocument, problem: (pointer: string, message: string) => void): void {
  if (typeof document.arazzo !== 'string' || !/^1\.\d+\.\d+$/.test(document.arazzo)) problem('#/arazzo', `\`arazzo\` must be a 1.x version such as 1.0.1, not ${JSON.stringify(document.arazzo ?? null)}`);
  if (!Array.isArray(document.sourceDescriptions) || document.sourceDescriptions.length === 0) problem('#/sourceDescriptions', 'at least one source description is required');
  if (!Array.isArray(document.workflows) || document.workflows.length === 0) return problem('#/workflows', 'at least one workflow is required');
  const workflowIds = new Set<string>();
  document.workflows.forEach((workflow, index) => {
    const at = `#/workflows/${index}`;
    if (typeof workflow?.workflowId !== 'string') return problem(`${at}/workflowId`, 'every workflow needs a `workflowId`');
    if (workflowIds.has(workflow.workflowId)) problem(`${at}/workflowId`, `the workflowId ${workflow.workflowId} is used twice`);
    workflowIds.add(workflow.workflowId);
  });
  document.workflows.forEach((workflow, index) => checkWorkflow(workflow, `#/workflows/${index}`, workflowIds, problem));
}

function checkWorkflow(workflow: Workflow, at: string, workflowIds: Set<string>, problem: (pointer: string, message: string) => void): void {
  if (!Array.isArray(workflow.steps) || workflow.steps.length === 0) return problem(`${at}/steps`, `the workflow ${workflow.workflowId} has no steps`);
  for (const [index, id] of (workflow.dependsOn ?? []).entries()) if (!id.startsWith('$sourceDescriptions.') && !workflowIds.has(id)) problem(`${at}/dependsOn/${index}`, `no workflow ${id} to depend on`);
  const stepIds = new Set(workflow.steps.map((step) => step?.stepId));
  const seen = new Set<string>();
  workflow.steps.forEach((step: Step, index) => {
    const here = `${at}/steps/${index}`;
    if (typeof step?.stepId !== 'string') return problem(`${here}/stepId`, 'every step needs a `stepId`');
    if (seen.has(step.stepId)) problem(`${here}/stepId`, `the stepId ${step.stepId} is used twice in ${workflow.workflowId}`);
    seen.add(step.stepId);
    const targets = (['operationId', 'operationPath', 'workflowId'] as const).filter((key) => step[key] !== undefined);
    if (targets.length !== 1) problem(here, `a step names exactly one of operationId, operationPath and workflowId; ${step.stepId} names ${targets.length === 0 ? 'none' : targets.join(' and ')}`);
    if (step.workflowId !== undefined && !step.workflowId.startsWith('$sourceDescriptions.') && !workflowIds.has(step.workflowId)) problem(`${here}/workflowId`, `no workflow ${step.workflowId}`);
    (step.parameters ?? []).forEach((parameter, parameterIndex) => {
      if (isReusable(parameter)) return;
      if (step.workflowId === undefined && parameter.in === undefined) problem(`${here}/parameters/${parameterIndex}/in`, `the parameter ${parameter.name} needs \`in\` (path, query, header or cookie)`);
      checkValue(parameter.value, `${here}/parameters/${parameterIndex}/value`, problem);
    });
    if (step.requestBody) checkValue(step.requestBody.payload, `${here}/requestBody/payload`, problem);
    (step.successCriteria ?? []).forEach((criterion, criterionIndex) => checkCriterion(criterion, `${here}/successCriteria/${criterionIndex}`, problem));
    for (const [kind, actions] of [['onSuccess', step.onSuccess], ['onFailure', step.onFailure]] as const) {
      (actions ?? []).forEach((action, actionIndex) => {
        if (isReusable(action)) return;
        const target = `${here}/${kind}/${actionIndex}`;
        if (action.type === 'goto' && action.stepId !== undefined && !stepIds.has(action.stepId)) problem(`${target}/stepId`, `no step ${action.stepId} in ${workflow.workflowId} to go to`);
        if ('retryLimit' in action && action.retryLimit !== undefined && (!Number.isInteger(action.retryLimit) || action.retryLimit < 0)) problem(`${target}/retryLimit`, 'retryLimit is a whole number, 0 or more');
        (action.criteria ?? []).forEach((criterion, criterionIndex) => checkCriterion(criterion, `${target}/criteria/${criterionIndex}`, problem));
      });
    }
    for (const [name, expression] of Object.entries(step.outputs ?? {})) {
      if (!/^[a-zA-Z0-9.\-_]+$/.test(name)) problem(`${here}/outputs/${escape(name)}`, `an output's name is letters, digits, \`.\`, \`-\` and \`_\`: not ${JSON.stringify(name)}`);
      checkValue(expression, `${here}/outputs/${escape(name)}`, problem);
    }
  });
  for (const [name, expression] of Object.entries(workflow.outputs ?? {})) checkValue(expression, `${at}/outputs/${escape(name)}`, problem);
}

function checkCriterion(criterion: Criterion, at: string, problem: (pointer: string, message: string) => void): void {
  if (typeof criterion?.condition !== 'string') return problem(`${at}/condition`, 'a criterion needs a `condition`');
  const type = typeof criterion.type === 'object' ? criterion.type.type : (criterion.type ?? 'simple');
  if (type !== 'simple' && criterion.context === undefined) problem(`${at}/context`, `a ${type} criterion needs a \`context\` (a runtime expression, such as $response.body)`);
  if (criterion.context !== undefined) checkValue(criterion.context, `${at}/context`, problem);
  if (type === 'simple') {
    try {
      parseCondition(criterion.condition);
    } catch (error) {
      problem(`${at}/condition`, (error as Error).message);
    }
  }
}

/** A value that is a runtime expression, or a string with `{$…}` in it, must parse; anything else is a constant. */
function checkValue(value: unknown, at: string, problem: (pointer: string, message: string) => void): void {
  if (typeof value === 'string') {
    try {
      if (value.startsWith('$')) parseExpression(value);
      else templateExpressions(value);
    } catch (error) {
      problem(at, (error as Error).message);
    }
  } else if (Array.isArray(value)) value.forEach((item, index) => checkValue(item, `${at}/${index}`, problem));
  else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) checkValue(item, `${at}/${escape(key)}`, problem);
}

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function safeLocate(file: string, pointer: string): { file: string; line: number; column: number } {
  try {
    return locatePointer(file, pointer);
  } catch {
    return { file, line: 1, column: 1 };
  }
}
