import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { x } from 'tinyexec';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createServer, type AddressInfo } from 'node:net';
import { PRISM_LISTENING_MARK } from '../../src/mock/engine/prism-cli-listening.js';
import { PrismStartError } from '../../src/mock/errors.js';
import { startMock } from '../../src/mock/index.js';
import { startPrism } from '../../src/mock/prism-process.js';
import { freePort } from '../../src/mock/port.js';
import { AUTH_BUNDLE, ROOT } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait.js';

const ME = '/api/v1/auth/me';

// The Prism CLI (what --proxy runs, and the parity tests' reference) starts with faker and
// postman-collection deferred, as the engine does (src/mock/engine/prism-cli-preload.ts):
// about 0.9 s less of each start. What it answers must not change.
describe('the Prism CLI, started by the toolkit', { timeout: 60_000 }, () => {
  it('loads the preload that defers faker, and still makes up values with it on `Prefer: dynamic=true`', async () => {
    const mock = await startMock({ spec: AUTH_BUNDLE, engine: 'prism-cli', quietPrism: true });
    onTestFinished(() => mock.close());
    // npm test builds dist/ first, so the CLI gets the built preload.
    const commandLine = readFileSync(`/proc/${mock.pid}/cmdline`, 'utf8').split('\0');
    expect(commandLine.filter((arg) => arg.endsWith('/dist/src/mock/engine/prism-cli-preload.js'))).toHaveLength(1);
    const ask = async (prefer: string) => {
      const response = await fetch(`${mock.url}${ME}`, { headers: { cookie: 'access_token=t', prefer } });
      return { status: response.status, body: (await response.json()) as { id: unknown; email: unknown } };
    };
    const example = await ask('code=200');
    const made = [await ask('dynamic=true'), await ask('dynamic=true')];
    expect(made.map((answer) => answer.status)).toEqual([200, 200]);
    // faker's values: new each time, and not the documented example.
    expect(new Set([example.body.id, ...made.map((answer) => answer.body.id)]).size).toBe(3);
    expect(made[0]!.body.email).toEqual(expect.stringContaining('@'));
  });

  // A quiet CLI prints no "listening" line; readiness is the preload's line with its port.
  // The port accepting a connection proved nothing: here another server holds it, the CLI
  // ends with EADDRINUSE, and before, startPrism called it ready (another server answered).
  it('quiet, a CLI whose port another server holds is not taken for ready: it fails, naming EADDRINUSE', async () => {
    const holder = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => void holder.close());
    const port = (holder.address() as AddressInfo).port;
    const started = startPrism({ document: AUTH_BUNDLE, host: '127.0.0.1', port, quiet: true });
    onTestFinished(async () => (await started.catch(() => undefined))?.close());
    const error = (await started.then(() => undefined, (failure: unknown) => failure)) as PrismStartError | undefined;
    expect(error).toBeInstanceOf(PrismStartError);
    expect(error!.logs.join('\n')).toContain('EADDRINUSE');
  });

  it('quiet, it is ready once the CLI itself listens, and answers', async () => {
    const port = await freePort('127.0.0.1');
    const prism = await startPrism({ document: AUTH_BUNDLE, host: '127.0.0.1', port, quiet: true });
    onTestFinished(() => prism.close());
    expect(prism.running()).toBe(true);
    expect((await fetch(`${prism.url}${ME}`, { headers: { cookie: 'access_token=t', prefer: 'code=200' } })).status).toBe(200);
    // The preload's line is readiness, not a log line.
    expect(prism.logs().filter((line) => line.includes(PRISM_LISTENING_MARK))).toEqual([]);
  });

  // The option ajv's classes keep their code optimizer's switch in, as Prism's validator
  // compiles a validator: seen from a process like the CLI's, with and without the preload,
  // quiet or not.
  const OPTIMIZER_PROBE = [
    "const { createRequire } = require('node:module');",
    "const cli = createRequire(require.resolve('@stoplight/prism-cli/package.json'));",
    "const utils = cli.resolve('@stoplight/prism-http/dist/validator/validators/utils.js');",
    "const Ajv = createRequire(utils)('ajv/dist/core').default;",
    'const seen = [];',
    'const compile = Ajv.prototype.compile;',
    'Ajv.prototype.compile = function (...args) { seen.push(this.opts.code.optimize); return compile.apply(this, args); };',
    // Through Prism's body validator, which holds the validator module it was loaded with.
    "const body = cli.resolve('@stoplight/prism-http/dist/validator/validators/body.js');",
    "const refused = (schema, value = 1) => cli(body).validate(value, [{ mediaType: 'application/json', schema }], 0 /* ValidationContext.Input */, 'application/json')._tag === 'Left';",
    "const result = { refused: refused({ type: 'string' }) };",
    // Schemas that read the same but for their x-stoplight ids (new objects, as Prism's
    // reader gives each operation), one that differs, one with a $ref, one with an $id.
    "const compilesBefore = seen.length;",
    "result.same = [refused({ type: 'string', maxLength: 2, 'x-stoplight': { id: 'a' } }, 'abc'), refused({ type: 'string', maxLength: 2, 'x-stoplight': { id: 'b' } }, 'abc'), refused({ type: 'string', maxLength: 2, 'x-stoplight': { id: 'c' } }, 'ab')];",
    "result.other = refused({ type: 'string', maxLength: 3, 'x-stoplight': { id: 'd' } }, 'abc');",
    "const named = () => ({ type: 'object', properties: { a: { $ref: '#/$defs/a' } }, $defs: { a: { type: 'string' } } });",
    "result.named = [refused(named(), { a: 1 }), refused(named(), { a: 'x' })];",
    "const identified = () => ({ $id: 'https://example.com/one', type: 'string' });",
    "result.identified = [refused(identified(), 1), refused(identified(), 1)];",
    "result.compiles = seen.length - compilesBefore;",
    "console.log(JSON.stringify({ seen: seen.slice(0, 1), ...result }));",
  ].join('\n');

  it("compiles Prism's validators with ajv's code optimizer off, once for schemas that differ only by their x-stoplight ids, as the engine's bundle does; they refuse as before", async () => {
    const preload = pathToFileURL(join(ROOT, 'dist', 'src', 'mock', 'engine', 'prism-cli-preload.js')).href;
    // The CLI's arguments after `--`: the preload does more for a quiet CLI (-v fatal), and
    // loads Prism's modules to do it.
    const probe = async (flags: string[], cliArgs: string[] = []) =>
      JSON.parse((await x(process.execPath, [...flags, '-e', OPTIMIZER_PROBE, '--', ...cliArgs], { nodeOptions: { cwd: ROOT }, throwOnError: true })).stdout) as unknown;
    // ajv keeps its switch as a number of passes: 0 is off, 1 its default. With the preload,
    // the three schemas that differ only by id compile once (prism-shared-validators.ts),
    // the others each time: 1 + 1 + 2 + 2 compiles (ajv refuses the second schema with the
    // same $id, and Prism then validates nothing, as published); without it, 3 + 1 + 2 + 2.
    const answers = { refused: true, same: [true, true, false], other: false, named: [true, false], identified: [true, false] };
    expect(await probe(['--import', preload])).toEqual({ seen: [0], ...answers, compiles: 6 });
    expect(await probe(['--import', preload], ['-v', 'fatal'])).toEqual({ seen: [0], ...answers, compiles: 6 });
    expect(await probe([])).toEqual({ seen: [1], ...answers, compiles: 8 });
  });

  // Once it listens, the CLI works out an example URL per operation for its route list,
  // with json-schema-faker for each parameter without an example: that loads faker. A quiet
  // CLI prints no such line, so the preload has it not made. Seen from inside the CLI: a
  // probe loaded after the preload says, on SIGUSR2, whether faker is loaded (its files in
  // the module cache; the preload's stand-in is one file, at faker's entry).
  const FAKER_PROBE = `data:text/javascript,${encodeURIComponent(
    "import { createRequire } from 'node:module'; const cache = createRequire(process.cwd() + '/').cache; " +
      "process.on('SIGUSR2', () => process.stderr.write('faker loaded: ' + (Object.keys(cache).filter((file) => file.includes('/@faker-js/faker/')).length > 1) + '\\n'));",
  )}`;
  /**
   * The Prism CLI with the preload and `probe` (an ES module, loaded after the preload) on
   * `spec`, at log level `level`, once it answers `path`; then SIGUSR2, and what the probe
   * then writes that matches `said`. The answer must be `expected`, so that another server on
   * a port found free (the suite starts many at once) is not taken for the CLI; a CLI that
   * ends before it answers is started again on another port.
   */
  const askProbe = async (spec: string, level: string, probe: string, path: string, expected: unknown, said: RegExp, env: NodeJS.ProcessEnv = process.env) => {
    const prismCli = createRequire(import.meta.url).resolve('@stoplight/prism-cli/package.json');
    const bin = join(dirname(prismCli), (JSON.parse(readFileSync(prismCli, 'utf8')) as { bin: Record<string, string> }).bin.prism!);
    const preload = pathToFileURL(join(ROOT, 'dist', 'src', 'mock', 'engine', 'prism-cli-preload.js')).href;
    for (let attempt = 1; ; attempt += 1) {
      const port = await freePort('127.0.0.1');
      const child = spawn(process.execPath, ['--import', preload, '--import', probe, bin, 'mock', spec, '--host', '127.0.0.1', '--port', String(port), '-v', level], { stdio: ['ignore', 'ignore', 'pipe'], env });
      onTestFinished(() => void child.kill('SIGKILL'));
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const ended = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(`the CLI ended (${signal ?? `exit ${code}`}) before it answered:\n${stderr}`)));
      const answered = waitFor('the CLI to answer', () => fetch(`http://127.0.0.1:${port}${path}`).then((response) => response.text(), () => undefined)).then((body) => ({ body }));
      const first = await Promise.race([answered, ended]);
      if (typeof first === 'string') {
        if (attempt < 3 && /EADDRINUSE/.test(first)) continue;
        throw new Error(first);
      }
      expect(JSON.parse(first.body)).toEqual(expected);
      child.kill('SIGUSR2');
      return waitFor('the probe to answer', () => said.exec(stderr)?.[1]).catch((error: Error) => {
        throw new Error(`${error.message}; the CLI's stderr:\n${stderr}`);
      });
    }
  };

  const fakerLoadedAfterStart = async (level: string) => {
    const dir = await tempDir('prism-route-list-');
    const spec = join(dir, 'openapi.json');
    // A query parameter with no example: the route list would make one up, and for a plain
    // string Prism asks faker for a word (x-faker: lorem.word).
    await writeFile(spec, JSON.stringify({
      openapi: '3.1.0',
      info: { title: 'items', version: '1' },
      paths: { '/items': { get: { operationId: 'listItems', parameters: [{ name: 'q', in: 'query', schema: { type: 'string' } }], responses: { '200': { description: 'ok', content: { 'application/json': { example: { items: [] } } } } } } } },
    }));
    // The list is made as the CLI starts to listen, before it reads any request.
    return askProbe(spec, level, FAKER_PROBE, '/items', { items: [] }, /faker loaded: (true|false)/);
  };

  it('quiet, it does not make the route list it would not print: faker is not loaded to make up values for it', async () => {
    expect(await fakerLoadedAfterStart('fatal')).toBe('false');
    // At info the list is printed, and made with faker.
    expect(await fakerLoadedAfterStart('info')).toBe('true');
  });

  // Once it has read its operations, the CLI reads the spec again, whole, only for the root's
  // x-json-schema-faker options; the preload spares that second reading to a spec that has
  // none. Seen from inside: a probe counts, on SIGUSR2, the dereferences of the spec's file by
  // Prism's reader (the step is still called, with an empty document).
  const DEREFERENCE_PROBE = `data:text/javascript,${encodeURIComponent(
    "import { createRequire } from 'node:module'; const cli = createRequire(createRequire(process.cwd() + '/').resolve('@stoplight/prism-cli/package.json')); " +
      "const Parser = cli('@stoplight/json-schema-ref-parser'); const dereference = Parser.prototype.dereference; let count = 0; " +
      "Parser.prototype.dereference = function (...args) { if (typeof args[0] === 'string') count += 1; return dereference.apply(this, args); }; " +
      "process.on('SIGUSR2', () => process.stderr.write('readings of the file: ' + count + '\\n'));",
  )}`;
  // An optional property with an example: with `useExamplesValue` faker takes the example, without it, makes one up.
  const fakerOptionsSpec = async (options: Record<string, unknown> | undefined) => {
    const dir = await tempDir('prism-faker-options-');
    const spec = join(dir, 'openapi.json');
    await writeFile(spec, JSON.stringify({
      openapi: '3.1.0',
      info: { title: 'things', version: '1' },
      ...(options ? { 'x-json-schema-faker': options } : {}),
      paths: { '/thing': { get: { operationId: 'getThing', responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', required: ['name'], properties: { name: { type: 'string', example: 'the-example-name' } } } } } } } } } },
    }));
    return spec;
  };

  it("reads a spec once when its root has no x-json-schema-faker options, twice when it has, and applies them", async () => {
    const without = await fakerOptionsSpec(undefined);
    const withOptions = await fakerOptionsSpec({ useExamplesValue: true });
    // The answer without Prefer is the schema's example either way: readiness, not the options.
    expect(await askProbe(without, 'fatal', DEREFERENCE_PROBE, '/thing', { name: 'the-example-name' }, /readings of the file: (\d+)/)).toBe('1');
    expect(await askProbe(withOptions, 'fatal', DEREFERENCE_PROBE, '/thing', { name: 'the-example-name' }, /readings of the file: (\d+)/)).toBe('2');
    // The options still reach json-schema-faker: dynamic answers take the example with them, and make up a name without.
    const names = async (spec: string) => {
      const mock = await startMock({ spec, engine: 'prism-cli', quietPrism: true });
      onTestFinished(() => mock.close());
      const answers = await Promise.all([1, 2, 3].map(() => fetch(`${mock.url}/thing`, { headers: { prefer: 'dynamic=true' } }).then((response) => response.json() as Promise<{ name: string }>)));
      return answers.map((answer) => answer.name);
    };
    expect(await names(withOptions)).toEqual(['the-example-name', 'the-example-name', 'the-example-name']);
    expect((await names(without)).filter((name) => name === 'the-example-name')).toEqual([]);
  });

  // The CLI's CommonJS files compile from V8's code cache, kept in one file in the toolkit's
  // cache folder: the first start compiles them and saves the lot once it listens; the next
  // takes every one saved from it. Seen from inside, on SIGUSR2, by the preload's own counts.
  const CACHE_PROBE = `data:text/javascript,${encodeURIComponent(
    "process.on('SIGUSR2', () => process.stderr.write('compiles: ' + JSON.stringify(globalThis[Symbol.for('authkit.commonjs-code-cache')]) + '\\n'));",
  )}`;
  it('compiles its CommonJS files from a code cache from its second start on', async () => {
    const spec = await fakerOptionsSpec(undefined);
    const cacheDir = await tempDir('prism-code-cache-');
    const env = { ...process.env, AUTHKIT_CACHE_DIR: cacheDir };
    const start = async () => JSON.parse(await askProbe(spec, 'fatal', CACHE_PROBE, '/thing', { name: 'the-example-name' }, /compiles: (\{.*\})/, env)) as { hits: number; misses: number; passed: number; saved: number };
    const first = await start();
    expect(first.hits).toBe(0);
    // Prism 5.14's CLI: some 700 files; a few more load to answer the first request, after the save.
    expect(first.misses).toBeGreaterThan(300);
    expect(first.saved).toBeGreaterThan(300);
    const second = await start();
    expect(second).toEqual({ hits: first.saved, misses: first.misses - first.saved, passed: first.passed, saved: 0 });
    expect(await readdir(join(cacheDir, 'code-cache'))).toEqual([`prism-cli-${process.version}-${process.platform}-${process.arch}.bin`]);
  });
});
