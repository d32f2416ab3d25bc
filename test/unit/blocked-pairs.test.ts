import { describe, expect, it } from 'vitest';
import type { CaseResult, CheckName, ContractCase } from '../../src/contract/cases.js';
import { blockedBySpec } from '../../src/contract/run-contract.js';

// A pair is blocked by a spec finding only where the failure is that finding's doing; any
// other failure of the same pair is still a failure, so that no disagreement hides.
const REQUEST_FINDING = { pointer: '#/components/schemas/Body', reason: 'no value built from the schema passes it: (body) must NOT have additional properties' };
const ANSWER_FINDING = { pointer: '#/components/schemas/Answer', reason: 'no value built from the schema passes it: /id must be string' };
const operation = { method: 'post', path: '/things' } as ContractCase['operation'];
const contractCase = { id: 'POST /things → 200', kind: 'documented', operation, status: 200, request: {}, requestFindings: [REQUEST_FINDING] } as unknown as ContractCase;
const answers = new Map([['POST /things 200', [ANSWER_FINDING]]]);

function result(observedStatus: number, failed: CheckName[]): CaseResult {
  return {
    id: 'POST /things → 200',
    kind: 'documented',
    method: 'POST',
    path: '/things',
    operationId: 'createThing',
    status: 200,
    observedStatus,
    result: 'fail',
    checks: failed.map((name) => ({ name, outcome: 'fail' as const, message: 'x' })),
    reason: failed.map((name) => `${name}: x`).join('\n'),
    durationMs: 1,
  };
}

// [what happened, mode, observed status, failed checks, the findings that block it (none: still a failure)]
const ROWS: Array<[string, 'mock' | 'live', number, CheckName[], string[]]> = [
  ['the target rejected the unsatisfiable request', 'live', 400, ['status_code_conformance'], [REQUEST_FINDING.pointer]],
  ['the target rejected it with 422', 'mock', 422, ['status_code_conformance', 'client_conformance'], [REQUEST_FINDING.pointer]],
  ['a live server answered 500: its own failure', 'live', 500, ['status_code_conformance'], []],
  ['a live 200 whose body breaks the schema: the answer finding counts on the mock only', 'live', 200, ['response_schema_conformance'], []],
  ['the mock served the unsatisfiable answer', 'mock', 200, ['response_schema_conformance'], [ANSWER_FINDING.pointer]],
  ['the mock answered its own problem for it', 'mock', 500, ['not_mock_problem'], [ANSWER_FINDING.pointer]],
  ['another check failed too: a real disagreement', 'mock', 200, ['response_schema_conformance', 'client_conformance'], []],
];

describe('blockedBySpec', () => {
  it.each(ROWS)('%s (%s, %i)', (_what, mode, observed, failed, blockedBy) => {
    const judged = blockedBySpec(result(observed, failed), mode, [contractCase], answers);
    expect([judged.result, judged.blockedBy ?? []]).toEqual(blockedBy.length > 0 ? ['not_exercised', blockedBy] : ['fail', []]);
  });
});
