import { readFileSync } from 'node:fs';
import { isMap, LineCounter, parseDocument } from 'yaml';
import { locatePointer } from '../openapi/locate-pointer.js';
import { SpecError, type SpecProblem } from '../openapi/spec-problem.js';
import type { ArazzoDocument, Criterion, FailureAction, Parameter, ReusableObject, Step, SuccessAction, Workflow } from './arazzo-types.js';
import { component, foreignWorkflow, isReusable } from './arazzo-types.js';
import { parseCondition } from './conditions.js';
import { isWholeExpression, parseExpression, templateExpressions } from './runtime-expressions.js';

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

type Report = (pointer: string, message: string) => void;

function check(document: ArazzoDocument, problem: Report): void {
  if (typeof document.arazzo !== 'string' || !/^1\.\d+\.\d+$/.test(document.arazzo)) problem('#/arazzo', `\`arazzo\` must be a 1.x version such as 1.0.1, not ${JSON.stringify(document.arazzo ?? null)}`);
  if (!Array.isArray(document.sourceDescriptions) || document.sourceDescriptions.length === 0) problem('#/sourceDescriptions', 'at least one source description is required');
  else
    document.sourceDescriptions.forEach((source, index) => {
      if (!isObject(source) || typeof source.name !== 'string' || typeof source.url !== 'string') problem(`#/sourceDescriptions/${index}`, 'a source description needs a `name` and a `url`');
    });
  if (!Array.isArray(document.workflows) || document.workflows.length === 0) return problem('#/workflows', 'at least one workflow is required');
  const workflowIds = new Set<string>();
  document.workflows.forEach((workflow, index) => {
    const at = `#/workflows/${index}`;
    if (!isObject(workflow)) return problem(at, 'a workflow is an object with a `workflowId` and `steps`');
    if (typeof workflow.workflowId !== 'string') return problem(`${at}/workflowId`, 'every workflow needs a `workflowId`');
    if (workflowIds.has(workflow.workflowId)) problem(`${at}/workflowId`, `the workflowId ${workflow.workflowId} is used twice`);
    workflowIds.add(workflow.workflowId);
  });
  document.workflows.forEach((workflow, index) => {
    if (isObject(workflow)) checkWorkflow(workflow, `#/workflows/${index}`, { document, workflowIds, problem });
  });
}

interface Scope {
  document: ArazzoDocument;
  workflowIds: Set<string>;
  problem: Report;
}

function checkWorkflow(workflow: Workflow, at: string, scope: Scope): void {
  const { workflowIds, problem } = scope;
  if (!Array.isArray(workflow.steps) || workflow.steps.length === 0) return problem(`${at}/steps`, `the workflow ${workflow.workflowId} has no steps`);
  list(workflow.dependsOn, `${at}/dependsOn`, problem).forEach((id, index) => {
    if (typeof id !== 'string') problem(`${at}/dependsOn/${index}`, 'dependsOn lists workflowIds');
    else if (missingWorkflow(id, scope)) problem(`${at}/dependsOn/${index}`, `${missingWorkflow(id, scope)} to depend on`);
  });
  list(workflow.parameters, `${at}/parameters`, problem).forEach((parameter, index) => checkParameter(parameter, `${at}/parameters/${index}`, false, scope));
  const stepIds = new Set(workflow.steps.map((step) => (isObject(step) ? step.stepId : undefined)));
  const seen = new Set<string>();
  workflow.steps.forEach((step: Step, index) => {
    const here = `${at}/steps/${index}`;
    if (!isObject(step) || typeof step.stepId !== 'string') return problem(`${here}/stepId`, 'every step needs a `stepId`');
    if (seen.has(step.stepId)) problem(`${here}/stepId`, `the stepId ${step.stepId} is used twice in ${workflow.workflowId}`);
    seen.add(step.stepId);
    const targets = (['operationId', 'operationPath', 'workflowId'] as const).filter((key) => step[key] !== undefined);
    if (targets.length !== 1) problem(here, `a step names exactly one of operationId, operationPath and workflowId; ${step.stepId} names ${targets.length === 0 ? 'none' : targets.join(' and ')}`);
    if (typeof step.workflowId === 'string' && missingWorkflow(step.workflowId, scope)) problem(`${here}/workflowId`, missingWorkflow(step.workflowId, scope)!);
    list(step.parameters, `${here}/parameters`, problem).forEach((parameter, parameterIndex) => checkParameter(parameter, `${here}/parameters/${parameterIndex}`, step.workflowId === undefined, scope));
    if (step.requestBody !== undefined) {
      checkValue(step.requestBody?.payload, `${here}/requestBody/payload`, problem);
      list(step.requestBody?.replacements, `${here}/requestBody/replacements`, problem).forEach((replacement, replacementIndex) => {
        const target = `${here}/requestBody/replacements/${replacementIndex}`;
        if (typeof replacement?.target !== 'string' || !replacement.target.startsWith('/')) problem(`${target}/target`, 'a replacement\'s target is a JSON pointer into the request body, such as /user/email');
        checkValue(replacement?.value, `${target}/value`, problem);
      });
    }
    list(step.successCriteria, `${here}/successCriteria`, problem).forEach((criterion, criterionIndex) => checkCriterion(criterion, `${here}/successCriteria/${criterionIndex}`, problem));
    checkActions(step.onSuccess, `${here}/onSuccess`, 'successActions', workflow, stepIds, scope);
    checkActions(step.onFailure, `${here}/onFailure`, 'failureActions', workflow, stepIds, scope);
    checkOutputs(step.outputs, `${here}/outputs`, problem);
  });
  checkActions(workflow.successActions, `${at}/successActions`, 'successActions', workflow, stepIds, scope);
  checkActions(workflow.failureActions, `${at}/failureActions`, 'failureActions', workflow, stepIds, scope);
  checkOutputs(workflow.outputs, `${at}/outputs`, problem);
}

/**
 * What is wrong with a workflow reference, if anything: a plain id names a workflow of
 * this file; `$sourceDescriptions.<name>.<id>` one of a source this file declares (the
 * runner says, when it gets there, that it runs one file's workflows).
 */
function missingWorkflow(id: string, { document, workflowIds }: Scope): string | undefined {
  const foreign = foreignWorkflow(id);
  if (!foreign) return workflowIds.has(id) ? undefined : `no workflow ${id}`;
  const declared = Array.isArray(document.sourceDescriptions) && document.sourceDescriptions.some((source) => isObject(source) && source.name === foreign.source);
  return declared ? undefined : `no source description ${foreign.source} for ${id}`;
}

/** A parameter of a step or workflow (or a reference to one in the components): its value must parse; an operation's needs `in`. */
function checkParameter(parameter: Parameter | ReusableObject | null, at: string, needsIn: boolean, { document, problem }: Scope): void {
  if (isReusable(parameter)) {
    const name = parameter.reference.replace(/^\$components\.parameters\./, '');
    if (name === parameter.reference || !isObject(component(document, 'parameters', name))) problem(`${at}/reference`, `no parameter ${parameter.reference} in the components`);
    return checkValue(parameter.value, `${at}/value`, problem);
  }
  if (!isObject(parameter)) return problem(at, 'a parameter is an object with a `name` and a `value`');
  if (needsIn && parameter.in === undefined) problem(`${at}/in`, `the parameter ${parameter.name} needs \`in\` (path, query, header or cookie)`);
  checkValue(parameter.value, `${at}/value`, problem);
}

/**
 * Success or failure actions, the step's or the workflow's: a `goto` (or a `retry`'s
 * detour) names one step of this workflow or one workflow that exists; a reference
 * names an action in the components.
 */
function checkActions(actions: Array<SuccessAction | FailureAction | ReusableObject> | undefined, at: string, kind: 'successActions' | 'failureActions', workflow: Workflow, stepIds: Set<unknown>, scope: Scope): void {
  const { document, problem } = scope;
  const types = kind === 'successActions' ? ['end', 'goto'] : ['end', 'goto', 'retry'];
  list(actions, at, problem).forEach((action, index) => {
    const target = `${at}/${index}`;
    if (isReusable(action)) {
      const name = action.reference.replace(new RegExp(`^\\$components\\.${kind}\\.`), '');
      if (name === action.reference || !isObject(component(document, kind, name))) problem(`${target}/reference`, `no ${kind === 'successActions' ? 'success' : 'failure'} action ${action.reference} in the components`);
      return;
    }
    if (!isObject(action)) return problem(target, 'an action is an object with a `name` and a `type`');
    const { type, stepId, workflowId } = action as FailureAction;
    if (!types.includes(type)) return problem(`${target}/type`, `an action's type is ${types.join(', ').replace(/, (\w+)$/, ' or $1')}, not ${JSON.stringify(type ?? null)}`);
    if (stepId !== undefined && workflowId !== undefined) problem(target, `a ${type} names a stepId or a workflowId, not both`);
    else if (type === 'goto' && stepId === undefined && workflowId === undefined) problem(target, 'a goto names the stepId or the workflowId to go to');
    if (type !== 'end' && stepId !== undefined && !stepIds.has(stepId)) problem(`${target}/stepId`, `no step ${stepId} in ${workflow.workflowId} to ${type === 'retry' ? 'run before the retry' : 'go to'}`);
    if (type !== 'end' && workflowId !== undefined && (typeof workflowId !== 'string' || missingWorkflow(workflowId, scope))) problem(`${target}/workflowId`, `${typeof workflowId === 'string' ? missingWorkflow(workflowId, scope) : `no workflow ${JSON.stringify(workflowId)}`} to go to`);
    const { retryLimit, retryAfter } = action as FailureAction;
    if (retryLimit !== undefined && (!Number.isInteger(retryLimit) || retryLimit < 0)) problem(`${target}/retryLimit`, 'retryLimit is a whole number, 0 or more');
    if (retryAfter !== undefined && (typeof retryAfter !== 'number' || !(retryAfter >= 0))) problem(`${target}/retryAfter`, 'retryAfter is a number of seconds, 0 or more');
    list(action.criteria, `${target}/criteria`, problem).forEach((criterion, criterionIndex) => checkCriterion(criterion, `${target}/criteria/${criterionIndex}`, problem));
  });
}

/** A step's or a workflow's outputs: each name as Arazzo allows, each value an expression that parses. */
function checkOutputs(outputs: Record<string, string> | undefined, at: string, problem: Report): void {
  if (outputs === undefined) return;
  if (!isObject(outputs)) return problem(at, 'outputs map names to runtime expressions');
  for (const [name, expression] of Object.entries(outputs)) {
    if (!/^[a-zA-Z0-9.\-_]+$/.test(name)) problem(`${at}/${escape(name)}`, `an output's name is letters, digits, \`.\`, \`-\` and \`_\`: not ${JSON.stringify(name)}`);
    checkValue(expression, `${at}/${escape(name)}`, problem);
  }
}

const CRITERION_TYPES = ['simple', 'regex', 'jsonpath', 'xpath'];

function checkCriterion(criterion: Criterion | null, at: string, problem: Report): void {
  if (!isObject(criterion)) return problem(at, 'a criterion is an object with a `condition`');
  if (typeof criterion.condition !== 'string') return problem(`${at}/condition`, 'a criterion needs a `condition`');
  const type = isObject(criterion.type) ? criterion.type.type : (criterion.type ?? 'simple');
  if (!CRITERION_TYPES.includes(type) || (isObject(criterion.type) && type === 'simple')) return problem(`${at}/type`, `a criterion's type is simple, regex, jsonpath or xpath, not ${JSON.stringify(type ?? null)}`);
  if (type !== 'simple' && criterion.context === undefined) problem(`${at}/context`, `a ${type} criterion needs a \`context\` (a runtime expression, such as $response.body)`);
  if (criterion.context !== undefined) {
    try {
      if (typeof criterion.context !== 'string') throw new Error('a criterion\'s context is a runtime expression, such as $response.body');
      parseExpression(criterion.context);
    } catch (error) {
      problem(`${at}/context`, (error as Error).message);
    }
  }
  try {
    // A simple condition parses as a whole; a regex or a JSONPath embeds its expressions as `{$…}`.
    if (type === 'simple') parseCondition(criterion.condition);
    else templateExpressions(criterion.condition);
  } catch (error) {
    problem(`${at}/condition`, (error as Error).message);
  }
}

/**
 * A value as a step reads it (evaluateValue): a `$…` string without spaces is one runtime
 * expression and must parse, and so must each `{$…}` in any other string; anything
 * else is a constant.
 */
function checkValue(value: unknown, at: string, problem: Report): void {
  if (typeof value === 'string') {
    try {
      if (isWholeExpression(value)) parseExpression(value);
      else templateExpressions(value);
    } catch (error) {
      problem(at, (error as Error).message);
    }
  } else if (Array.isArray(value)) value.forEach((item, index) => checkValue(item, `${at}/${index}`, problem));
  else if (isObject(value)) for (const [key, item] of Object.entries(value)) checkValue(item, `${at}/${escape(key)}`, problem);
}

/** A list where the document should have one: anything else is a problem, and no items. Its items are as the file has them (null, a string, …). */
function list<T>(value: readonly T[] | undefined, at: string, problem: Report): Array<T | null> {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value as Array<T | null>;
  problem(at, 'this must be a list');
  return [];
}

/** What the file has is not always what the types say: null, a string or a list where an object belongs. */
function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
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
