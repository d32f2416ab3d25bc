import { BaseSequencer, type TestSpecification } from 'vitest/node';

// The files that take longest (measured: `vitest --reporter=verbose`), longest first. On
// a fresh clone vitest has no timings of its own and orders by file size, which would
// start one of these last, to run alone on an idle pool. With timings cached, vitest's
// own order (failed first, then longest) is kept after these.
const HEAVY = [
  'test/mock/parity.test.ts',
  'test/contract/corpus.test.ts',
  'test/package/tarball.test.ts',
  'test/mock/lingering.test.ts',
  'test/unit/bad-input.test.ts',
  'test/contract/flows.test.ts',
  'test/mock/start-mock.test.ts',
  'test/browser/docs-page.test.ts',
  'test/mock/engine.test.ts',
  'test/contract/msw-target.test.ts',
  'test/contract/corpus-schemas.test.ts',
  'test/mock/front-server.test.ts',
];

const weight = (spec: TestSpecification) => {
  const index = HEAVY.findIndex((file) => spec.moduleId.endsWith(file));
  return index === -1 ? HEAVY.length : index;
};

export class HeavyFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    // Array.prototype.sort is stable: within one weight, vitest's order stays.
    return sorted.sort((a, b) => weight(a) - weight(b));
  }
}
