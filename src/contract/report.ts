import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { xmlEscape } from '../openapi/redocly.js';
import type { CaseResult } from './cases.js';
import type { ContractRun } from './run-contract.js';

export interface RunSummary {
  pairs: number;
  passed: number;
  failed: number;
  notExercised: number;
  /** Of those not exercised, the ones a spec finding blocked (a schema no value passes). */
  blocked: number;
  negativesPassed: number;
  negativesFailed: number;
}

export function summarize(run: ContractRun): RunSummary {
  const count = (results: CaseResult[], outcome: CaseResult['result']) => results.filter((result) => result.result === outcome).length;
  return {
    pairs: run.pairs.length,
    passed: count(run.pairs, 'pass'),
    failed: count(run.pairs, 'fail'),
    notExercised: count(run.pairs, 'not_exercised'),
    blocked: run.pairs.filter((result) => result.result === 'not_exercised' && (result.blockedBy?.length ?? 0) > 0).length,
    negativesPassed: count(run.negatives, 'pass'),
    negativesFailed: count(run.negatives, 'fail'),
  };
}

/**
 * The table's cell for an operation and a status: the first pair of that operation with
 * that status, as a scan of the pairs would find it, from one index (a scan per cell is
 * O(operations × statuses × pairs): 1.3 s on 1,001 operations).
 */
export function pairLookup(pairs: CaseResult[]): (operation: { method: string; path: string }, status: number) => CaseResult | undefined {
  const byCell = new Map<string, CaseResult>();
  for (const pair of pairs) {
    const key = `${pair.method} ${pair.path} ${pair.status}`;
    if (!byCell.has(key)) byCell.set(key, pair);
  }
  return (operation, status) => byCell.get(`${operation.method} ${operation.path} ${status}`);
}

/** A mock run must exercise every documented pair; a live run only what it could reach. */
/** Contract failures always fail a run; spec findings only with `strict`, as lint findings do. */
export function runFailed(run: ContractRun, options: { strict?: boolean } = {}): boolean {
  const summary = summarize(run);
  return summary.failed > 0 || summary.negativesFailed > 0 || (run.mode === 'mock' && summary.notExercised - summary.blocked > 0) || (options.strict === true && run.findings.length > 0);
}

const MARK = { pass: '✓', fail: '✗', not_exercised: '·' } as const;

/** The coverage table: summary line first, operations × statuses, then what failed and why. */
export function formatCoverageTable(run: ContractRun, options: { strict?: boolean } = {}): string {
  const summary = summarize(run);
  const ok = !runFailed(run, options);
  const findings = run.findings.length === 0 ? '' : ` · ${run.findings.length} spec finding${run.findings.length === 1 ? '' : 's'}${options.strict ? ' (--strict: they fail the run)' : ' (not failures: --strict fails on them)'}`;
  const lines = [
    `${ok ? '✔' : '✖'} ${run.title} ${run.version} (${run.target === 'msw' ? 'msw handlers, in this process' : `${run.mode} at ${run.baseUrl}`}${run.shard ? `, shard ${run.shard.index}/${run.shard.total}` : ''}): ${summary.passed}/${summary.pairs} pairs pass, ${summary.failed} fail, ${summary.notExercised} not exercised${summary.blocked > 0 ? ` (${summary.blocked} blocked by spec findings)` : ''} · ` +
      `negative cases ${summary.negativesPassed} pass, ${summary.negativesFailed} fail${findings} · ${(run.durationMs / 1000).toFixed(1)} s`,
    '',
  ];
  const formats = Object.entries(run.unknownFormats);
  if (formats.length > 0) lines.push(`formats not checked (no validator knows them): ${formats.map(([name, count]) => `${name} (${count} schema${count === 1 ? '' : 's'})`).join(', ')}`, '');
  if (run.findings.length > 0) {
    lines.push('spec findings: examples that break their own schemas, where the spec contradicts itself (a schema-valid sample goes in their place, unless --strict-examples):');
    for (const finding of run.findings) lines.push(`  ${finding.pointer}: ${finding.reason}`);
    lines.push('');
  }
  const statuses = [...new Set(run.pairs.map((pair) => pair.status))].sort((a, b) => a - b);
  const operations = [...new Map(run.pairs.map((pair) => [`${pair.method} ${pair.path}`, pair])).values()];
  const labelWidth = Math.max('operation'.length, ...operations.map((pair) => `${pair.method.padEnd(7)}${pair.path}`.length));
  lines.push(`${'operation'.padEnd(labelWidth)}  ${statuses.map((status) => String(status).padStart(3)).join(' ')}`);
  const cell = pairLookup(run.pairs);
  for (const operation of operations) {
    const cells = statuses.map((status) => {
      const pair = cell(operation, status);
      return (pair ? MARK[pair.result] : '').padStart(3);
    });
    lines.push(`${`${operation.method.padEnd(7)}${operation.path}`.padEnd(labelWidth)}  ${cells.join(' ')}`);
  }
  lines.push('', `${MARK.pass} pass   ${MARK.fail} fail   ${MARK.not_exercised} not exercised   (blank) not documented`);
  if (run.negatives.length > 0) {
    lines.push('', 'negative cases:');
    for (const negative of run.negatives) lines.push(`  ${MARK[negative.result]} ${negative.id}`);
  }
  // Blocked pairs are listed apart: the spec stopped them, not the client or the target.
  const blocked = run.pairs.filter((result) => result.blockedBy);
  if (blocked.length > 0) {
    lines.push('', 'not exercised, blocked by spec findings:');
    for (const pair of blocked) lines.push(`  ${MARK[pair.result]} ${pair.id}`, `      ${pair.reason ?? ''}`);
  }
  const problems = [...run.pairs, ...run.negatives].filter((result) => !result.blockedBy && (result.result === 'fail' || (run.mode === 'mock' && result.result === 'not_exercised')));
  if (problems.length > 0) {
    lines.push('', 'what went wrong:');
    for (const problem of problems) {
      lines.push(`  ${MARK[problem.result]} ${problem.id}`);
      for (const line of (problem.reason ?? '').split('\n')) lines.push(`      ${line}`);
    }
  }
  return lines.join('\n');
}

export function toJsonReport(run: ContractRun): object {
  const entry = (result: CaseResult) => ({
    id: result.id,
    method: result.method,
    path: result.path,
    operationId: result.operationId,
    status: result.status,
    ...(result.key ? { key: result.key } : {}),
    ...(result.variants ? { variants: result.variants } : {}),
    ...(result.variantsNotExercised ? { variantsNotExercised: result.variantsNotExercised } : {}),
    kind: result.kind,
    result: result.result,
    ...(result.observedStatus !== undefined ? { observedStatus: result.observedStatus } : {}),
    checks: Object.fromEntries(result.checks.map((check) => [check.name, check.message ? { result: check.outcome, message: check.message } : { result: check.outcome }])),
    ...(result.reason ? { reason: result.reason } : {}),
    ...(result.detail ? { detail: result.detail } : {}),
    ...(result.blockedBy ? { blockedBy: result.blockedBy } : {}),
    durationMs: result.durationMs,
  });
  return {
    api: { title: run.title, version: run.version },
    mode: run.mode,
    target: run.target,
    ...(run.shard ? { shard: run.shard } : {}),
    baseUrl: run.baseUrl,
    durationMs: run.durationMs,
    summary: summarize(run),
    pairs: run.pairs.map(entry),
    negatives: run.negatives.map(entry),
    findings: run.findings,
    unknownFormats: run.unknownFormats,
  };
}

// JUnit XML as CI servers read it is four elements; building it by hand is less code
// than wiring a builder library, and xmlEscape comes from Redocly, already installed.
export function toJunitXml(run: ContractRun): string {
  const results = [...run.pairs, ...run.negatives];
  const summary = summarize(run);
  const testcase = (result: CaseResult) => {
    const open = `    <testcase classname="${xmlEscape(`${result.method} ${result.path}`)}" name="${xmlEscape(result.id)}" time="${(result.durationMs / 1000).toFixed(3)}"`;
    if (result.result === 'pass') return `${open}/>`;
    const body =
      result.result === 'fail'
        ? `      <failure message="${xmlEscape((result.reason ?? '').split('\n')[0] ?? '')}">${xmlEscape(result.reason ?? '')}</failure>`
        : `      <skipped message="${xmlEscape(result.reason ?? 'not exercised')}"/>`;
    return `${open}>\n${body}\n    </testcase>`;
  };
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="contract" tests="${results.length}" failures="${summary.failed + summary.negativesFailed}" skipped="${summary.notExercised}" time="${(run.durationMs / 1000).toFixed(3)}">`,
    `  <testsuite name="${xmlEscape(`${run.title} ${run.version} (${run.target === 'msw' ? 'msw' : run.mode}${run.shard ? `, shard ${run.shard.index}/${run.shard.total}` : ''})`)}" tests="${results.length}" failures="${summary.failed + summary.negativesFailed}" skipped="${summary.notExercised}">`,
    `    <properties><property name="target" value="${run.target}"/>${run.shard ? `<property name="shard" value="${run.shard.index}/${run.shard.total}"/><property name="specHash" value="${run.shard.specHash}"/>` : ''}</properties>`,
    ...results.map(testcase),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

export async function writeReports(run: ContractRun, dir: string): Promise<{ json: string; junit: string }> {
  await mkdir(dir, { recursive: true });
  const json = join(dir, 'contract.json');
  const junit = join(dir, 'contract.junit.xml');
  await writeFile(json, `${JSON.stringify(toJsonReport(run), null, 2)}\n`);
  await writeFile(junit, toJunitXml(run));
  return { json, junit };
}
