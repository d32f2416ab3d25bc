import { deref, type OpenApiDocument } from '../openapi/document.js';
import { listOperations, type OperationSpec, type ResponseSpec } from '../openapi/operations.js';
import type { Change, ChangeKind, ContractDiff } from './change.js';
import { diffSchemas, type Direction } from './schema-diff.js';

// Hand-written, not `redocly diff` (Redocly CLI 2.77, experimental), which was run on the
// same table as test/unit/diff.test.ts. With `diff-recommended` it rates 17 of 18 kinds as
// a client would, but: a change to a shared component is reported once, under the first
// operation that uses it, so a gate cannot say which calls break; an enum value removed
// from a response is a patch; it only rates breaking changes when the nearest
// redocly.yaml turns diff rules on (this repo's does not: everything became a passing
// patch); it exits 1 alike for a breaking change and a file it cannot read; and it
// prints a Node 20 deprecation box on every run. npm's openapi-diff reads no OpenAPI
// 3.1, and oasdiff is a Go binary. The walk below is over the bundled documents, with
// each change judged by the direction the values flow (schema-diff.ts).

export interface DiffInput {
  document: OpenApiDocument;
  /** What the version is called in reports: a git ref or a file. */
  label: string;
}

/** Every change from `base` to `head`, each judged breaking or not for a client of the API. */
export function diffContracts(base: DiffInput, head: DiffInput): ContractDiff {
  const sides = { base: base.document, head: head.document };
  const changes: Change[] = [];
  const add = (operation: string | undefined, where: string, kind: ChangeKind, breaking: boolean, message: string) => changes.push({ kind, breaking, ...(operation ? { operation } : {}), where, message });

  const keyOf = (operation: OperationSpec) => `${operation.method} ${operation.path.replace(/\{[^}]+\}/g, '{}')}`;
  const before = new Map(listOperations(base.document).map((operation) => [keyOf(operation), operation]));
  const after = new Map(listOperations(head.document).map((operation) => [keyOf(operation), operation]));
  for (const [key, operation] of before) {
    const label = `${operation.method.toUpperCase()} ${operation.path}`;
    const next = after.get(key);
    if (!next) {
      add(label, 'operation', 'operation-removed', true, 'operation removed');
      continue;
    }
    const schemaChanges = (direction: Direction, where: string, baseSchema: unknown, headSchema: unknown) =>
      diffSchemas(sides, baseSchema, headSchema, direction, (change) => add(label, `${where} ${change.pointer}`.trim(), change.kind, change.breaking, change.message));

    compareSecurity(operation, next, (kind, breaking, message) => add(label, 'security', kind, breaking, message));
    compareParameters(operation, next, label, add, schemaChanges);
    compareRequestBody(base.document, head.document, operation, next, label, add, schemaChanges);
    compareResponses(operation, next, label, add, schemaChanges);
  }
  for (const [key, operation] of after) if (!before.has(key)) add(`${operation.method.toUpperCase()} ${operation.path}`, 'operation', 'operation-added', false, 'operation added');

  const breaking = changes.some((change) => change.breaking);
  const major = (document: OpenApiDocument) => Number(/^v?(\d+)/.exec(String(document.info?.version ?? ''))?.[1] ?? NaN);
  return {
    base: { title: String(base.document.info?.title ?? 'API'), version: String(base.document.info?.version ?? ''), label: base.label },
    head: { title: String(head.document.info?.title ?? 'API'), version: String(head.document.info?.version ?? ''), label: head.label },
    changes,
    breaking,
    majorBump: major(head.document) > major(base.document),
  };
}

type Add = (operation: string | undefined, where: string, kind: ChangeKind, breaking: boolean, message: string) => void;
type SchemaChanges = (direction: Direction, where: string, baseSchema: unknown, headSchema: unknown) => void;

/**
 * An old client meets one of the old requirements (a set of schemes). It still gets in
 * when some new requirement asks for no more than that set; otherwise its calls fail.
 */
function compareSecurity(before: OperationSpec, after: OperationSpec, add: (kind: ChangeKind, breaking: boolean, message: string) => void): void {
  const sets = (operation: OperationSpec) => (operation.security.length === 0 ? [[]] : operation.security.map((requirement) => Object.keys(requirement).sort()));
  const describe = (set: string[]) => (set.length === 0 ? 'no credentials' : set.join(' + '));
  const old = sets(before);
  const now = sets(after);
  const stranded = old.filter((set) => !now.some((candidate) => candidate.every((scheme) => set.includes(scheme))));
  for (const set of stranded) add('security-requirement-added', true, `a client with ${describe(set)} is now refused: it needs ${now.map(describe).join(' or ')}`);
  const opened = now.filter((set) => !old.some((candidate) => candidate.every((scheme) => set.includes(scheme))) && stranded.length === 0);
  for (const set of opened) add('security-requirement-removed', false, `${describe(set)} is now accepted`);
}

function compareParameters(before: OperationSpec, after: OperationSpec, label: string, add: Add, schemaChanges: SchemaChanges): void {
  const keyOf = (parameter: { in: string; name: string }) => `${parameter.in} ${parameter.in === 'header' ? parameter.name.toLowerCase() : parameter.name}`;
  const old = new Map(before.parameters.filter((parameter) => parameter.in !== 'path').map((parameter) => [keyOf(parameter), parameter]));
  const now = new Map(after.parameters.filter((parameter) => parameter.in !== 'path').map((parameter) => [keyOf(parameter), parameter]));
  for (const [key, parameter] of now) {
    const was = old.get(key);
    const where = `${parameter.in} parameter ${parameter.name}`;
    if (!was) add(label, where, parameter.required ? 'parameter-added-required' : 'parameter-added', parameter.required === true, `${parameter.required ? 'required' : 'optional'} ${where} added`);
    else if (!was.required && parameter.required) add(label, where, 'parameter-made-required', true, `${where} is now required`);
    else if (was.required && !parameter.required) add(label, where, 'parameter-made-optional', false, `${where} is now optional`);
    if (was) schemaChanges('request', where, was.schema, parameter.schema);
  }
  // A parameter the API no longer reads: old clients still send it, and it is ignored.
  for (const [key, parameter] of old) if (!now.has(key)) add(label, `${parameter.in} parameter ${parameter.name}`, 'parameter-removed', false, `${parameter.in} parameter ${parameter.name} removed`);
  const pathParameters = (operation: OperationSpec) => operation.parameters.filter((parameter) => parameter.in === 'path');
  pathParameters(after).forEach((parameter, index) => {
    const was = pathParameters(before)[index];
    if (was) schemaChanges('request', `path parameter ${parameter.name}`, was.schema, parameter.schema);
  });
}

function compareRequestBody(base: OpenApiDocument, head: OpenApiDocument, before: OperationSpec, after: OperationSpec, label: string, add: Add, schemaChanges: SchemaChanges): void {
  const was = before.requestBody;
  const now = after.requestBody;
  if (!now) return;
  if (!was) {
    if (now.required) add(label, 'request body', 'request-body-added-required', true, 'a required request body was added');
    return;
  }
  if (!was.required && now.required) add(label, 'request body', 'request-body-made-required', true, 'the request body is now required');
  if (was.required && !now.required) add(label, 'request body', 'request-body-made-optional', false, 'the request body is now optional');
  for (const [mediaType, media] of Object.entries(was.content ?? {})) {
    const next = (now.content ?? {})[mediaType];
    if (!next) add(label, `request body ${mediaType}`, 'request-media-type-removed', true, `request body ${mediaType} is no longer taken`);
    else schemaChanges('request', `request body`, deref(base, media).schema, deref(head, next).schema);
  }
  for (const mediaType of Object.keys(now.content ?? {})) if (!(mediaType in (was.content ?? {}))) add(label, `request body ${mediaType}`, 'request-media-type-added', false, `request body ${mediaType} is now taken too`);
}

function compareResponses(before: OperationSpec, after: OperationSpec, label: string, add: Add, schemaChanges: SchemaChanges): void {
  const now = new Map(after.responses.map((response) => [response.key.toUpperCase(), response]));
  const was = new Map(before.responses.map((response) => [response.key.toUpperCase(), response]));
  for (const [key, response] of was) {
    const next = now.get(key);
    // A client that handles this status documents a case the API no longer promises: its code and types drift.
    if (!next) {
      add(label, `response ${key}`, 'response-status-removed', true, `response ${key} removed`);
      continue;
    }
    compareHeaders(response, next, label, key, add, schemaChanges);
    for (const [mediaType, media] of Object.entries(response.content)) {
      const nextMedia = next.content[mediaType];
      if (!nextMedia) add(label, `response ${key} ${mediaType}`, 'response-media-type-removed', true, `response ${key} is no longer sent as ${mediaType}`);
      else schemaChanges('response', `response ${key}`, media.schema, nextMedia.schema);
    }
    for (const mediaType of Object.keys(next.content)) if (!(mediaType in response.content)) add(label, `response ${key} ${mediaType}`, 'response-media-type-added', false, `response ${key} may also come as ${mediaType}`);
  }
  for (const key of now.keys()) if (!was.has(key)) add(label, `response ${key}`, 'response-status-added', false, `response ${key} added`);
}

function compareHeaders(before: ResponseSpec, after: ResponseSpec, label: string, status: string, add: Add, schemaChanges: SchemaChanges): void {
  const lower = (headers: ResponseSpec['headers']) => new Map(Object.entries(headers).map(([name, header]) => [name.toLowerCase(), { name, header }]));
  const old = lower(before.headers);
  const now = lower(after.headers);
  for (const [key, { name, header }] of old) {
    const next = now.get(key);
    const where = `response ${status} header ${name}`;
    if (!next) add(label, where, 'response-header-removed', header.required === true, `header ${name} removed`);
    else {
      if (header.required && !next.header.required) add(label, where, 'response-header-made-optional', true, `header ${name} is no longer always sent`);
      schemaChanges('response', where, header.schema, next.header.schema);
    }
  }
  for (const [key, { name }] of now) if (!old.has(key)) add(label, `response ${status} header ${name}`, 'response-header-added', false, `header ${name} added`);
}
