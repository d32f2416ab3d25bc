// `authkit generate` on a large public spec, side by side with openapi-typescript alone on
// the same file: GitHub's REST description (1,223 operations, 13 MB of JSON, from
// @octokit/openapi). Target: generate within 1.3x of openapi-typescript alone, though it
// also lints the spec (Redocly, every rule of the config) and writes the bundle and the
// manifest. Beside them, `authkit lint` alone on the file: generate cannot end before its
// lint does, so lint alone over openapi-typescript alone is the lowest ratio it could
// reach on this machine. Each run is a fresh process with nothing cached (a new output folder);
// contenders alternate, round by round; medians of the wall time, the CPU time and the
// peak RSS of each.
//
// The spec is not a dependency (the package is hundreds of MB unpacked): the first run
// packs it from the npm registry into node_modules/.cache/authkit-bench/ and keeps only
// the one file; later runs reuse it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { toolkitRoot } from '../src/toolkit-package.js';
import { median, round } from './stats.js';

const ROOT = toolkitRoot();
const CACHE = join(ROOT, 'node_modules', '.cache', 'authkit-bench');
const PACKAGE = '@octokit/openapi@23.0.2';
const SPEC_IN_PACKAGE = 'package/generated/api.github.com.json';

/** GitHub's description, from the cache, or packed from the registry on first use. */
export function githubSpec(): string {
  const spec = join(CACHE, SPEC_IN_PACKAGE);
  if (existsSync(spec)) return spec;
  mkdirSync(CACHE, { recursive: true });
  const packed = spawnSync('npm', ['pack', PACKAGE, '--pack-destination', CACHE, '--silent'], { cwd: CACHE, encoding: 'utf8' });
  const tarball = packed.stdout?.trim().split('\n').pop();
  if (packed.status !== 0 || !tarball) {
    throw new Error(`the large-spec bench needs ${PACKAGE} (GitHub's REST description) and could not fetch it: \`npm pack ${PACKAGE}\` failed${packed.error ? ` (${packed.error.message})` : ''}. Is the npm registry reachable? Once it is packed into ${CACHE}, it is reused.\n${packed.stderr ?? ''}`);
  }
  const extracted = spawnSync('tar', ['-xzf', join(CACHE, tarball), '-C', CACHE, SPEC_IN_PACKAGE], { encoding: 'utf8' });
  if (extracted.status !== 0 || !existsSync(spec)) throw new Error(`could not extract ${SPEC_IN_PACKAGE} from ${join(CACHE, tarball)}: ${extracted.stderr || extracted.error?.message}`);
  rmSync(join(CACHE, tarball), { force: true }); // the one file is all the bench needs
  return spec;
}

// Loaded into each measured process (--require): its peak RSS and CPU time, from
// process.resourceUsage() as it exits (every thread of the process counts).
const USAGE_PRELOAD = `const { isMainThread } = require('node:worker_threads');
const file = process.env.AUTHKIT_BENCH_USAGE;
if (file && isMainThread) process.on('exit', () => {
  const usage = process.resourceUsage();
  require('node:fs').writeFileSync(file, JSON.stringify({ maxRssKb: usage.maxRSS, cpuUs: usage.userCPUTime + usage.systemCPUTime }));
});
`;

export interface LargeContender {
  name: string;
  command: string;
  runs: number;
  wallMs: number[];
  medianWallMs: number;
  medianCpuMs: number;
  medianPeakRssMb: number;
}

export interface GenerateLargeResult {
  spec: string;
  specBytes: number;
  /** Where bin/authkit.js ran the CLI from: the build, or the sources through tsx (dist/ older than src/). */
  authkitFrom: 'dist' | 'src through tsx';
  generate: LargeContender;
  openapiTypescript: LargeContender;
  /** `authkit lint` alone on the same file: generate cannot end before its lint does, so this is its floor. */
  lintAlone: LargeContender;
  /** generate's median wall time over openapi-typescript's. Target ≤ 1.3. */
  ratio: number;
  /** lint alone over openapi-typescript alone: the lowest ratio generate could reach. */
  lintRatio: number;
  target: number;
  /** The types generate wrote are openapi-typescript's, byte for byte, under their header. */
  sameTypes: boolean;
  /** The machine's 1-minute load average before and after: other work skews a run on a shared machine. */
  loadAverage: [number, number];
}

interface Sample {
  wallMs: number;
  cpuMs: number;
  peakRssMb: number;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  return newest;
}

function runMeasured(argv: string[], cwd: string, preload: string, usageFile: string, okStatuses = [0]): Sample {
  rmSync(usageFile, { force: true });
  const started = performance.now();
  const result = spawnSync(process.execPath, ['--require', preload, ...argv], { cwd, env: { ...process.env, NO_COLOR: '1', AUTHKIT_BENCH_USAGE: usageFile }, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const wallMs = performance.now() - started;
  if (!okStatuses.includes(result.status ?? -1)) throw new Error(`${argv.join(' ')} exited ${result.status}:\n${result.stdout.slice(-2000)}${result.stderr.slice(-2000)}`);
  const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as { maxRssKb: number; cpuUs: number };
  return { wallMs, cpuMs: usage.cpuUs / 1000, peakRssMb: usage.maxRssKb / 1024 };
}

function contender(name: string, command: string, samples: Sample[]): LargeContender {
  return {
    name,
    command,
    runs: samples.length,
    wallMs: samples.map((sample) => round(sample.wallMs, 0)),
    medianWallMs: round(median(samples.map((sample) => sample.wallMs)), 0),
    medianCpuMs: round(median(samples.map((sample) => sample.cpuMs)), 0),
    medianPeakRssMb: round(median(samples.map((sample) => sample.peakRssMb)), 0),
  };
}

/** The declarations under a file's leading comment: generate's header and openapi-typescript's differ, the rest must not. */
function body(types: string): string {
  return types.replace(/^\/\*\*[\s\S]*?\*\/\s*/, '');
}

export async function measureGenerateLarge({ runs = Number(process.env.BENCH_LARGE_RUNS ?? 3) } = {}): Promise<GenerateLargeResult> {
  const spec = githubSpec();
  const work = mkdtempSync(join(tmpdir(), 'authkit-bench-large-'));
  const preload = join(work, 'usage.cjs');
  writeFileSync(preload, USAGE_PRELOAD);
  const built = join(ROOT, 'dist', 'src', 'cli', 'bin.js');
  const authkitFrom = existsSync(built) && newestMtime(join(ROOT, 'src')) <= statSync(built).mtimeMs ? 'dist' : 'src through tsx';
  // openapi-typescript's CLI runs where no redocly.yaml is: it would take the config's APIs instead of the file.
  const oatCli = join(ROOT, 'node_modules', 'openapi-typescript', 'bin', 'cli.js');
  const loadBefore = loadavg()[0]!;
  const generate: Sample[] = [];
  const openapiTypescript: Sample[] = [];
  const lintAlone: Sample[] = [];
  let sameTypes = true;
  try {
    for (let round = 0; round < runs; round += 1) {
      const out = join(work, `generate-${round}`);
      const types = join(work, `oat-${round}`, 'types.ts');
      mkdirSync(join(work, `oat-${round}`));
      const measureGenerate = () => generate.push(runMeasured([join(ROOT, 'bin', 'authkit.js'), 'generate', '--spec', spec, '--out', out], ROOT, preload, join(work, 'usage.json')));
      const measureOat = () => openapiTypescript.push(runMeasured([oatCli, spec, '-o', types], join(work, `oat-${round}`), preload, join(work, 'usage.json')));
      // Exit 1: GitHub's description has lint errors (1,630 with the recommended rules).
      const measureLint = () => lintAlone.push(runMeasured([join(ROOT, 'bin', 'authkit.js'), 'lint', '--spec', spec], ROOT, preload, join(work, 'usage.json'), [0, 1]));
      // Rotate who goes first, so none always runs on a warmer (or busier) machine.
      const order = [measureGenerate, measureOat, measureLint];
      for (let turn = 0; turn < order.length; turn += 1) order[(round + turn) % order.length]!();
      sameTypes &&= body(readFileSync(join(out, 'api-types.ts'), 'utf8')) === body(readFileSync(types, 'utf8'));
      rmSync(out, { recursive: true, force: true });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const a = contender('authkit generate (lint, bundle, types, manifest)', `node bin/authkit.js generate --spec <api.github.com.json> --out <new folder>`, generate);
  const b = contender('openapi-typescript alone', `node node_modules/openapi-typescript/bin/cli.js <api.github.com.json> -o <new folder>/types.ts`, openapiTypescript);
  const c = contender('authkit lint alone (generate\'s floor)', `node bin/authkit.js lint --spec <api.github.com.json>`, lintAlone);
  return {
    spec: `${PACKAGE} ${SPEC_IN_PACKAGE}`,
    specBytes: statSync(spec).size,
    authkitFrom,
    generate: a,
    openapiTypescript: b,
    lintAlone: c,
    ratio: round(a.medianWallMs / b.medianWallMs, 2),
    lintRatio: round(c.medianWallMs / b.medianWallMs, 2),
    target: 1.3,
    sameTypes,
    loadAverage: [round(loadBefore, 1), round(loadavg()[0]!, 1)],
  };
}

export function printGenerateLarge(result: GenerateLargeResult): void {
  console.log(`\nGenerate on a large spec: ${result.spec} (${round(result.specBytes / 1e6, 1)} MB), fresh processes, nothing cached, ${result.generate.runs} interleaved rounds (authkit from ${result.authkitFrom})`);
  for (const contender of [result.generate, result.openapiTypescript, result.lintAlone]) {
    console.log(`  ${contender.name.padEnd(48)} wall ${(contender.medianWallMs / 1000).toFixed(2).padStart(6)} s   CPU ${(contender.medianCpuMs / 1000).toFixed(2).padStart(6)} s   peak RSS ${String(contender.medianPeakRssMb).padStart(5)} MB   (runs: ${contender.wallMs.map((ms) => (ms / 1000).toFixed(1)).join(', ')} s)`);
  }
  console.log(`  ratio (wall medians): ${result.ratio}x (target ≤ ${result.target}x; lint alone ${result.lintRatio}x); types identical under the header: ${result.sameTypes ? 'yes' : 'NO'}; load average ${result.loadAverage[0]} → ${result.loadAverage[1]} on ${availableParallelism()} cores`);
}

