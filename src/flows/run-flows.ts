import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { runChecks } from '../contract/checks.js';
import { Redactor, secretNamesOf } from '../contract/redact.js';
import type { OpenApiDocument } from '../openapi/document.js';
import { listOperations, responseForStatus, type OperationSpec } from '../openapi/operations.js';
import { createSchemaValidator, type SchemaValidator } from '../schema/schema-validator.js';
import type { FailureAction, Parameter, RespondWith, Step, SuccessAction, Workflow } from './arazzo-types.js';
import { component, foreignWorkflow, isReusable } from './arazzo-types.js';
import { createJarFetch, type JarFetch } from './cookie-jar.js';
import { checkCriterion } from './criteria.js';
import type { CriterionOutcome, FlowsRun, FlowTargetKind, StepResult, WorkflowResult } from './flow-results.js';
import type { ArazzoFile } from './read-arazzo.js';
import { atPointer, evaluateValue, withValueAt, type ExpressionContext } from './runtime-expressions.js';
import { asContractCase, messageViews, sendStep, stepRequest } from './step-request.js';

/** Where a flows run sends its requests, and how it forces the mock's answers. */
export interface FlowTarget {
  kind: FlowTargetKind;
  baseUrl: string;
  /** The transport under the run's cookie jars (MSW intercepts the global fetch). Default: fetch. */
  fetch?: (request: Request) => Promise<Response>;
  /** The mock's control (`respond-with`); none on a live server. */
  respondWith?: (forced: RespondWith) => Promise<void>;
}

export interface RunFlowsOptions {
  document: OpenApiDocument;
  arazzo: ArazzoFile;
  target: FlowTarget;
  /** Only these workflows (and what they depend on). Default: every one. */
  workflowIds?: string[];
  /** `--input k=v`, over each workflow's input defaults. */
  inputs?: Record<string, string>;
  /** How a retry waits (tests pass one that records). Default: a timer. */
  sleep?: (ms: number) => Promise<void>;
  /** Per-request timeout. Default 15 s. */
  timeoutMs?: number;
  /** Called as each step is judged. */
  onStep?: (result: StepResult) => void;
  /** The jar the workflows run in, when the caller keeps using it afterwards (a live contract run in the session). Default: a new one per workflow. */
  jar?: JarFetch;
}

/** A runaway `goto` loop ends here, as a failure. */
const MAX_STEPS_PER_WORKFLOW = 500;

/**
 * Runs an Arazzo file's workflows against a target. Each workflow run has one cookie
 * jar (a nested workflow shares its caller's); each step's answer goes through the
 * contract's named checks (status, media type, schema, headers, envelope, the client's
 * view), then its successCriteria; onSuccess and onFailure (`end`, `goto`, `retry`,
 * waiting `Retry-After`) decide what comes next. Every secret sent or received is
 * redacted from the results.
 *
 * Our own runner, not @redocly/respect-core's: Respect keeps no cookie jar (it reads only
 * the last `Set-Cookie` line), sends its requests through its own fetch (so it cannot run
 * in-process against the MSW handlers), and judges a step by its own schema check, not
 * by the contract's named checks every other authkit report uses. Respect still runs our
 * cookie-free workflows in the tests, as a cross-check.
 */
export async function runFlows(options: RunFlowsOptions): Promise<FlowsRun> {
  const started = performance.now();
  const { document } = options.arazzo;
  const operations = listOperations(options.document);
  const validator = createSchemaValidator(options.document);
  const redactor = new Redactor(secretNamesOf(options.document));
  const run = new FlowRunner(options, operations, validator, redactor);
  const wanted = options.workflowIds ?? document.workflows.map((workflow) => workflow.workflowId);
  for (const id of wanted) if (!document.workflows.some((workflow) => workflow.workflowId === id)) throw new Error(`${options.arazzo.file} has no workflow ${id}; it has ${document.workflows.map((workflow) => workflow.workflowId).join(', ')}`);
  const results: WorkflowResult[] = [];
  for (const id of wanted) results.push(await run.top(id));
  const scrub = (text: string | undefined) => (text === undefined ? undefined : redactor.scrub(text));
  return {
    file: options.arazzo.file,
    target: options.target.kind,
    baseUrl: options.target.baseUrl,
    title: document.info?.title ?? 'Arazzo',
    version: document.info?.version ?? '',
    durationMs: Math.round(performance.now() - started),
    // Once more, with every secret the run learned: a result made early cannot know a token a later answer issued.
    workflows: results.map((workflow) => ({
      ...workflow,
      reason: scrub(workflow.reason),
      outputs: JSON.parse(redactor.scrub(JSON.stringify(workflow.outputs))) as Record<string, unknown>,
      steps: workflow.steps.map((step) => ({ ...step, reason: scrub(step.reason), checks: step.checks.map((check) => ({ ...check, message: scrub(check.message) })), criteria: step.criteria.map((criterion) => ({ ...criterion, message: scrub(criterion.message) })) })),
    })),
  };
}

class FlowRunner {
  private readonly finished = new Map<string, WorkflowResult>();
  private readonly workflows: Record<string, { inputs: Record<string, unknown>; outputs: Record<string, unknown> }> = {};
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });

  constructor(
    private readonly options: RunFlowsOptions,
    private readonly operations: OperationSpec[],
    private readonly validator: SchemaValidator,
    private readonly redactor: Redactor,
  ) {
    (addFormats as unknown as (ajv: Ajv2020) => void)(this.ajv);
  }

  private get document() {
    return this.options.arazzo.document;
  }

  /** A workflow the run asked for: its dependencies first, each once; its own jar. */
  async top(workflowId: string): Promise<WorkflowResult> {
    const done = this.finished.get(workflowId);
    if (done) return done;
    const workflow = this.document.workflows.find((candidate) => candidate.workflowId === workflowId);
    if (!workflow) return this.remember({ workflowId, result: 'fail', reason: notHere(workflowId), steps: [], outputs: {}, durationMs: 0 });
    for (const dependency of workflow.dependsOn ?? []) {
      const result = await this.top(dependency);
      if (result.result !== 'pass') return this.remember({ workflowId, summary: workflow.summary, result: 'fail', reason: `it depends on ${dependency}, which ${result.result === 'skipped' ? 'was skipped' : 'failed'}${result.steps.length === 0 && result.reason ? `: ${result.reason}` : ''}`, steps: [], outputs: {}, durationMs: 0 });
    }
    const mockOnly = workflow['x-authkit-mock-only'];
    if (mockOnly && !this.options.target.respondWith) {
      return this.remember({ workflowId, summary: workflow.summary, result: 'skipped', reason: `mock only${typeof mockOnly === 'string' ? `: ${mockOnly}` : ''}; this run is against a live server`, steps: [], outputs: {}, durationMs: 0 });
    }
    return this.remember(await this.runWorkflow(workflow, this.options.inputs ?? {}, this.options.jar ?? createJarFetch(this.options.target.fetch)));
  }

  private remember(result: WorkflowResult): WorkflowResult {
    this.finished.set(result.workflowId, result);
    return result;
  }

  private async runWorkflow(workflow: Workflow, given: Record<string, unknown>, jar: JarFetch): Promise<WorkflowResult> {
    const started = performance.now();
    const steps: StepResult[] = [];
    const finish = (result: 'pass' | 'fail', reason?: string, outputs: Record<string, unknown> = {}): WorkflowResult => ({ workflowId: workflow.workflowId, summary: workflow.summary, result, ...(reason ? { reason } : {}), steps, outputs, durationMs: Math.round(performance.now() - started) });
    const inputs = this.inputsOf(workflow, given);
    if (typeof inputs === 'string') return finish('fail', inputs);
    const context: ExpressionContext = {
      inputs,
      outputs: {},
      steps: {},
      workflows: this.workflows,
      sourceDescriptions: Object.fromEntries(this.document.sourceDescriptions.map((source) => [source.name, { url: source.url }])),
      components: this.document.components as Record<string, Record<string, unknown>> | undefined,
    };
    this.workflows[workflow.workflowId] = { inputs, outputs: {} };
    let index = 0;
    let taken = 0;
    const retries = new Map<string, number>();
    while (index < workflow.steps.length) {
      if ((taken += 1) > MAX_STEPS_PER_WORKFLOW) return finish('fail', `more than ${MAX_STEPS_PER_WORKFLOW} steps were taken: a goto loop?`);
      const step = workflow.steps[index]!;
      const attempts = (retries.get(step.stepId) ?? 0) + 1;
      const outcome = await this.runStep(workflow, step, context, jar, attempts);
      const result: StepResult = { ...outcome.result, attempts };
      const previous = steps.findIndex((candidate) => candidate.stepId === step.stepId && candidate.result === 'fail' && candidate.attempts === attempts - 1);
      if (previous !== -1) steps.splice(previous, 1);
      steps.push(result);
      this.options.onStep?.(result);
      if (result.result === 'pass') {
        context.steps[step.stepId] = { outputs: outcome.outputs };
        const action = this.firstAction(workflow.successActions, step.onSuccess, 'successActions', outcome.context) as SuccessAction | undefined;
        if (!action) {
          index += 1;
          continue;
        }
        if (action.type === 'end') break;
        const next = await this.go(workflow, action, context, jar, steps);
        if (next === 'end') break;
        if (typeof next === 'string') return finish('fail', next);
        index = next;
        continue;
      }
      const action = this.firstAction(workflow.failureActions, step.onFailure, 'failureActions', outcome.context) as FailureAction | undefined;
      if (!action || action.type === 'end') return finish('fail', `step ${step.stepId} failed: ${result.reason}`);
      if (action.type === 'retry') {
        const limit = action.retryLimit ?? 1;
        if (attempts > limit) return finish('fail', `step ${step.stepId} failed after ${attempts} attempts: ${result.reason}`);
        retries.set(step.stepId, attempts);
        // The server's Retry-After wins over the document's retryAfter (Arazzo: it SHOULD).
        const header = outcome.context.response?.headers['retry-after'];
        const seconds = header !== undefined && /^\d+$/.test(header) ? Number(header) : (action.retryAfter ?? 0);
        await (this.options.sleep ?? delay)(seconds * 1000);
        // With a target: run it first (a step of this workflow, or another workflow), then retry.
        const detourStep = action.stepId === undefined ? undefined : workflow.steps.find((candidate) => candidate.stepId === action.stepId);
        if (detourStep) {
          const detour = await this.runStep(workflow, detourStep, context, jar);
          steps.push({ ...detour.result, attempts: 1 });
          if (detour.result.result === 'pass') context.steps[detourStep.stepId] = { outputs: detour.outputs };
        } else if (action.workflowId) {
          const detour = await this.go(workflow, { ...action, type: 'goto' }, context, jar, steps);
          if (typeof detour === 'string' && detour !== 'end') return finish('fail', detour);
        }
        continue;
      }
      const next = await this.go(workflow, action, context, jar, steps);
      if (next === 'end') break;
      if (typeof next === 'string') return finish('fail', next);
      index = next;
    }
    const outputs = Object.fromEntries(Object.entries(workflow.outputs ?? {}).map(([name, expression]) => [name, evaluateValue(expression, context)]));
    this.workflows[workflow.workflowId] = { inputs, outputs };
    context.outputs = outputs;
    return finish('pass', undefined, outputs);
  }

  /** A `goto`: the index of a step of this workflow, or (for another workflow) that workflow run in this jar, then `end`. */
  private async go(workflow: Workflow, action: SuccessAction | FailureAction, context: ExpressionContext, jar: JarFetch, steps: StepResult[]): Promise<number | 'end' | string> {
    if (action.stepId !== undefined) return workflow.steps.findIndex((candidate) => candidate.stepId === action.stepId);
    if (action.workflowId !== undefined) {
      const other = this.document.workflows.find((candidate) => candidate.workflowId === action.workflowId);
      if (!other) return notHere(action.workflowId);
      const result = await this.runWorkflow(other, {}, jar);
      steps.push(...result.steps);
      return result.result === 'pass' ? 'end' : `workflow ${other.workflowId} failed: ${result.reason}`;
    }
    return 'end';
  }

  private async runStep(workflow: Workflow, step: Step, context: ExpressionContext, jar: JarFetch, attempt = 1): Promise<{ result: Omit<StepResult, 'attempts'>; outputs: Record<string, unknown>; context: ExpressionContext }> {
    const started = performance.now();
    const base = { workflowId: workflow.workflowId, stepId: step.stepId };
    const failed = (target: string, reason: string, extra: Partial<StepResult> = {}) => ({ result: { ...base, target, result: 'fail' as const, checks: [], criteria: [], reason, durationMs: Math.round(performance.now() - started), ...extra }, outputs: {}, context });
    const parameters = this.parametersOf(workflow, step, context);
    if (step.workflowId !== undefined) {
      const nested = this.document.workflows.find((candidate) => candidate.workflowId === step.workflowId);
      if (!nested) return failed(`workflow ${step.workflowId}`, notHere(step.workflowId));
      const inputs = Object.fromEntries(parameters.map((parameter) => [parameter.name, parameter.value]));
      const result = await this.runWorkflow(nested, inputs, jar);
      const stepContext = { ...context };
      if (result.result !== 'pass') return failed(`workflow ${nested.workflowId}`, `workflow ${nested.workflowId} failed: ${result.reason}`);
      const outputs = Object.fromEntries(Object.entries(step.outputs ?? {}).map(([name, expression]) => [name, evaluateValue(expression, stepContext)]));
      return { result: { ...base, target: `workflow ${nested.workflowId}`, result: 'pass', checks: [], criteria: [], durationMs: Math.round(performance.now() - started) }, outputs: { ...result.outputs, ...outputs }, context: stepContext };
    }
    const operation = this.operationOf(step);
    if (!operation) return failed(step.operationId ?? step.operationPath ?? '?', `the API has no operation ${step.operationId ?? step.operationPath}`);
    const target = operation.operationId;
    // The mock is told once, before the first attempt: a retry meets what follows the forced answers.
    for (const forced of attempt === 1 ? [step['x-authkit-respond-with'] ?? []].flat() : []) {
      if (!this.options.target.respondWith) return failed(target, 'it needs the mock\'s control (x-authkit-respond-with), which a live server has not');
      await this.options.target.respondWith(forced);
    }
    let body = step.requestBody ? evaluateValue(step.requestBody.payload, context) : undefined;
    for (const replacement of step.requestBody?.replacements ?? []) body = withValueAt(body, replacement.target, evaluateValue(replacement.value, context));
    const request = stepRequest(operation, parameters, body, step.requestBody?.contentType);
    const exchange = await sendStep(request, { baseUrl: this.options.target.baseUrl, fetch: jar.fetch, lastSent: jar.lastSent, redactor: this.redactor, timeoutMs: this.options.timeoutMs ?? 15_000 });
    const where = { method: operation.method.toUpperCase(), path: operation.path };
    if (!exchange.wire) return failed(target, `no response: ${(exchange.client.error as Error | undefined)?.message ?? 'unknown failure'}`, where);
    const views = messageViews(request, exchange);
    const stepContext: ExpressionContext = { ...context, url: exchange.url, method: where.method, statusCode: exchange.wire.status, request: views.request, response: views.response };
    const checks = runChecks({ contractCase: asContractCase(request, exchange.wire.status), documented: responseForStatus(operation, exchange.wire.status), wire: exchange.wire, client: exchange.client, forced: false, validator: this.validator, document: this.document });
    const criteria: CriterionOutcome[] = (step.successCriteria ?? []).map((criterion) => {
      const outcome = checkCriterion(criterion, stepContext);
      return { condition: criterion.condition, passed: outcome.passed, ...(outcome.message ? { message: outcome.message } : {}) };
    });
    const problems = [...checks.filter((check) => check.outcome === 'fail').map((check) => `${check.name}: ${check.message}`), ...criteria.filter((criterion) => !criterion.passed).map((criterion) => `successCriteria: ${criterion.message}`)];
    const result = { ...base, target, ...where, status: exchange.wire.status, result: problems.length === 0 ? ('pass' as const) : ('fail' as const), checks, criteria, ...(problems.length > 0 ? { reason: problems.join('\n') } : {}), durationMs: Math.round(exchange.durationMs) };
    const outputs = problems.length === 0 ? Object.fromEntries(Object.entries(step.outputs ?? {}).map(([name, expression]) => [name, evaluateValue(expression, stepContext)])) : {};
    for (const value of Object.values(outputs)) if (typeof value === 'string' && value.length >= 16) this.redactor.learnValue(value);
    return { result, outputs, context: stepContext };
  }

  /** The workflow's parameters, then the step's over them (same name and place), each resolved and evaluated. */
  private parametersOf(workflow: Workflow, step: Step, context: ExpressionContext): Parameter[] {
    const resolve = (entry: Parameter | { reference: string; value?: unknown }): Parameter => {
      if (!isReusable(entry)) return entry;
      const name = entry.reference.replace(/^\$components\.parameters\./, '');
      const shared = component(this.document, 'parameters', name);
      if (!shared) throw new Error(`no parameter ${entry.reference} in the components`);
      return { ...shared, ...(entry.value !== undefined ? { value: entry.value } : {}) };
    };
    const byKey = new Map<string, Parameter>();
    for (const entry of [...(step.workflowId === undefined ? (workflow.parameters ?? []) : []), ...(step.parameters ?? [])]) {
      const parameter = resolve(entry);
      byKey.set(`${parameter.in ?? ''}:${parameter.in === 'header' ? parameter.name.toLowerCase() : parameter.name}`, parameter);
    }
    return [...byKey.values()].map((parameter) => ({ ...parameter, value: evaluateValue(parameter.value, context) }));
  }

  /** The first action (the workflow's, then the step's) whose criteria all hold: Arazzo runs that one. */
  private firstAction(shared: Array<SuccessAction | FailureAction | { reference: string }> | undefined, own: Array<SuccessAction | FailureAction | { reference: string }> | undefined, kind: 'successActions' | 'failureActions', context: ExpressionContext): SuccessAction | FailureAction | undefined {
    const resolve = (entry: SuccessAction | FailureAction | { reference: string }): SuccessAction | FailureAction | undefined => {
      if (!isReusable(entry)) return entry as SuccessAction | FailureAction;
      const name = entry.reference.replace(new RegExp(`^\\$components\\.${kind}\\.`), '');
      return component(this.document, kind, name);
    };
    // The step's own override the workflow's of the same name.
    const actions = new Map<string, SuccessAction | FailureAction>();
    for (const entry of [...(shared ?? []), ...(own ?? [])]) {
      const action = resolve(entry);
      if (action) actions.set(action.name, action);
    }
    return [...actions.values()].find((action) => (action.criteria ?? []).every((criterion) => checkCriterion(criterion, context).passed));
  }

  private operationOf(step: Step): OperationSpec | undefined {
    if (step.operationId !== undefined) {
      const id = step.operationId.replace(/^\$sourceDescriptions\.[^.]+\./, '');
      return this.operations.find((operation) => operation.operationId === id);
    }
    // `{$sourceDescriptions.auth.url}#/paths/~1api~1v1~1auth~1login/post`
    const pointer = step.operationPath?.split('#')[1];
    const [, paths, path, method] = pointer?.split('/') ?? [];
    if (paths !== 'paths' || !path || !method) return undefined;
    const decoded = path.replace(/~1/g, '/').replace(/~0/g, '~');
    return this.operations.find((operation) => operation.path === decoded && operation.method === method.toLowerCase());
  }

  /** The workflow's inputs: its schema's defaults, then what was given; `{$uuid}` in a text value is a fresh uuid each run. */
  private inputsOf(workflow: Workflow, given: Record<string, unknown>): Record<string, unknown> | string {
    const schema = this.resolveInputs(workflow.inputs);
    const defaults = Object.fromEntries(Object.entries((schema?.properties ?? {}) as Record<string, { default?: unknown }>).filter(([, property]) => property.default !== undefined).map(([name, property]) => [name, property.default]));
    const known = new Set(Object.keys((schema?.properties ?? {}) as object));
    const inputs: Record<string, unknown> = { ...defaults };
    for (const [name, value] of Object.entries(given)) if (known.size === 0 || known.has(name)) inputs[name] = value;
    for (const [name, value] of Object.entries(inputs)) if (typeof value === 'string') inputs[name] = value.replace(/\{\$uuid\}/g, () => globalThis.crypto.randomUUID());
    if (schema) {
      const coerced = coerceInputs(schema, inputs);
      const valid = this.ajv.validate(schema, coerced);
      if (!valid) return `its inputs do not match their schema: ${(this.ajv.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message}`).join('; ')}`;
      return coerced;
    }
    return inputs;
  }

  private resolveInputs(schema: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
    const ref = schema?.$ref;
    if (typeof ref === 'string' && ref.startsWith('#/components/inputs/')) return component(this.document, 'inputs', ref.slice('#/components/inputs/'.length));
    return schema;
  }
}

/** `--input count=3` arrives as text: numbers and booleans become what the schema says. */
function coerceInputs(schema: Record<string, unknown>, inputs: Record<string, unknown>): Record<string, unknown> {
  const properties = (schema.properties ?? {}) as Record<string, { type?: unknown }>;
  return Object.fromEntries(
    Object.entries(inputs).map(([name, value]) => {
      const type = properties[name]?.type;
      if (typeof value !== 'string') return [name, value];
      if ((type === 'integer' || type === 'number') && value.trim() !== '' && !Number.isNaN(Number(value))) return [name, Number(value)];
      if (type === 'boolean' && (value === 'true' || value === 'false')) return [name, value === 'true'];
      return [name, value];
    }),
  );
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Why a workflow cannot be run: `$sourceDescriptions.other.setup` lives in another Arazzo
 * document, which this runner does not load (read-arazzo checks that any other id exists).
 */
function notHere(workflowId: string): string {
  const foreign = foreignWorkflow(workflowId);
  return foreign ? `workflow ${foreign.workflowId} is in another Arazzo document (${foreign.source}); this runner runs the workflows of one file` : `no workflow ${workflowId}`;
}
