// The dev loop's figures: how long `authkit generate` and `check` take when the spec
// did not change (the recorded hashes answer; targets 0.3 s and 0.5 s), side by side
// with the full rebuild every run used to do; the type-check on TypeScript 7 against
// 5.9; and what the client entry weighs in a frontend bundle.
import { spawnSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import { toolkitRoot } from '../src/toolkit-package.js';
import { median, round } from './stats.js';

const ROOT = toolkitRoot();

export interface CommandTiming {
  name: string;
  command: string;
  runs: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  targetMs?: number;
}

function time(name: string, argv: string[], runs: number, targetMs?: number): CommandTiming {
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    const result = spawnSync(argv[0]!, argv.slice(1), { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, encoding: 'utf8' });
    samples.push(performance.now() - started);
    if (result.status !== 0) throw new Error(`${argv.join(' ')} exited ${result.status}:\n${result.stdout}${result.stderr}`);
  }
  return { name, command: argv.map((part) => part.replace(`${ROOT}/`, '')).join(' '), runs, medianMs: round(median(samples), 0), minMs: round(Math.min(...samples), 0), maxMs: round(Math.max(...samples), 0), ...(targetMs ? { targetMs } : {}) };
}

export interface ClientSize {
  entry: string;
  /** What a page loads first: the entry's chunk and the chunks it imports statically. */
  minifiedBytes: number;
  gzipBytes: number;
  /** Chunks loaded only on demand (schema validation, for a client given `schemas`). */
  lazy: { name: string; minifiedBytes: number; gzipBytes: number }[];
}

/**
 * The package's `.` entry as a frontend bundler ships it: bundled with openapi-fetch,
 * minified, for the browser, dynamic imports split into chunks of their own (as Vite,
 * Rollup and webpack do), so that what a page loads first is told apart from what a
 * client given `schemas` loads later.
 */
export async function measureClientSize(): Promise<ClientSize> {
  const entry = join(ROOT, 'dist', 'src', 'index.js');
  const outdir = join(ROOT, 'dist', 'client-size');
  const result = await build({ entryPoints: [entry], bundle: true, minify: true, format: 'esm', platform: 'browser', splitting: true, outdir, write: false, metafile: true, logLevel: 'silent' });
  const outputs = result.metafile.outputs;
  const code = new Map(result.outputFiles.map((file) => [relative(ROOT, file.path), file.contents]));
  const first = new Set<string>();
  const visit = (chunk: string) => {
    if (first.has(chunk)) return;
    first.add(chunk);
    for (const imported of outputs[chunk]!.imports) if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
  };
  visit(Object.keys(outputs).find((chunk) => outputs[chunk]!.entryPoint)!);
  const sizes = (chunks: string[]) => chunks.map((chunk) => ({ name: chunk.replace(/^.*\//, ''), minifiedBytes: code.get(chunk)!.byteLength, gzipBytes: gzipSync(code.get(chunk)!).byteLength }));
  const initial = sizes([...first]);
  return {
    entry: 'dist/src/index.js',
    minifiedBytes: initial.reduce((sum, chunk) => sum + chunk.minifiedBytes, 0),
    gzipBytes: initial.reduce((sum, chunk) => sum + chunk.gzipBytes, 0),
    lazy: sizes(Object.keys(outputs).filter((chunk) => !first.has(chunk))),
  };
}

export async function measureCli({ runs = 7 } = {}): Promise<{ timings: CommandTiming[]; clientSize: ClientSize }> {
  const built = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`npm run build failed:\n${built.stdout}${built.stderr}`);
  const bin = [process.execPath, join(ROOT, 'bin', 'authkit.js')];
  const fromSource = [process.execPath, '--import', 'tsx', join(ROOT, 'src', 'cli', 'bin.ts')];
  // Make sure the recorded hashes are current, so that the no-op runs are no-ops.
  time('prime', [...bin, 'generate'], 1);
  const timings = [
    time('generate, nothing changed (installed bin)', [...bin, 'generate'], runs, 300),
    time('generate --no-cache: the full rebuild (installed bin)', [...bin, 'generate', '--no-cache'], Math.max(3, Math.ceil(runs / 2))),
    time('generate --no-cache through tsx: the old path (tsx start-up + full rebuild)', [...fromSource, 'generate', '--no-cache'], Math.max(3, Math.ceil(runs / 2))),
    time('check, nothing changed (installed bin)', [...bin, 'check'], runs, 500),
    time('check --no-cache: rebuild and compare (installed bin)', [...bin, 'check', '--no-cache'], Math.max(3, Math.ceil(runs / 2))),
    time('typecheck on TypeScript 7 (npm run typecheck)', [process.execPath, join(ROOT, 'node_modules', 'typescript-7', 'bin', 'tsc'), '--singleThreaded', '-p', '.'], 3),
    time('typecheck on TypeScript 5.9 (the old path)', [process.execPath, join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], 3),
  ];
  return { timings, clientSize: await measureClientSize() };
}
