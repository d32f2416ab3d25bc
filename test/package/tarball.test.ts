import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { x } from 'tinyexec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths.js';
import { envelope, sendJson, startWireServer } from '../helpers/wire-server.js';
import { clientImportGraph } from './import-graph.js';

const run = async (command: string, args: string[], cwd: string) => {
  const result = await x(command, args, { nodeOptions: { cwd, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } }, throwOnError: false });
  if (result.exitCode !== 0) throw new Error(`${command} ${args.join(' ')} failed in ${cwd} (exit ${result.exitCode}):\n${result.stdout}\n${result.stderr}`);
  return result;
};

// Packs the package as built by `npm test`, installs the tarball into a
// copy of test/consumer in an empty folder outside the repo, and uses it as a frontend
// team would: the client's types and runtime by the package's name, and every command
// of the installed `authkit` bin on the team's own spec.
describe('the packed package, installed by a team', { timeout: 300_000 }, () => {
  let team: string;
  let work: string;
  const authkit = (...args: string[]) => run(join(team, 'node_modules', '.bin', 'authkit'), args, team);

  afterAll(() => rm(work, { recursive: true, force: true }));

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'pack-'));
    // `npm test` has just built dist/; packing without `prepack` does not build it again.
    if (!existsSync(join(ROOT, 'dist', 'src', 'index.js'))) throw new Error('dist/ is not built: run `npm run build` (npm test does) before this file');
    await run('npm', ['pack', '--ignore-scripts', '--pack-destination', work], ROOT);
    const tarball = (await readdir(work)).find((file) => file.endsWith('.tgz'));
    if (!tarball) throw new Error('npm pack wrote no tarball');
    team = join(work, 'team-app');
    await cp(join(ROOT, 'test', 'consumer'), team, { recursive: true });
    // The optional peers the ./msw and ./react-query entries and generated schemas are for, as a team that uses them has them.
    await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', join(work, tarball), 'msw@2.15.0', '@tanstack/react-query@5.108.0', '@types/react@19.3.0', 'zod@4.6.7'], team);
  }, 300_000);

  it('ships the bin, the build, the house rules, the init templates and the Auth API artifacts, and no sources or tests', async () => {
    const installed = join(team, 'node_modules', '@authkit', 'contract');
    const top = (await readdir(installed)).sort();
    expect(top).toEqual(['README.md', 'bin', 'dist', 'generated', 'package.json', 'src', 'templates']);
    expect((await readdir(join(installed, 'src'), { recursive: true })).sort()).toEqual([
      'lint',
      'lint/house-rules',
      'lint/house-rules/canonical-error-set.js',
      'lint/house-rules/error-envelope.js',
      'lint/house-rules/error-example-code.js',
      'lint/house-rules/index.js',
      'lint/house-rules/operation-id-camel-case.js',
      'lint/house-rules/responses.js',
    ]);
    // Prism's engine and Redocly are dependencies, not peers to discover; the dev tools are not installed.
    for (const name of ['@stoplight/prism-cli', '@redocly/openapi-core', 'openapi-typescript', 'typescript']) expect(existsSync(join(team, 'node_modules', name)), name).toBe(true);
    for (const name of ['tsx', 'vitest', '@redocly/cli']) expect(existsSync(join(team, 'node_modules', name)), name).toBe(false);
  });

  // Two compilers, each on what it is here for. TypeScript 7 checks the app and every
  // declaration file it reaches (skipLibCheck false, as the app's tsconfig says): the
  // package's own, and those of the dependencies they name. TypeScript 5.9, which most
  // teams compile with today, checks the app against them; checking every declaration
  // file again with it (msw's, React's, Prism's) was 13 s of CPU, two thirds of this test's.
  // TypeScript 7 lists the files the app's compile reads (--listFiles): none of ajv's, which
  // the package loads at run time but whose declarations its own do not name.
  it.for([
    ['TypeScript 7, every declaration file too', join(ROOT, 'node_modules', 'typescript-7', 'bin', 'tsc'), ['--listFiles', '--singleThreaded'], true],
    ['TypeScript 5.9', join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), ['--skipLibCheck'], false],
  ] as const)('type-checks the consumer app against the tarball: %s', async ([, tsc, flags, listsFiles]) => {
    const result = await x(process.execPath, [tsc, '-p', join(team, 'tsconfig.json'), ...flags], { throwOnError: false });
    const listed = result.stdout.split('\n').filter((line) => line !== '');
    expect(listed.filter((line) => !/\.((d\.)?[cm]?tsx?|json)$/.test(line)).concat(result.stderr ? [result.stderr] : [])).toEqual([]);
    if (listsFiles) {
      // The package's own files the app's compile reads, exactly: what its entries' declarations name.
      const installed = `${join(team, 'node_modules', '@authkit', 'contract')}${sep}`;
      expect(listed.filter((line) => line.startsWith(installed)).map((line) => line.slice(installed.length).split(sep).join('/')).sort()).toEqual([
        'dist/generated/api-types.d.ts',
        'dist/src/auth-api.d.ts',
        'dist/src/client/api-error.d.ts',
        'dist/src/client/bounded-body.d.ts',
        'dist/src/client/create-api-client.d.ts',
        'dist/src/client/http-status.d.ts',
        'dist/src/client/index.d.ts',
        'dist/src/client/openapi-fetch-transport.d.ts',
        'dist/src/client/redirects.d.ts',
        'dist/src/client/result.d.ts',
        'dist/src/client/retry.d.ts',
        'dist/src/client/schema-map.d.ts',
        'dist/src/client/validation.d.ts',
        'dist/src/index.d.ts',
        'dist/src/mock-state/control.d.ts',
        'dist/src/mock-state/forced-headers.d.ts',
        'dist/src/mock-state/operation-types.d.ts',
        'dist/src/mock-state/plan-types.d.ts',
        'dist/src/mock-state/read-plan.d.ts',
        'dist/src/mock-state/session-plan.d.ts',
        'dist/src/mock-state/state-store.d.ts',
        'dist/src/mock/errors.d.ts',
        'dist/src/mock/index.d.ts',
        'dist/src/mock/mock-events.d.ts',
        'dist/src/mock/start-mock.d.ts',
        'dist/src/msw/handlers.d.ts',
        'dist/src/msw/index.d.ts',
        'dist/src/msw/mock-answer.d.ts',
        'dist/src/openapi/document.d.ts',
        'dist/src/openapi/operations.d.ts',
        'dist/src/react-query/auth-queries.d.ts',
        'dist/src/react-query/index.d.ts',
        'dist/src/react-query/query-options.d.ts',
        'dist/src/schema/field-errors.d.ts',
        'dist/src/schema/schema-problem.d.ts',
        'dist/src/schema/schema-validator.d.ts',
        'generated/openapi.json',
      ]);
      expect(listed.filter((line) => /[\\/]node_modules[\\/]ajv[\\/]/.test(line))).toEqual([]);
    } else expect(listed).toEqual([]);
    expect(result.exitCode).toBe(0);
  });

  it('resolves by its own name in plain Node and answers with an ApiError', async () => {
    const server = await startWireServer((_req, res) => sendJson(res, 401, envelope(401, 'authentication_error')));
    const result = await run(process.execPath, [join(team, 'src', 'runtime.mjs'), server.url], team);
    expect(JSON.parse(result.stdout)).toEqual({ status: 401, isApiError: true, type: 'authentication_error' });
  });

  it('the client entry pulls in no Prism, Redocly, TypeScript or Node-only code', async () => {
    const graph = await clientImportGraph(join(team, 'node_modules', '@authkit', 'contract'));
    expect(graph.packages).toEqual(['openapi-fetch']);
    // Never zod, not even for validation: the generated schemas module brings it, when an app passes one.
    expect(graph.packages.filter((name) => /zod/.test(name))).toEqual([]);
    expect(graph.files).toEqual([
      'dist/src/client/api-error.js',
      'dist/src/client/attempt-signal.js',
      'dist/src/client/bounded-body.js',
      'dist/src/client/create-api-client.js',
      'dist/src/client/error-body.js',
      'dist/src/client/index.js',
      'dist/src/client/openapi-fetch-transport.js',
      'dist/src/client/redirects.js',
      'dist/src/client/result.js',
      'dist/src/client/retry.js',
      'dist/src/client/schema-map.js',
      'dist/src/client/session-refresh.js',
      'dist/src/client/url-init-fetch.js',
      // Imported dynamically, and only by a client given `schemas`.
      'dist/src/client/validation.js',
      'dist/src/index.js',
    ]);
  });

  it('runs init, lint, generate, check and contract through the installed bin, all from the team\'s folder', async () => {
    expect((await authkit('--version')).stdout).toMatch(/^authkit\/\d+\.\d+\.\d+ /);
    expect((await authkit('init')).stdout).toMatch(/scaffolded \d+ files in \.: redocly\.yaml/);
    expect((await authkit('lint')).stdout).toBe('✔ main (spec/openapi.yaml): no problems\n✔ main (spec/flows/items.arazzo.yaml): no problems\n');
    expect((await authkit('generate')).stdout).toBe('✔ main: generated generated/openapi.json, generated/api-types.ts, generated/authkit-manifest.json\n');
    expect(JSON.parse(await readFile(join(team, 'generated', 'openapi.json'), 'utf8')).info.title).toBe('Items API');
    expect(await readFile(join(team, 'generated', 'api-types.ts'), 'utf8')).toMatch(/createItem: \{/);
    expect((await authkit('generate')).stdout).toContain('(no input changed since the last generate); nothing written');
    expect((await authkit('check')).stdout).toBe('✔ main: generated/ matches the spec\n');
    const contract = await authkit('contract', '--spec', 'spec/openapi.yaml');
    expect(contract.stdout).toMatch(/^✔ Items API 0\.1\.0 \(mock at http:\/\/127\.0\.0\.1:\d+\): (\d+)\/\1 pairs pass, 0 fail, 0 not exercised/m);
    expect(existsSync(join(team, 'reports', 'contract.json'))).toBe(true);
    // The starter flow, with the flows' own dependencies (a cookie jar, JSONPath) as installed from the tarball.
    const flows = await authkit('flows');
    expect(flows.stdout).toMatch(/^flows: 1 workflow · 1 passed · 0 failed · 0 skipped · 3 steps, against the mock http:\/\/127\.0\.0\.1:\d+/);
    expect(existsSync(join(team, 'reports', 'flows.json'))).toBe(true);
  });

  it('with x-authkit.zod, generate writes schemas.ts, which type-checks with zod and is what the client\'s `schemas` takes', async () => {
    const config = join(team, 'redocly.yaml');
    await writeFile(config, `${await readFile(config, 'utf8')}x-authkit:\n  zod: true\n`);
    expect((await authkit('generate')).stdout).toBe('✔ main: generated generated/schemas.ts, generated/authkit-manifest.json\n');
    expect((await authkit('check')).stdout).toBe('✔ main: generated/ matches the spec\n');
    await writeFile(
      join(team, 'zod-app.ts'),
      [
        "import { createApiClient, type SchemaModule } from '@authkit/contract';",
        "import type { z } from 'zod';",
        "import type { components } from './generated/api-types.js';",
        "import * as schemas from './generated/schemas.js';",
        'const module: SchemaModule = schemas;',
        "export const api = createApiClient({ baseUrl: 'http://127.0.0.1:4010', schemas: module });",
        "type Item = components['schemas']['Item'];",
        'type Inferred = z.infer<typeof schemas.zItem>;',
        'export const same: [Inferred] extends [Item] ? ([Item] extends [Inferred] ? true : false) : false = true;',
        '',
      ].join('\n'),
    );
    await writeFile(join(team, 'tsconfig.zod.json'), JSON.stringify({ extends: './tsconfig.json', compilerOptions: { skipLibCheck: true }, include: ['zod-app.ts', 'generated'] }));
    const result = await x(join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), ['-p', join(team, 'tsconfig.zod.json')], { throwOnError: false });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
  });

  it('writes the docs page from the copy of Redoc the package ships: redoc itself is not installed', async () => {
    expect(existsSync(join(team, 'node_modules', 'redoc'))).toBe(false);
    expect((await authkit('docs')).stdout).toMatch(/^✔ wrote reports\/docs\.html: 3 operation\(s\), \d+ KiB, self-contained/);
    const page = await readFile(join(team, 'reports', 'docs.html'), 'utf8');
    expect(page).toContain('"title":"Items API"');
    expect(page).toContain('Redoc.init(');
    expect(page).not.toContain('cdn.redoc.ly');
  });

  it("the installed engine takes Prism from the package's bundle, with the licences of what is inside it", async () => {
    const installed = join(team, 'node_modules', '@authkit', 'contract');
    const probe = `import(${JSON.stringify(join(installed, 'dist', 'src', 'mock', 'engine', 'prism-modules.js'))}).then(({ prism }) => console.log(prism.from))`;
    expect((await run(process.execPath, ['-e', probe], team)).stdout).toBe('bundle\n');
    for (const licences of [join('dist', 'vendor', 'prism', 'THIRD-PARTY-LICENSES.txt'), join('dist', 'src', 'openapi', 'redocly.THIRD-PARTY-LICENSES.txt')]) {
      expect(await readFile(join(installed, licences), 'utf8'), licences).toMatch(/^Packages bundled into .* by scripts\/bundle-vendors\.js, with their licences\./);
    }
  });

  it('init refuses to overwrite, naming what is there (exit 2)', async () => {
    const result = await x(join(team, 'node_modules', '.bin', 'authkit'), ['init'], { nodeOptions: { cwd: team }, throwOnError: false });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('redocly.yaml, spec already exist: init only writes into a folder without them');
  });
});
