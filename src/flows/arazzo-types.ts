/**
 * Arazzo 1.0.1 (OpenAPI Initiative), as much of it as a runner reads: one type per
 * object of the specification, named as it names them.
 */
export interface ArazzoDocument {
  arazzo: string;
  info: { title: string; version: string; summary?: string; description?: string };
  sourceDescriptions: SourceDescription[];
  workflows: Workflow[];
  components?: Components;
}

export interface SourceDescription {
  name: string;
  url: string;
  type?: 'openapi' | 'arazzo';
}

export interface Workflow {
  workflowId: string;
  summary?: string;
  description?: string;
  /** A JSON Schema for the workflow's inputs. */
  inputs?: Record<string, unknown>;
  dependsOn?: string[];
  steps: Step[];
  successActions?: Array<SuccessAction | ReusableObject>;
  failureActions?: Array<FailureAction | ReusableObject>;
  outputs?: Record<string, string>;
  parameters?: Array<Parameter | ReusableObject>;
  /** authkit's: the workflow needs the mock's control (respond-with); a live run skips it, with this reason. */
  'x-authkit-mock-only'?: string | boolean;
}

export interface Step {
  stepId: string;
  description?: string;
  operationId?: string;
  operationPath?: string;
  workflowId?: string;
  parameters?: Array<Parameter | ReusableObject>;
  requestBody?: RequestBody;
  successCriteria?: Criterion[];
  onSuccess?: Array<SuccessAction | ReusableObject>;
  onFailure?: Array<FailureAction | ReusableObject>;
  outputs?: Record<string, string>;
  /** authkit's: answers the mock is told to give before this step runs (its `respond-with`). */
  'x-authkit-respond-with'?: RespondWith | RespondWith[];
}

export interface RespondWith {
  operationId: string;
  status: number;
  times?: number;
  example?: string;
  headers?: Record<string, string | number>;
}

export interface Parameter {
  name: string;
  in?: 'path' | 'query' | 'header' | 'cookie';
  value: unknown;
}

export interface ReusableObject {
  reference: string;
  value?: unknown;
}

export interface RequestBody {
  contentType?: string;
  payload?: unknown;
  replacements?: Array<{ target: string; value: unknown }>;
}

export type CriterionType = 'simple' | 'regex' | 'jsonpath' | 'xpath';

export interface Criterion {
  context?: string;
  condition: string;
  type?: CriterionType | { type: 'jsonpath' | 'xpath'; version: string };
}

export interface SuccessAction {
  name: string;
  type: 'end' | 'goto';
  workflowId?: string;
  stepId?: string;
  criteria?: Criterion[];
}

export interface FailureAction {
  name: string;
  type: 'end' | 'goto' | 'retry';
  workflowId?: string;
  stepId?: string;
  retryAfter?: number;
  retryLimit?: number;
  criteria?: Criterion[];
}

export interface Components {
  inputs?: Record<string, Record<string, unknown>>;
  parameters?: Record<string, Parameter>;
  successActions?: Record<string, SuccessAction>;
  failureActions?: Record<string, FailureAction>;
}

export function isReusable(value: unknown): value is ReusableObject {
  return value !== null && typeof value === 'object' && typeof (value as { reference?: unknown }).reference === 'string';
}

/**
 * A named entry of the document's components, only if the file has it: `__proto__` or
 * `constructor` name nothing, not what every object inherits.
 */
export function component<Kind extends keyof Components>(document: ArazzoDocument, kind: Kind, name: string): NonNullable<Components[Kind]>[string] | undefined {
  const entries = document.components?.[kind];
  return entries !== null && typeof entries === 'object' && Object.hasOwn(entries, name) ? ((entries as Record<string, unknown>)[name] as NonNullable<Components[Kind]>[string]) : undefined;
}

/** `$sourceDescriptions.<name>.<workflowId>`: a workflow of another Arazzo document. */
export function foreignWorkflow(id: string): { source: string; workflowId: string } | undefined {
  const match = /^\$sourceDescriptions\.([^.]+)\.(.+)$/.exec(id);
  return match ? { source: match[1]!, workflowId: match[2]! } : undefined;
}
