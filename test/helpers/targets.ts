import { resolveSingleTarget, type ApiTarget, type TargetFlags } from '../../src/pipeline/project.js';
import { ROOT } from './paths.js';

/** What the CLI would work on with these flags, run from the repo (or `cwd`). */
export function target(flags: TargetFlags, cwd: string = ROOT): ApiTarget {
  return resolveSingleTarget(flags, cwd);
}
