import { createHash } from 'node:crypto';
import type { OpenApiDocument } from '../openapi/document.js';
import type { OperationSpec } from '../openapi/operations.js';
import type { ContractCase } from './cases.js';

/** One slice of a run: the `index`th of `total` (1-based), as `--shard 2/3` names it. */
export interface Shard {
  index: number;
  total: number;
}

/** What a slice's report carries so that a merge can prove the slices make up one whole run. */
export interface ShardRecord extends Shard {
  /** sha256 of the bundled spec: slices of one run were built from the same document. */
  specHash: string;
  /** Every documented pair of the whole run, in the order its cases were built. */
  allPairIds: string[];
  /** Every negative case of the whole run. */
  allNegativeIds: string[];
}

/** An operation as slicing sees it: who it is, and how many requests its cases send. */
export interface WeightedOperation {
  method: string;
  path: string;
  weight: number;
}

/**
 * Which shard (1..total) each operation goes to, keyed `METHOD path`. Whole operations
 * are dealt out, never single pairs: a live run covers an operation's 401 and 422 with
 * its negative cases, which must then run beside its pairs. In (path, method) order, by
 * code points so no locale can reorder them, each operation goes to the shard with the
 * fewest requests so far (the lowest number on a tie): the same spec gives the same
 * slices on every machine, whatever the timing, and the slices take about as long.
 */
export function assignShards(operations: WeightedOperation[], total: number): Map<string, number> {
  const byPathThenMethod = [...operations].sort((a, b) => compareCodePoints(a.path, b.path) || compareCodePoints(a.method.toUpperCase(), b.method.toUpperCase()));
  const load = Array<number>(total).fill(0);
  const assigned = new Map<string, number>();
  for (const operation of byPathThenMethod) {
    let lightest = 0;
    for (let shard = 1; shard < total; shard++) if (load[shard]! < load[lightest]!) lightest = shard;
    load[lightest]! += operation.weight;
    assigned.set(operationKey(operation), lightest + 1);
  }
  return assigned;
}

export interface ShardSlice {
  operations: OperationSpec[];
  documented: ContractCase[];
  negatives: ContractCase[];
  record: ShardRecord;
}

/** The operations and cases of one shard, and the record of the whole run its report carries. */
export function takeShard(document: OpenApiDocument, operations: OperationSpec[], documented: ContractCase[], negatives: ContractCase[], shard: Shard): ShardSlice {
  const requests = new Map<string, number>();
  for (const contractCase of [...documented, ...negatives]) {
    const key = operationKey(contractCase.operation);
    requests.set(key, (requests.get(key) ?? 0) + 1 + (contractCase.variants?.length ?? 0));
  }
  const assigned = assignShards(
    operations.map((operation) => ({ method: operation.method, path: operation.path, weight: requests.get(operationKey(operation)) ?? 0 })),
    shard.total,
  );
  const mine = (operation: OperationSpec) => assigned.get(operationKey(operation)) === shard.index;
  return {
    operations: operations.filter(mine),
    documented: documented.filter((contractCase) => mine(contractCase.operation)),
    negatives: negatives.filter((contractCase) => mine(contractCase.operation)),
    record: {
      ...shard,
      specHash: specHash(document),
      allPairIds: documented.map((contractCase) => contractCase.id),
      allNegativeIds: negatives.map((contractCase) => contractCase.id),
    },
  };
}

/** The bundled spec's identity: the same files bundle to the same document, byte for byte. */
export function specHash(document: OpenApiDocument): string {
  return createHash('sha256').update(JSON.stringify(document)).digest('hex');
}

function operationKey(operation: { method: string; path: string }): string {
  return `${operation.method.toUpperCase()} ${operation.path}`;
}

function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
