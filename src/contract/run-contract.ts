import pMap from 'p-map';
import { createApiClient } from '../client/index.js';
import type { OpenApiDocument } from '../openapi/document.js';
import { documentedStatuses, listOperations, responseForStatus, type OperationSpec } from '../openapi/operations.js';
import { responseFindings, responsePairKey } from './response-findings.js';
import { UNSATISFIABLE } from '../schema/sample-values.js';
import { buildCases } from './build-cases.js';
import { caseId, type CaseResult, type CheckName, type CheckResult, type ContractCase } from './cases.js';
import { runChecks, type WireResponse } from './checks.js';
import { Redactor, secretNamesOf } from './redact.js';
import { shortenReason } from './reason.js';
import type { ExampleFinding } from '../schema/sample-values.js';
import type { SchemaValidator } from '../schema/schema-validator.js';
import { createSharedValidator } from './shared-validator.js';
import { canUseWireFetch, createWireFetch, type WireFetch } from './wire-fetch.js';
import { takesUrlAndInit } from '../client/url-init-fetch.js';
import { takeShard, type Shard, type ShardRecord } from './shard.js';

export type RunMode = 'mock' | 'live';

/**
 * What answered: the mock server (Prism's engine), MSW handlers in this process, a
 * Prism proxy in front of a server, or a live server.
 */
export type ContractTarget = 'mock' | 'msw' | 'proxy' | 'live';

export interface ServerDiagnostics {
  running: boolean;
  lines: string[];
}

export interface RunContractOptions {
  document: OpenApiDocument;
  baseUrl: string;
  /** `mock`: every documented status is forced with `Prefer: code=N`. `live`: statuses are only observed. */
  mode: RunMode;
  /** What answers, for the reports. Default: `mock` for a mock run, `live` otherwise. */
  target?: ContractTarget;
  /** Requests in flight at once. Default 8. */
  concurrency?: number;
  /** Per-request timeout. Default 15 s. */
  timeoutMs?: number;
  /** The server's state and last log lines, shown when requests fail for want of a server. */
  diagnostics?: () => ServerDiagnostics | undefined;
  /** Called as each case of a mock run is judged: progress output, or a test's hook. */
  onCaseDone?: (result: CaseResult) => void;
  /** Called as each request of the run completes: how many of how many, passed and failed so far. */
  onProgress?: (progress: RunProgress) => void;
  /** Run only this slice of the operations (`--shard 2/3`); the report then records the whole run's ids. */
  shard?: Shard;
  /** The matrix, built beforehand from this same document (prepareContract). */
  prepared?: PreparedContract;
  /**
   * A live run made in a session a workflow opened (`--session-flow`): its requests go
   * through the session's cookie jar in place of the sampled credentials (the cookies
   * named here), and `order` sends the operations that end or rotate a session last.
   */
  session?: LiveSession;
}

export interface LiveSession {
  fetch: (request: Request) => Promise<Response>;
  /** The sampled cookies the session's own stand in for. */
  cookieNames: ReadonlySet<string>;
  /** Operations of a lower rank go first; each rank waits for the one before (reads, then revokes, rotations, and the sign-out last). */
  rank: (operation: OperationSpec) => number;
}

export interface RunProgress {
  done: number;
  total: number;
  passed: number;
  failed: number;
}

export interface ContractRun {
  mode: RunMode;
  target: ContractTarget;
  baseUrl: string;
  title: string;
  version: string;
  durationMs: number;
  /** One per (operation, documented status). */
  pairs: CaseResult[];
  /** Missing credentials and invalid bodies, derived from the spec. */
  negatives: CaseResult[];
  /** What is wrong with the spec itself, found while building requests: examples that break their schemas. */
  findings: ExampleFinding[];
  /** Formats the schemas use that no validator knows (not checked), and how many schemas use each. */
  unknownFormats: Record<string, number>;
  /** Which slice this run is, and what the whole run holds, when it is one (`--shard`). */
  shard?: ShardRecord;
}

interface Exchange {
  contractCase: ContractCase;
  wire?: WireResponse;
  client: { status: number; data: unknown; error: unknown };
  durationMs: number;
}

/** What every case of one run shares. */
interface RunContext {
  options: RunContractOptions;
  validator: SchemaValidator;
  /** Knows every secret the run has sent or received so far. */
  redactor: Redactor;
  /** The typed client, one for the run: each call brings its own fetch. */
  api: ReturnType<typeof createApiClient<any>>;
  /** The run's own exchange with a mock (wire-fetch.ts); fetch() where it is undefined. */
  wireFetch?: WireFetch;
}

async function send(contractCase: ContractCase, { options, redactor, api, wireFetch }: RunContext, force: boolean): Promise<Exchange> {
  let wire: WireResponse | undefined;
  // Per call, so that each exchange's wire is its own: one client serves the whole run.
  // The run's own exchange takes the client's (url, init) as it is: no Request built per call.
  const viaWire =
    wireFetch &&
    takesUrlAndInit(async (url, init) => {
      // Learned from what is sent, so that whatever the client added is known too.
      if (init.headers) redactor.learnHeaders(init.headers instanceof Headers ? init.headers : new Headers(init.headers));
      const exchange = await wireFetch.send(url, init);
      redactor.learnHeaders(exchange.response.headers);
      wire = exchange.wire;
      return exchange.response;
    });
  const viaFetch = async (request: Request) => {
    redactor.learnHeaders(request.headers);
    // The session's jar for what a client in that session sends; the negative cases (no credentials, a bad body) go as they always do.
    const response = await (contractCase.kind === 'documented' && options.session ? options.session.fetch : fetch)(request);
    redactor.learnHeaders(response.headers);
    wire = { status: response.status, headers: response.headers, text: await response.clone().text() };
    return response;
  };
  const { request } = contractCase;
  const cookie = Object.entries(request.cookies)
    .filter(([name]) => contractCase.kind !== 'documented' || !options.session?.cookieNames.has(name))
    .map(([name, value]) => `${name}=${value}`)
    .join('; ');
  // A spec that declares its own `Prefer` header (RFC 7240's respond-async, say) has
  // Prism validate it: the status is then forced with Prism's `__code` query instead.
  const ownPrefer = contractCase.operation.parameters.some((parameter) => parameter.in === 'header' && parameter.name.toLowerCase() === 'prefer');
  const headers: Record<string, string> = {
    ...request.headers,
    ...(cookie ? { Cookie: cookie } : {}),
    ...(force && !ownPrefer ? { Prefer: `code=${contractCase.status}` } : {}),
    ...(request.accept ? { Accept: request.accept } : {}),
    // FormData sets its own multipart type, with the boundary.
    ...(request.mediaType && !(request.body instanceof FormData) ? { 'Content-Type': request.mediaType } : {}),
  };
  const query = force && ownPrefer ? { ...request.query, __code: contractCase.status } : request.query;
  const call = (api as unknown as Record<string, (path: string, init: object) => Promise<{ status: number; data: unknown; error: unknown }>>)[request.method.toUpperCase()]!;
  const started = performance.now();
  const result = await call(request.path, {
    fetch: viaWire ?? viaFetch,
    params: { path: request.pathParams, query },
    body: request.body,
    headers,
    // A form, multipart, text, XML or binary body is already encoded: it goes as it is.
    ...(request.preEncoded ? { bodySerializer: (body: unknown) => body } : {}),
  });
  return { contractCase, wire, client: result, durationMs: performance.now() - started };
}

/** The verdict on one exchange, with every secret it quotes scrubbed out. */
function judge(exchange: Exchange, forced: boolean, context: RunContext, coveredStatus = exchange.contractCase.status): CaseResult {
  return context.redactor.scrubResult(verdict(exchange, forced, context, coveredStatus));
}

function verdict(exchange: Exchange, forced: boolean, { validator, options }: RunContext, coveredStatus: number): CaseResult {
  const { document } = options;
  const { contractCase, wire, client } = exchange;
  const base = {
    id: contractCase.kind === 'documented' ? (coveredStatus === contractCase.status ? contractCase.id : caseId(contractCase.operation, coveredStatus, 'documented')) : contractCase.id,
    kind: contractCase.kind,
    ...(contractCase.key && coveredStatus === contractCase.status ? { key: contractCase.key } : {}),
    method: contractCase.operation.method.toUpperCase(),
    path: contractCase.operation.path,
    operationId: contractCase.operation.operationId,
    status: coveredStatus,
    durationMs: Math.round(exchange.durationMs),
  };
  if (!wire) {
    const diagnostics = options.diagnostics?.();
    const serverNote = diagnostics && !diagnostics.running ? `\nThe mock is not running. Its last lines:\n${diagnostics.lines.slice(-15).map((line) => `  prism │ ${line}`).join('\n')}` : '';
    return { ...base, result: 'fail', checks: [], reason: `no response: ${(client.error as Error | undefined)?.message ?? 'unknown failure'}${serverNote}` };
  }
  const documented = responseForStatus(contractCase.operation, wire.status);
  const checks = runChecks({ contractCase, documented, wire, client, forced, validator, document });
  const failed = checks.filter((check) => check.outcome === 'fail');
  return {
    ...base,
    observedStatus: wire.status,
    result: failed.length === 0 ? 'pass' : 'fail',
    checks,
    ...(failed.length > 0 ? readableReason(failed.map((check) => `${check.name}: ${check.message}`).join('\n')) : {}),
  };
}

/**
 * Runs the contract suite against a server: the request building and the checks are
 * the same whether that server is a Prism mock, a Prism proxy or a real backend.
 */
export async function runContract(options: RunContractOptions): Promise<ContractRun> {
  const started = performance.now();
  const { document } = options;
  const { operations, validator, built, answers } = options.prepared?.document === document ? options.prepared : prepareContract(document);
  const { documented, negatives } = built;
  const findings = uniqueFindings([...built.findings, ...answers.findings]);
  const timeoutMs = options.timeoutMs ?? 15_000;
  // Against a mock, this process's own exchange, which times out by the socket's timer; else fetch, with the client's timer per attempt.
  const wireFetch = options.mode === 'mock' && options.target !== 'msw' && !options.session && canUseWireFetch(document) ? createWireFetch({ timeoutMs, sockets: options.concurrency ?? 8 }) : undefined;
  const api = createApiClient<any>({ baseUrl: options.baseUrl, timeoutMs: wireFetch ? 0 : timeoutMs });
  const context: RunContext = { options, validator, redactor: new Redactor(secretNamesOf(document)), api, wireFetch };
  // Every credential the run will send is known before the first request, so that no
  // result, however early, can quote one (the mock's log lines may show any request).
  for (const contractCase of [...documented, ...negatives]) context.redactor.learnRequest(contractCase.request);
  // Every case is built, whichever slice runs, so that findings and ids are the whole run's.
  const slice = options.shard ? takeShard(document, operations, documented, negatives, options.shard) : undefined;

  let results: { pairs: CaseResult[]; negatives: CaseResult[] };
  try {
    results = await runCases(context, slice?.operations ?? operations, slice?.documented ?? documented, slice?.negatives ?? negatives);
  } catch (error) {
    throw context.redactor.scrubError(error);
  } finally {
    wireFetch?.close();
  }
  // Once more with all that was learned: a result built early cannot know a token a later response issued.
  const scrubbed = (list: CaseResult[]) => sortResults(list).map((result) => context.redactor.scrubResult(result));
  results.pairs = results.pairs.map((result) => blockedBySpec(result, options.mode, documented, answers.byPair));
  return {
    mode: options.mode,
    target: options.target ?? (options.mode === 'mock' ? 'mock' : 'live'),
    baseUrl: options.baseUrl,
    title: String(document.info?.title ?? 'API'),
    version: String(document.info?.version ?? ''),
    durationMs: Math.round(performance.now() - started),
    pairs: scrubbed(results.pairs),
    negatives: scrubbed(results.negatives),
    findings,
    unknownFormats: validator.unknownFormats(),
    ...(slice ? { shard: slice.record } : {}),
  };
}

/** What a run needs before its first request: the cases, and what the spec contradicts in itself. */
export interface PreparedContract {
  document: OpenApiDocument;
  operations: OperationSpec[];
  validator: SchemaValidator;
  built: ReturnType<typeof buildCases>;
  answers: ReturnType<typeof responseFindings>;
}

/**
 * The matrix built from the spec, with its findings: request examples (replaced for the
 * run) and response examples (replaced by the mock). CPU work of seconds on a large spec,
 * so a caller can do it while the mock's processes start (see contract-job).
 */
export function prepareContract(document: OpenApiDocument): PreparedContract {
  const operations = listOperations(document);
  const validator = createSharedValidator(document);
  const validate = (schema: unknown, value: unknown) => validator.errors(schema, value);
  return { document, operations, validator, built: buildCases(document, operations, validate), answers: responseFindings(document, operations, validate) };
}

function uniqueFindings(findings: ExampleFinding[]): ExampleFinding[] {
  return [...new Map(findings.map((finding) => [finding.pointer, finding])).values()];
}

/**
 * A pair that failed because the spec admits no valid value was never a test of the
 * client or the target: it is not exercised, blocked by those findings, which fail the run
 * only with --strict. Only where the failure is that finding's doing: the target rejected
 * a request whose body schema nothing passes (400, 415 or 422 in place of the status
 * asked for), or, in a mock run, the only failed checks are about an answer whose schema
 * nothing passes. Any other failure of the same pair stays a failure.
 */
export function blockedBySpec(result: CaseResult, mode: RunMode, documented: ContractCase[], answerFindings: Map<string, ExampleFinding[]>): CaseResult {
  if (result.result !== 'fail' || result.kind !== 'documented') return result;
  const contractCase = documented.find((candidate) => candidate.operation.method.toUpperCase() === result.method && candidate.operation.path === result.path);
  if (!contractCase) return result;
  const unsatisfiable = (finding: ExampleFinding) => finding.reason.startsWith(UNSATISFIABLE);
  const failed = result.checks.filter((check) => check.outcome === 'fail').map((check) => check.name);
  const rejected = result.observedStatus !== undefined && result.observedStatus !== result.status && [400, 415, 422].includes(result.observedStatus);
  const requestBlocks = rejected ? (contractCase.requestFindings ?? []).filter(unsatisfiable) : [];
  const answerOnly = mode === 'mock' && failed.length > 0 && failed.every((name) => name === 'response_schema_conformance' || name === 'not_mock_problem');
  const answerBlocks = answerOnly ? (answerFindings.get(responsePairKey(contractCase.operation, result.key ?? String(result.status))) ?? []).filter(unsatisfiable) : [];
  const blocking = [...requestBlocks, ...answerBlocks];
  if (blocking.length === 0) return result;
  const pointers = [...new Set(blocking.map((finding) => finding.pointer))];
  const why = `blocked by a spec finding: ${blocking[0]!.pointer}: ${blocking[0]!.reason}${pointers.length > 1 ? ` (and ${pointers.length - 1} more)` : ''}`;
  return { ...result, result: 'not_exercised', blockedBy: pointers, reason: why, detail: [why, '', 'what the target answered:', result.detail ?? result.reason ?? ''].join('\n') };
}

async function runCases(context: RunContext, operations: OperationSpec[], documented: ContractCase[], negatives: ContractCase[]): Promise<{ pairs: CaseResult[]; negatives: CaseResult[] }> {
  const { options } = context;
  const concurrency = options.concurrency ?? 8;
  // A live run sends one probe per operation, not one request per pair.
  const probes =
    options.mode === 'mock'
      ? []
      : operations.map((operation) => documented.find((candidate) => candidate.operation === operation)).filter((probe): probe is ContractCase => probe !== undefined && !probe.unbuildable);
  const progress: RunProgress = { done: 0, total: (options.mode === 'mock' ? documented.length : probes.length) + negatives.length, passed: 0, failed: 0 };
  const completed = (result?: CaseResult) => {
    progress.done += 1;
    if (result?.result === 'pass') progress.passed += 1;
    if (result?.result === 'fail') progress.failed += 1;
    options.onProgress?.({ ...progress });
  };
  let pairs: CaseResult[];
  if (options.mode === 'mock') {
    pairs = await pMap(
      documented,
      async (contractCase) => {
        const why = contractCase.unbuildable ?? contractCase.request.mockCannotRead ?? contractCase.mockCannotServe;
        const result = why ? context.redactor.scrubResult(notExercised(contractCase, why)) : await exercise(contractCase, context);
        options.onCaseDone?.(result);
        completed(result);
        return result;
      },
      { concurrency },
    );
  } else {
    // A live server cannot be told which status to send: one valid request per
    // operation, and only the status it answers with is exercised.
    // In a session, by rank: what reads it, then what rotates it, then what ends it.
    const rank = options.session?.rank ?? (() => 0);
    const observed: Exchange[] = [];
    for (const level of [...new Set(probes.map((probe) => rank(probe.operation)))].sort((a, b) => a - b)) {
      observed.push(
        ...(await pMap(
          probes.filter((probe) => rank(probe.operation) === level),
          async (probe) => {
            const exchange = await send(probe, context, false);
            completed();
            return exchange;
          },
          { concurrency },
        )),
      );
    }
    pairs = documented.map((contractCase) => {
      const exchange = observed.find((candidate) => candidate.contractCase.operation === contractCase.operation);
      if (exchange?.wire?.status === contractCase.status) return judge(exchange, false, context, contractCase.status);
      if (exchange && !exchange.wire) return judge(exchange, false, context, contractCase.status);
      const why = contractCase.unbuildable ?? (exchange?.wire ? `the server answered ${exchange.wire.status}; a live server's status cannot be forced` : 'no request reached it');
      return notExercised(contractCase, why);
    });
    for (const exchange of observed) {
      const status = exchange.wire?.status;
      if (status !== undefined && !documentedStatuses(exchange.contractCase.operation).includes(status)) {
        pairs.push(judge(exchange, false, context, status));
      }
    }
  }
  const negativeResults = await pMap(
    negatives,
    async (contractCase) => {
      const result = judge(await send(contractCase, context, false), false, context);
      completed(result);
      return result;
    },
    { concurrency },
  );
  markCoveredByNegatives(pairs, negativeResults);
  return { pairs, negatives: negativeResults };
}

/**
 * A pair with its status forced: the request, then each variant of it (another media
 * type, another security alternative). The pair passes when every one of them does; a
 * variant's check results carry its label.
 */
async function exercise(contractCase: ContractCase, context: RunContext): Promise<CaseResult> {
  const primary = judge(await send(contractCase, context, true), true, context);
  const skipped = contractCase.skippedVariants ? { variantsNotExercised: contractCase.skippedVariants } : {};
  if (!contractCase.variants) return contractCase.label ? { ...primary, variants: [contractCase.label], ...skipped } : { ...primary, ...skipped };
  const results = await Promise.all(
    contractCase.variants.map(async (variant) => ({ variant, result: judge(await send({ ...contractCase, request: variant.request }, context, true), true, context) })),
  );
  const labelled = (label: string | undefined, checks: CheckResult[]) => (label ? checks.map((check) => ({ ...check, ...(check.message ? { message: `[${label}] ${check.message}` } : {}) })) : checks);
  const checks = mergeChecks([labelled(contractCase.label, primary.checks), ...results.map(({ variant, result }) => labelled(variant.label, result.checks))]);
  const failed = checks.filter((check) => check.outcome === 'fail');
  const failures = [primary.result === 'fail' && primary.checks.length === 0 ? `${contractCase.label ? `[${contractCase.label}] ` : ''}${primary.reason}` : undefined, ...results.map(({ variant, result }) => (result.result === 'fail' && result.checks.length === 0 ? `[${variant.label}] ${result.reason}` : undefined))].filter(Boolean);
  const { reason: _reason, detail: _detail, ...rest } = primary;
  const full = [...failures, ...failed.map((check) => `${check.name}: ${check.message}`)].join('\n');
  return {
    ...rest,
    variants: [...(contractCase.label ? [contractCase.label] : []), ...contractCase.variants.map((variant) => variant.label)],
    ...skipped,
    checks,
    result: full === '' ? 'pass' : 'fail',
    ...(full === '' ? {} : readableReason(full)),
  };
}

/** One result per check over several exchanges: it fails if any failed (with every message), passes if any passed. */
function mergeChecks(lists: CheckResult[][]): CheckResult[] {
  const byName = new Map<CheckName, CheckResult[]>();
  for (const check of lists.flat()) byName.set(check.name, [...(byName.get(check.name) ?? []), check]);
  return [...byName.entries()].map(([name, all]) => {
    const failed = all.filter((check) => check.outcome === 'fail');
    if (failed.length > 0) return { name, outcome: 'fail', message: failed.map((check) => check.message).join('; ') };
    return all.some((check) => check.outcome === 'pass') ? { name, outcome: 'pass' } : all[0]!;
  });
}

/**
 * In a live run a negative case is how 401 and 422 get exercised at all: each passing
 * negative covers the first pair of its operation and status not exercised yet. One
 * index of those pairs, not a scan of every pair per negative case (O(n), not O(n²)).
 */
export function markCoveredByNegatives(pairs: CaseResult[], negatives: CaseResult[]): void {
  const cellOf = (result: CaseResult) => `${result.method} ${result.path} ${result.status}`;
  const open = new Map<string, number[]>();
  for (const [index, pair] of pairs.entries()) {
    if (pair.result !== 'not_exercised') continue;
    const cell = open.get(cellOf(pair));
    if (cell) cell.push(index);
    else open.set(cellOf(pair), [index]);
  }
  for (const negative of negatives) {
    if (negative.result !== 'pass') continue;
    // Covered, it is exercised: the next negative of the cell takes the next pair.
    const index = open.get(cellOf(negative))?.shift();
    if (index !== undefined) pairs[index] = { ...negative, kind: 'documented', id: pairs[index]!.id };
  }
}

function notExercised(contractCase: ContractCase, reason: string): CaseResult {
  return {
    id: contractCase.id,
    kind: contractCase.kind,
    method: contractCase.operation.method.toUpperCase(),
    path: contractCase.operation.path,
    operationId: contractCase.operation.operationId,
    status: contractCase.status,
    ...(contractCase.key ? { key: contractCase.key } : {}),
    result: 'not_exercised',
    checks: [],
    reason,
    durationMs: 0,
  };
}

/** The report's order: by path, method, then status. A merge of slices sorts the same way. */
export function sortResults(results: CaseResult[]): CaseResult[] {
  return [...results].sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method) || a.status - b.status);
}

/** A reason people can read (a few lines, at most 600 characters); the whole text stays as `detail` in contract.json. */
function readableReason(full: string): { reason: string; detail?: string } {
  const reason = shortenReason(full);
  return reason === full ? { reason } : { reason, detail: full };
}
