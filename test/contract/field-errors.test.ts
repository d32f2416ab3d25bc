import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runContract, type ContractRun } from '../../src/contract/run-contract.js';
import { startMock } from '../../src/mock/start-mock.js';
import { writeTempBundle } from '../../src/mock/temp-bundle.js';
import { createMockHandlers } from '../../src/msw/index.js';
import type { OpenApiDocument } from '../../src/openapi/document.js';
import { startLiveBackend, type LiveBackendMutant } from '../fixtures/live-backend.js';
import { AUTH_BUNDLE } from '../helpers/paths.js';
import { target } from '../helpers/targets.js';
import { tempDir } from '../helpers/temp-dir.js';
import { runContractJob } from '../../src/pipeline/contract-job.js';

// A 422 is what a form shows the user: it must name the field that was wrong. The mock
// engine and the MSW handlers fill the documented list of field errors from what the
// request really broke, in each shape an API commonly documents; the contract's
// validation_errors_name_field passes only when the answer names the field it broke.

const SIGNUP = {
  type: 'object',
  required: ['email', 'name'],
  additionalProperties: false,
  properties: { email: { type: 'string', format: 'email' }, name: { type: 'string', minLength: 2 }, age: { type: 'integer', minimum: 0 } },
};
const GITHUB_CODES = ['missing', 'missing_field', 'invalid', 'already_exists', 'unprocessable', 'custom'];

/** One operation per shape of 422, each documented with an example that names an unrelated field. */
function shapesSpec(): OpenApiDocument {
  const operation = (operationId: string, mediaType: string, schema: unknown, example: unknown) => ({
    post: {
      operationId,
      requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Signup' } } } },
      responses: {
        '201': { description: 'Signed up', content: { 'application/json': { schema: { type: 'object', required: ['ok'], properties: { ok: { type: 'boolean' } } }, example: { ok: true } } } },
        '422': { description: 'Invalid', content: { [mediaType]: { schema, example } } },
      },
    },
  });
  return {
    openapi: '3.1.0',
    info: { title: 'Field-error shapes', version: '1.0.0' },
    paths: {
      '/envelope': operation('envelope', 'application/json', { $ref: '#/components/schemas/Envelope' }, { code: 422, detail: 'Invalid', type: 'validation_error', errors: [{ loc: ['body', 'nickname'], msg: 'example', type: 'example' }] }),
      '/problem': operation('problem', 'application/problem+json', { $ref: '#/components/schemas/ValidationProblem' }, { type: 'about:blank', title: 'Invalid', status: 422, errors: [{ pointer: '#/nickname', detail: 'example' }] }),
      '/fastapi': operation('fastapi', 'application/json', { $ref: '#/components/schemas/HTTPValidationError' }, { detail: [{ loc: ['body', 'nickname'], msg: 'example', type: 'value_error' }] }),
      '/github': operation('github', 'application/json', { $ref: '#/components/schemas/GitHubValidation' }, { message: 'Validation Failed', errors: [{ resource: 'Signup', field: 'nickname', code: 'invalid' }], documentation_url: 'https://docs.example.test' }),
      '/mapped': operation('mapped', 'application/json', { $ref: '#/components/schemas/MappedProblems' }, { problems: [{ where: 'nickname', why: 'example' }] }),
      '/unknown': operation('unknown', 'application/json', { $ref: '#/components/schemas/Problems' }, { problems: [{ where: 'nickname', why: 'example' }] }),
    },
    components: {
      schemas: {
        Signup: SIGNUP,
        Envelope: {
          type: 'object',
          required: ['code', 'detail', 'type'],
          properties: { code: { type: 'integer' }, detail: { type: 'string' }, type: { type: 'string' }, errors: { type: 'array', items: { type: 'object', required: ['loc', 'msg', 'type'], properties: { loc: { type: 'array', items: { type: ['string', 'integer'] } }, msg: { type: 'string' }, type: { type: 'string' } } } } },
        },
        // RFC 9457's problem details, extended with its own example's `errors` member.
        ProblemDetails: { type: 'object', properties: { type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' }, instance: { type: 'string' } } },
        ValidationProblem: {
          allOf: [{ $ref: '#/components/schemas/ProblemDetails' }, { type: 'object', required: ['errors'], properties: { errors: { type: 'array', items: { type: 'object', required: ['pointer', 'detail'], properties: { pointer: { type: 'string' }, detail: { type: 'string' } } } } } }],
        },
        HTTPValidationError: { type: 'object', properties: { detail: { type: 'array', items: { $ref: '#/components/schemas/ValidationError' } } } },
        ValidationError: { type: 'object', required: ['loc', 'msg', 'type'], properties: { loc: { type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'integer' }] } }, msg: { type: 'string' }, type: { type: 'string' } } },
        GitHubValidation: {
          type: 'object',
          required: ['message'],
          properties: { message: { type: 'string' }, documentation_url: { type: 'string' }, errors: { type: 'array', items: { type: 'object', required: ['code'], properties: { resource: { type: 'string' }, field: { type: 'string' }, code: { type: 'string', enum: GITHUB_CODES } } } } },
        },
        MappedProblems: { 'x-authkit-field-errors': { list: 'problems', location: 'where', style: 'name', message: 'why' }, $ref: '#/components/schemas/Problems' },
        Problems: { type: 'object', required: ['problems'], properties: { problems: { type: 'array', items: { type: 'object', required: ['where', 'why'], properties: { where: { type: 'string' }, why: { type: 'string' } } } } } },
      },
    },
  } as unknown as OpenApiDocument;
}

// Four ways wrong: a format, a minimum, a property the schema does not have, a required one left out.
const INVALID = { email: 'nope', age: -1, extra: true };
const AT = ['age', 'email', 'extra', 'name'];
const MESSAGES = ['must be >= 0', 'must match format "email"', "must NOT have additional properties; found 'extra'", "must have required property 'name'"];
const KEYWORDS = ['minimum', 'format', 'additionalProperties', 'required'];
const each = <T>(make: (index: number) => T) => AT.map((_field, index) => make(index));

// [operation, media type, the exact 422 body]
const SHAPES: Array<[string, string, unknown]> = [
  ['envelope', 'application/json', { code: 422, detail: 'Invalid', type: 'validation_error', errors: each((i) => ({ loc: ['body', AT[i]], msg: MESSAGES[i], type: KEYWORDS[i] })) }],
  ['problem', 'application/problem+json', { type: 'about:blank', title: 'Invalid', status: 422, errors: each((i) => ({ pointer: `#/${AT[i]}`, detail: MESSAGES[i] })) }],
  ['fastapi', 'application/json', { detail: each((i) => ({ loc: ['body', AT[i]], msg: MESSAGES[i], type: KEYWORDS[i] })) }],
  // GitHub's codes are an enum the keywords are not in: the documented code stays.
  ['github', 'application/json', { message: 'Validation Failed', errors: each((i) => ({ resource: 'Signup', field: AT[i], code: 'invalid' })), documentation_url: 'https://docs.example.test' }],
  ['mapped', 'application/json', { problems: each((i) => ({ where: AT[i], why: MESSAGES[i] })) }],
  // No shape recognised, none mapped: the documented example, as Prism serves it.
  ['unknown', 'application/json', { problems: [{ where: 'nickname', why: 'example' }] }],
];

describe('a rejected body: the 422 names each field it broke, in the shape the spec documents', { timeout: 60_000 }, () => {
  const document = shapesSpec();
  const answers: Record<'engine' | 'msw', Record<string, { status: number; mediaType: string | null; body: unknown }>> = { engine: {}, msw: {} };

  beforeAll(async () => {
    const bundle = await writeTempBundle(document);
    const mock = await startMock({ spec: bundle.file, workers: 1 });
    const ask = async (target: 'engine' | 'msw', base: string) => {
      for (const [operationId] of SHAPES) {
        const response = await fetch(`${base}/${operationId}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(INVALID) });
        answers[target][operationId] = { status: response.status, mediaType: response.headers.get('content-type')?.split(';')[0] ?? null, body: await response.json() };
      }
    };
    try {
      await ask('engine', mock.url);
    } finally {
      await mock.close();
      await bundle.dispose();
    }
    const server = setupServer(...createMockHandlers(document, { baseUrl: 'http://shapes.test' }).handlers);
    server.listen({ onUnhandledRequest: 'error' });
    try {
      await ask('msw', 'http://shapes.test');
    } finally {
      server.close();
    }
  });

  it.each(SHAPES)('%s: the mock engine', (operationId, mediaType, body) => {
    expect(answers.engine[operationId]).toEqual({ status: 422, mediaType, body });
  });

  it.each(SHAPES)('%s: the MSW handlers, word for word as the engine', (operationId, mediaType, body) => {
    expect(answers.msw[operationId]).toEqual({ status: 422, mediaType, body });
  });
});

/** The Auth API with the documented 422 example naming no field at all: the mock must name them from the request. */
function authApiWithEmptyExample(): OpenApiDocument {
  const document = JSON.parse(readFileSync(AUTH_BUNDLE, 'utf8'));
  document.components.responses.ValidationFailed.content['application/json'].example.errors = [];
  return document;
}

const authApi = (): OpenApiDocument => JSON.parse(readFileSync(AUTH_BUNDLE, 'utf8'));

const nameCheck = (run: ContractRun, id: string) => run.negatives.find((result) => result.id === id)?.checks.find((check) => check.name === 'validation_errors_name_field');
const REGISTER = 'POST /api/v1/auth/register → 422 (invalid body)';
const LOGIN = 'POST /api/v1/auth/login → 422 (invalid body)';

// [target, the spec, where it runs, the invalid-body case, the check's verdict]
type Row = [string, () => OpenApiDocument, 'mock' | LiveBackendMutant | 'correct backend', string, { outcome: string; message?: string }];
const ROWS: Row[] = [
  ['the Auth API, its 422 example emptied', authApiWithEmptyExample, 'mock', REGISTER, { outcome: 'pass' }],
  ['the Auth API, its 422 example emptied', authApiWithEmptyExample, 'mock', LOGIN, { outcome: 'pass' }],
  ['a live server that names the fields', authApi, 'correct backend', REGISTER, { outcome: 'pass' }],
  ['a live server that names the wrong field', authApi, 'validation-names-wrong-field', REGISTER, { outcome: 'fail', message: 'errors[] names "password", not "email", the field that was broken' }],
  ['a live server that names the wrong field', authApi, 'validation-names-wrong-field', LOGIN, { outcome: 'fail', message: 'errors[] names "password", not "email", the field that was broken' }],
  ['a recognised shape (RFC 9457)', shapesSpec, 'mock', 'POST /problem → 422 (invalid body)', { outcome: 'pass' }],
  ['a mapped shape', shapesSpec, 'mock', 'POST /mapped → 422 (invalid body)', { outcome: 'pass' }],
  [
    'a 422 of a shape no rule knows',
    shapesSpec,
    'mock',
    'POST /unknown → 422 (invalid body)',
    { outcome: 'skip', message: 'the documented 422 has no list of field errors authkit recognises (errors[] or detail[] of loc, pointer or field); map yours with x-authkit-field-errors' },
  ],
];

describe('validation_errors_name_field passes only when the answer names the field that was broken', { timeout: 120_000 }, () => {
  const runs = new Map<string, Promise<ContractRun>>();
  /** One contract run per spec and target, shared by its rows. */
  const runOf = (spec: () => OpenApiDocument, where: Row[2]): Promise<ContractRun> => {
    const key = `${spec.name}\u0000${where}`;
    if (!runs.has(key)) {
      runs.set(
        key,
        (async () => {
          const document = spec();
          if (where === 'mock') {
            const bundle = await writeTempBundle(document);
            const mock = await startMock({ spec: bundle.file, workers: 1 });
            try {
              return await runContract({ document, baseUrl: mock.url, mode: 'mock' });
            } finally {
              await mock.close();
              await bundle.dispose();
            }
          }
          const backend = await startLiveBackend(where === 'correct backend' ? {} : { mutant: where });
          try {
            return await runContract({ document, baseUrl: backend.url, mode: 'live' });
          } finally {
            await backend.close();
          }
        })(),
      );
    }
    return runs.get(key)!;
  };
  afterAll(async () => {
    await Promise.allSettled(runs.values());
  });

  it.each(ROWS.map((row) => [`${row[0]} (${row[2]}): ${row[3]}`, ...row] as const))('%s', async (_title, _label, spec, where, id, verdict) => {
    const run = await runOf(spec, where);
    expect(nameCheck(run, id)).toEqual({ name: 'validation_errors_name_field', ...verdict });
  });

  it('the broken field is chosen from the schema, not from the example: the same with the example emptied', async () => {
    const run = await runOf(authApiWithEmptyExample, 'mock');
    expect(run.negatives.filter((result) => result.kind === 'invalid_body').map((result) => [result.id, result.result]).sort()).toEqual([
      [LOGIN, 'pass'],
      [REGISTER, 'pass'],
    ]);
  });
});

describe('a shape mapped in the config, not in the spec', { timeout: 60_000 }, () => {
  const CONFIG = (pointer: string) => `apis:\n  main:\n    root: openapi.json\n    x-authkit:\n      fieldErrors:\n        '${pointer}': { list: problems, location: where, style: name, message: why }\n`;
  const specDir = async (pointer: string) => {
    const dir = await tempDir('field-errors-config-');
    await writeFile(join(dir, 'openapi.json'), JSON.stringify(shapesSpec()));
    await writeFile(join(dir, 'redocly.yaml'), CONFIG(pointer));
    return dir;
  };

  it('x-authkit.fieldErrors maps it: the mock fills the list, and the check passes where it was skipped', async () => {
    const run = await runContractJob({ target: target({}, await specDir('#/components/schemas/Problems')) });
    expect(nameCheck(run, 'POST /unknown → 422 (invalid body)')).toEqual({ name: 'validation_errors_name_field', outcome: 'pass' });
  });

  it('a pointer to no schema is a usage error naming the config key and the pointer', async () => {
    const dir = await specDir('#/components/schemas/Nope');
    await expect(runContractJob({ target: target({}, dir) })).rejects.toThrow(`${join(dir, 'redocly.yaml')}: apis.main: \`x-authkit.fieldErrors\`: "#/components/schemas/Nope" is no schema of the bundled spec.`);
  });
});
