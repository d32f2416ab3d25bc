import type { CaseResult, CheckName, CheckResult } from './cases.js';
import { sortResults, type ContractRun, type ContractTarget, type RunMode } from './run-contract.js';
import type { ExampleFinding } from '../schema/sample-values.js';
import type { ShardRecord } from './shard.js';

/** One shard's report, read back from its contract.json. */
export interface ContractSlice {
  /** Where it was read from, as the person named it: every problem names its files. */
  file: string;
  run: ContractRun & { shard: ShardRecord };
}

export type MergeOutcome = { ok: true; run: ContractRun } | { ok: false; problems: string[] };

/** How toJsonReport writes one case; read back here. */
interface JsonEntry {
  id: string;
  method: string;
  path: string;
  operationId: string;
  status: number;
  key?: string;
  variants?: string[];
  variantsNotExercised?: Array<{ label: string; reason: string }>;
  kind: CaseResult['kind'];
  result: CaseResult['result'];
  observedStatus?: number;
  checks: Record<string, { result: CheckResult['outcome']; message?: string }>;
  reason?: string;
  detail?: string;
  blockedBy?: string[];
  durationMs: number;
}

interface JsonReport {
  api: { title: string; version: string };
  mode: RunMode;
  target?: ContractTarget;
  shard?: ShardRecord;
  baseUrl: string;
  durationMs: number;
  pairs: JsonEntry[];
  negatives: JsonEntry[];
  findings: ExampleFinding[];
  unknownFormats: Record<string, number>;
}

/** A slice's contract.json as a run again, or why it is not one. */
export function readSlice(file: string, json: unknown): ContractSlice | string {
  const report = json as Partial<JsonReport> | null;
  if (!report || typeof report !== 'object' || !Array.isArray(report.pairs) || !Array.isArray(report.negatives) || !report.api) return `${file} is not a contract report (contract.json)`;
  const shard = report.shard;
  if (!shard || typeof shard !== 'object' || !Number.isInteger(shard.index) || !Number.isInteger(shard.total) || typeof shard.specHash !== 'string' || !Array.isArray(shard.allPairIds) || !Array.isArray(shard.allNegativeIds)) {
    return `${file} is the report of a whole run, not of a shard: write slices with \`authkit contract --shard <i>/<n>\``;
  }
  if ([...report.pairs, ...report.negatives].some((entry) => typeof entry?.id !== 'string')) return `${file} has cases without an id: it was written by an older authkit; run the shards again`;
  return {
    file,
    run: {
      mode: report.mode ?? 'mock',
      target: report.target ?? (report.mode === 'live' ? 'live' : 'mock'),
      baseUrl: report.baseUrl ?? '',
      title: report.api.title,
      version: report.api.version,
      durationMs: report.durationMs ?? 0,
      pairs: report.pairs.map(caseResultOf),
      negatives: report.negatives.map(caseResultOf),
      findings: report.findings ?? [],
      unknownFormats: report.unknownFormats ?? {},
      shard,
    },
  };
}

function caseResultOf(entry: JsonEntry): CaseResult {
  return {
    id: entry.id,
    kind: entry.kind,
    method: entry.method,
    path: entry.path,
    operationId: entry.operationId,
    status: entry.status,
    ...(entry.key !== undefined ? { key: entry.key } : {}),
    ...(entry.observedStatus !== undefined ? { observedStatus: entry.observedStatus } : {}),
    result: entry.result,
    checks: Object.entries(entry.checks ?? {}).map(([name, check]) => ({ name: name as CheckName, outcome: check.result, ...(check.message !== undefined ? { message: check.message } : {}) })),
    ...(entry.reason !== undefined ? { reason: entry.reason } : {}),
    ...(entry.variants ? { variants: entry.variants } : {}),
    ...(entry.variantsNotExercised ? { variantsNotExercised: entry.variantsNotExercised } : {}),
    ...(entry.detail !== undefined ? { detail: entry.detail } : {}),
    ...(entry.blockedBy !== undefined ? { blockedBy: entry.blockedBy } : {}),
    durationMs: entry.durationMs,
  };
}

/**
 * The slices of one sharded run as the run it would have been unsharded: the same pairs
 * in the same order, so the same table, contract.json and JUnit file. Refused, with every
 * reason, unless the slices share a spec, a mode and a shard total, each shard 1..n is
 * there once, and together they hold each pair and negative case of the whole run once.
 */
export function mergeSlices(slices: ContractSlice[]): MergeOutcome {
  if (slices.length === 0) return { ok: false, problems: ['no reports to merge'] };
  const mismatched = [
    disagreement(slices, 'specs', (slice) => `spec sha256 ${slice.run.shard.specHash.slice(0, 12)}…`),
    disagreement(slices, 'shard totals', (slice) => `${slice.run.shard.total} shards`),
    disagreement(slices, 'modes', (slice) => `${slice.run.mode} run`),
    disagreement(slices, 'targets', (slice) => `${slice.run.target} target`),
  ].filter((problem): problem is string => problem !== undefined);
  if (mismatched.length > 0) return { ok: false, problems: mismatched };

  const { total } = slices[0]!.run.shard;
  const numbering: string[] = [];
  const missing: number[] = [];
  for (let index = 1; index <= total; index++) {
    const given = slices.filter((slice) => slice.run.shard.index === index);
    if (given.length === 0) missing.push(index);
    if (given.length > 1) numbering.push(`shard ${index}/${total} is given ${given.length} times: ${given.map((slice) => slice.file).join(', ')}`);
  }
  if (missing.length > 0) numbering.unshift(`missing shard${missing.length === 1 ? '' : 's'} ${missing.join(', ')} of ${total}: merge the report of every \`--shard <i>/${total}\` run`);
  for (const slice of slices.filter(({ run }) => run.shard.index < 1 || run.shard.index > total)) numbering.push(`${slice.file} says it is shard ${slice.run.shard.index}/${total}, which no run of ${total} shards has`);
  if (numbering.length > 0) return { ok: false, problems: numbering };

  const coverage = [
    ...coverageProblems(slices, 'pair', (run) => run.shard.allPairIds, (run) => run.pairs),
    ...coverageProblems(slices, 'negative case', (run) => run.shard.allNegativeIds, (run) => run.negatives),
  ];
  if (coverage.length > 0) return { ok: false, problems: coverage };

  const byIndex = [...slices].sort((a, b) => a.run.shard.index - b.run.shard.index).map((slice) => slice.run);
  const first = byIndex[0]!;
  return {
    ok: true,
    run: {
      mode: first.mode,
      target: first.target,
      // Each slice had its own mock: a merged run names every server it spoke to.
      baseUrl: [...new Set(byIndex.map((run) => run.baseUrl))].join(', '),
      title: first.title,
      version: first.version,
      // The slices run side by side: the run took as long as the slowest.
      durationMs: Math.max(...byIndex.map((run) => run.durationMs)),
      pairs: sortResults(byIndex.flatMap((run) => run.pairs)),
      negatives: sortResults(byIndex.flatMap((run) => run.negatives)),
      // Every slice builds every case, so each finds what is wrong with the whole spec.
      findings: uniqueFindings(byIndex.flatMap((run) => run.findings)),
      unknownFormats: mostOfEach(byIndex.map((run) => run.unknownFormats)),
    },
  };
}

/** When slices disagree on something that must be one value, which files say what. */
function disagreement(slices: ContractSlice[], what: string, valueOf: (slice: ContractSlice) => string): string | undefined {
  const groups = new Map<string, string[]>();
  for (const slice of slices) groups.set(valueOf(slice), [...(groups.get(valueOf(slice)) ?? []), slice.file]);
  if (groups.size < 2) return undefined;
  return `the slices come from different ${what}: ${[...groups].map(([value, files]) => `${files.join(', ')} (${value})`).join('; ')}`;
}

const LISTED = 5;

/** Each case of the whole run must be in exactly one slice, and no slice may hold one twice. */
function coverageProblems(slices: ContractSlice[], what: string, wholeOf: (run: ContractSlice['run']) => string[], resultsOf: (run: ContractSlice['run']) => CaseResult[]): string[] {
  const expected = new Map<string, number>();
  for (const id of wholeOf(slices[0]!.run)) expected.set(id, (expected.get(id) ?? 0) + 1);
  const found = new Map<string, string[]>();
  for (const slice of slices) for (const result of resultsOf(slice.run)) found.set(result.id, [...(found.get(result.id) ?? []), slice.file]);
  const absent = [...expected.keys()].filter((id) => !found.has(id));
  // A live run adds a pair for a status the server answered that the spec does not document: it is in no whole-run list.
  const repeated = [...found].filter(([id, files]) => files.length > (expected.get(id) ?? 1));
  const list = (ids: string[]) => `${ids.slice(0, LISTED).join('; ')}${ids.length > LISTED ? `; and ${ids.length - LISTED} more` : ''}`;
  return [
    ...(absent.length > 0 ? [`${absent.length} ${what}${absent.length === 1 ? '' : 's'} of the whole run ${absent.length === 1 ? 'is' : 'are'} in no slice: ${list(absent)}`] : []),
    ...repeated.map(([id, files]) => `${what} ${id} is in more than one slice: ${files.join(', ')}`),
  ];
}

function uniqueFindings(findings: ExampleFinding[]): ExampleFinding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = `${finding.pointer}\n${finding.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function mostOfEach(counts: Array<Record<string, number>>): Record<string, number> {
  const most: Record<string, number> = {};
  for (const count of counts) for (const [name, value] of Object.entries(count)) most[name] = Math.max(most[name] ?? 0, value);
  return most;
}
