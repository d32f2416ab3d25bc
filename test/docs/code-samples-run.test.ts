import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it, onTestFinished } from 'vitest';
import { codeSamples, curlSample, type CodeSampleOptions } from '../../src/docs/code-samples.js';
import { sampleRequest } from '../../src/docs/sample-request.js';
import type { OpenApiDocument } from '../../src/openapi/document.js';
import { listOperations } from '../../src/openapi/operations.js';
import { startMock } from '../../src/mock/start-mock.js';
import { AUTH_BUNDLE, AUTH_SPEC, fixture, ROOT } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp-dir.js';

// The samples run: the typed client's compile against the generated types (so a sample
// that calls a path, passes a parameter or reads a status the types do not have fails
// here), and the curl line, pasted into a shell, gets the documented success from the mock.
const run = promisify(execFile);
const auth: OpenApiDocument = JSON.parse(await readFile(AUTH_BUNDLE, 'utf8'));
const galaxy: OpenApiDocument = JSON.parse(await readFile(join(ROOT, 'node_modules', '@scalar', 'galaxy', 'dist', '3.1.json'), 'utf8'));
const CURL = await hasCurl();
const TSC = join(ROOT, 'node_modules', 'typescript-7', 'bin', 'tsc');

/** Every operation's typed-client sample as a module of its own, its imports pointed at this checkout. */
async function writeTypedSamples(dir: string, document: OpenApiDocument, options: CodeSampleOptions, types: string): Promise<string[]> {
  const files: string[] = [];
  for (const operation of listOperations(document)) {
    const source = codeSamples(document, operation, options)[0]!.source
      .replace(`from '@authkit/contract'`, `from ${JSON.stringify(join(ROOT, 'src', 'index.js'))}`)
      .replace(`from './generated/api-types.js'`, `from ${JSON.stringify(types.replace(/\.ts$/, '.js'))}`);
    const file = join(dir, `${operation.operationId.replace(/\W/g, '_')}.mts`);
    await writeFile(file, `${source}\nexport {};\n`);
    files.push(file);
  }
  return files;
}

async function typeErrors(files: string[]): Promise<string> {
  const args = [TSC, '--singleThreaded', '--ignoreConfig', '--noEmit', '--strict', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--lib', 'es2023,dom', '--skipLibCheck', '--types', 'node', '--typeRoots', join(ROOT, 'node_modules', '@types'), ...files];
  try {
    await run(process.execPath, args, { cwd: ROOT });
    return '';
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? error);
  }
}

describe('the code samples run', { timeout: 90_000 }, () => {
  it('every typed-client sample type-checks with TypeScript 7: the Auth API against @authkit/contract, Galaxy against its generated paths', async () => {
    const dir = await tempDir('code-samples-');
    const files = [
      ...(await writeTypedSamples(dir, auth, { baseUrl: 'https://auth.authkit.dev', client: 'authkit-contract' }, join(ROOT, 'generated', 'api-types.ts'))),
      ...(await writeTypedSamples(dir, galaxy, { baseUrl: 'https://galaxy.scalar.com', client: 'generated-paths' }, fixture('zod', 'galaxy', 'api-types.ts'))),
    ];
    expect(files).toHaveLength(7 + listOperations(galaxy).length);
    // Galaxy's Planet has a required readOnly `id`: a request leaves it out (as the spec
    // says), but openapi-typescript's types still require it in a request body. Those two
    // samples are right and the types too strict; every other error would be ours.
    const readOnlyRequired = ['createPlanet.mts', 'updatePlanet.mts'];
    const errors = (await typeErrors(files)).split('\n').filter((line) => /error TS/.test(line));
    expect(errors.filter((line) => !readOnlyRequired.some((name) => line.includes(name)))).toEqual([]);
    expect(errors.map((line) => `${readOnlyRequired.find((name) => line.includes(name))}: ${/readonly id: number/.test(line)}`)).toEqual(readOnlyRequired.map((name) => `${name}: true`));
  });

  it('a typed-client sample calling a path the types do not have fails the check (it can fail)', async () => {
    const dir = await tempDir('code-samples-');
    const [file] = await writeTypedSamples(dir, { ...auth, paths: { '/api/v1/auth/me': (auth.paths as any)['/api/v1/auth/me'] } }, { baseUrl: 'https://auth.authkit.dev', client: 'authkit-contract' }, '');
    await writeFile(file!, (await readFile(file!, 'utf8')).replace("api.GET('/api/v1/auth/me')", "api.GET('/api/v1/auth/you')"));
    expect(await typeErrors([file!])).toMatch(/api\/v1\/auth\/you/);
  });

  it.skipIf(!CURL)("the login curl sample, pasted into a shell with the mock's URL, answers 200", async () => {
    const mock = await startMock({ spec: AUTH_SPEC, stateless: true });
    onTestFinished(() => mock.close());
    const login = listOperations(auth).find((operation) => operation.operationId === 'loginUser')!;
    const line = curlSample(sampleRequest(auth, login), mock.url);
    expect(line).toContain(`--url ${mock.url}/api/v1/auth/login`);
    const { stdout } = await run('sh', ['-c', `${line} --silent --show-error --write-out '\\n%{http_code}'`]);
    const status = stdout.trim().split('\n').at(-1);
    expect(status, stdout).toBe('200');
    expect(JSON.parse(stdout.trim().split('\n').slice(0, -1).join('\n')).user.email).toBe('ada@example.com');
  });
});

/** The curl binary, when this machine has one (`apt-get install curl` otherwise): without it, the run test is skipped. */
async function hasCurl(): Promise<boolean> {
  try {
    await run('curl', ['--version']);
    return true;
  } catch {
    return false;
  }
}
