import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readArazzo } from '../../src/flows/read-arazzo.js';
import { SpecError } from '../../src/openapi/spec-problem.js';
import { tempDir } from '../helpers/temp-dir.js';

// What readArazzo refuses before a run, each problem at its line with its JSON pointer.
// Every document starts with HEAD (lines 1-9), so its workflows start on line 10.
const HEAD = `arazzo: 1.0.1
info:
  title: Flows
  version: 1.0.0
sourceDescriptions:
  - name: authApi
    url: ./openapi.yaml
    type: openapi
workflows:
`;

async function arazzoFile(text: string): Promise<string> {
  const file = join(await tempDir('arazzo-'), 'flows.arazzo.yaml');
  await writeFile(file, text);
  return file;
}

/** The problems readArazzo throws for a document, each without its file (which must be the one read). */
async function problemsIn(text: string): Promise<unknown> {
  const file = await arazzoFile(text);
  try {
    readArazzo(file);
  } catch (error) {
    if (!(error instanceof SpecError)) throw error;
    return error.problems.map(({ file: where, ...rest }) => (where === file ? rest : { ...rest, file: where }));
  }
  return 'no problems';
}

/** One arazzo-structure error, as SpecProblem has it (without its file). */
const structure = (line: number, column: number, message: string) => ({ line, column, rule: 'arazzo-structure', message, severity: 'error' });

describe('readArazzo', () => {
  it('reads a valid minimal document into its object', async () => {
    const file = await arazzoFile(`${HEAD}  - workflowId: login
    steps:
      - stepId: login
        operationId: loginUser
        parameters:
          - name: email
            in: query
            value: $inputs.email
        successCriteria:
          - condition: $statusCode == 200
        outputs:
          token: $response.body#/token
`);
    expect(readArazzo(file)).toEqual({
      file,
      document: {
        arazzo: '1.0.1',
        info: { title: 'Flows', version: '1.0.0' },
        sourceDescriptions: [{ name: 'authApi', url: './openapi.yaml', type: 'openapi' }],
        workflows: [{ workflowId: 'login', steps: [{ stepId: 'login', operationId: 'loginUser', parameters: [{ name: 'email', in: 'query', value: '$inputs.email' }], successCriteria: [{ condition: '$statusCode == 200' }], outputs: { token: '$response.body#/token' } }] }],
      },
    });
  });

  it('the error names the file, line, rule and message of each problem', async () => {
    const file = await arazzoFile(`${HEAD}  - workflowId: login
    steps: none
`);
    expect(() => readArazzo(file)).toThrow(new SpecError([{ file, line: 11, column: 5, rule: 'arazzo-structure', message: 'the workflow login has no steps (#/workflows/0/steps)', severity: 'error' }]));
  });

  it('sourceDescriptions missing or empty', async () => {
    const missing = await problemsIn(`arazzo: 1.0.1
info: { title: Flows, version: 1.0.0 }
workflows:
  - workflowId: w
    steps:
      - stepId: s
        operationId: op
`);
    const empty = await problemsIn(`arazzo: 1.0.1
info: { title: Flows, version: 1.0.0 }
sourceDescriptions: []
workflows:
  - workflowId: w
    steps:
      - stepId: s
        operationId: op
`);
    expect([missing, empty]).toEqual([[structure(1, 1, 'at least one source description is required (#/sourceDescriptions)')], [structure(3, 1, 'at least one source description is required (#/sourceDescriptions)')]]);
  });

  it('a source description without a url', async () => {
    expect(
      await problemsIn(`arazzo: 1.0.1
info: { title: Flows, version: 1.0.0 }
sourceDescriptions:
  - name: authApi
    url: ./openapi.yaml
  - name: other
    type: openapi
workflows:
  - workflowId: w
    steps:
      - stepId: s
        operationId: op
`),
    ).toEqual([structure(6, 5, 'a source description needs a `name` and a `url` (#/sourceDescriptions/1)')]);
  });

  it('a workflowId used twice, at the second', async () => {
    expect(
      await problemsIn(`${HEAD}  - workflowId: login
    steps:
      - stepId: s
        operationId: op
  - workflowId: login
    steps:
      - stepId: s
        operationId: op
`),
    ).toEqual([structure(14, 5, 'the workflowId login is used twice (#/workflows/1/workflowId)')]);
  });

  it('a step that names two targets, or none', async () => {
    expect(
      await problemsIn(`${HEAD}  - workflowId: login
    steps:
      - stepId: both
        operationId: loginUser
        operationPath: '{$sourceDescriptions.authApi.url}#/paths/~1login/post'
      - stepId: neither
        description: does nothing
`),
    ).toEqual([structure(12, 9, 'a step names exactly one of operationId, operationPath and workflowId; both names operationId and operationPath (#/workflows/0/steps/0)'), structure(15, 9, 'a step names exactly one of operationId, operationPath and workflowId; neither names none (#/workflows/0/steps/1)')]);
  });

  it('a goto, or a retry\'s detour, to a step the workflow does not have', async () => {
    expect(
      await problemsIn(`${HEAD}  - workflowId: login
    steps:
      - stepId: first
        operationId: op
        onSuccess:
          - name: next
            type: goto
            stepId: nowhere
          - name: back
            type: goto
            stepId: first
        onFailure:
          - name: again
            type: retry
            stepId: missing
            retryLimit: 2
`),
    ).toEqual([structure(17, 13, 'no step nowhere in login to go to (#/workflows/0/steps/0/onSuccess/0/stepId)'), structure(24, 13, 'no step missing in login to run before the retry (#/workflows/0/steps/0/onFailure/0/stepId)')]);
  });

  it('retry is not a success action, on a step or on the workflow', async () => {
    expect(
      await problemsIn(`${HEAD}  - workflowId: login
    steps:
      - stepId: first
        operationId: op
        onSuccess:
          - name: again
            type: retry
    successActions:
      - name: again
        type: retry
    failureActions:
      - name: again
        type: retry
`),
    ).toEqual([structure(16, 13, 'an action\'s type is end or goto, not "retry" (#/workflows/0/steps/0/onSuccess/0/type)'), structure(19, 9, 'an action\'s type is end or goto, not "retry" (#/workflows/0/successActions/0/type)')]);
  });

  it('a reference to a parameter or an action the components do not have', async () => {
    expect(
      await problemsIn(`${HEAD}  - workflowId: login
    steps:
      - stepId: first
        operationId: op
        parameters:
          - reference: $components.parameters.page
          - reference: $components.parameters.nope
          - reference: $components.successActions.done
        onSuccess:
          - reference: $components.successActions.done
        onFailure:
          - reference: $components.failureActions.nope
          - reference: $components.successActions.done
components:
  parameters:
    page: { name: page, in: query, value: 1 }
  successActions:
    done: { name: done, type: end }
`),
    ).toEqual([
      structure(16, 13, 'no parameter $components.parameters.nope in the components (#/workflows/0/steps/0/parameters/1/reference)'),
      structure(17, 13, 'no parameter $components.successActions.done in the components (#/workflows/0/steps/0/parameters/2/reference)'),
      structure(21, 13, 'no failure action $components.failureActions.nope in the components (#/workflows/0/steps/0/onFailure/0/reference)'),
      structure(22, 13, 'no failure action $components.successActions.done in the components (#/workflows/0/steps/0/onFailure/1/reference)'),
    ]);
  });

  it('a criterion of a type Arazzo does not have, or one without the context its type needs', async () => {
    expect(
      await problemsIn(`${HEAD}  - workflowId: login
    steps:
      - stepId: first
        operationId: op
        successCriteria:
          - condition: select 1
            type: sql
          - condition: ^ok$
            type: regex
          - context: $response.body
            condition: $.pets[*]
            type: { type: jsonpath, version: rfc9535 }
`),
    ).toEqual([structure(16, 13, 'a criterion\'s type is simple, regex, jsonpath or xpath, not "sql" (#/workflows/0/steps/0/successCriteria/0/type)'), structure(17, 13, 'a regex criterion needs a `context` (a runtime expression, such as $response.body) (#/workflows/0/steps/0/successCriteria/1/context)')]);
  });

  it('a runtime expression that does not parse, whole or embedded in a value', async () => {
    expect(
      await problemsIn(`${HEAD}  - workflowId: login
    steps:
      - stepId: first
        operationId: op
        parameters:
          - name: email
            in: query
            value: $inputs.email#bad
          - name: Authorization
            in: header
            value: Bearer {$steps.login.inputs.token}
          - name: note
            in: query
            value: costs $5 or more
`),
    ).toEqual([structure(17, 13, '"$inputs.email#bad" is not a runtime expression: a JSON pointer starts with / (bad) (#/workflows/0/steps/0/parameters/0/value)'), structure(20, 13, '"$steps.login.inputs.token" is not a runtime expression: $steps is followed by <id>.outputs.<name> (or .inputs.<name> for a workflow) (#/workflows/0/steps/0/parameters/1/value)')]);
  });

  it('a condition that does not parse', async () => {
    expect(
      await problemsIn(`${HEAD}  - workflowId: login
    steps:
      - stepId: first
        operationId: op
        successCriteria:
          - condition: $statusCode = 200
`),
    ).toEqual([structure(15, 13, 'the condition "$statusCode = 200" does not parse: "= 200" is not a value, an operator or a runtime expression (#/workflows/0/steps/0/successCriteria/0/condition)')]);
  });

  it('dependsOn a workflow the document does not have', async () => {
    expect(
      await problemsIn(`${HEAD}  - workflowId: signIn
    steps:
      - stepId: s
        operationId: op
  - workflowId: me
    dependsOn: [signIn, ghost]
    steps:
      - stepId: s
        operationId: op
`),
    ).toEqual([structure(15, 25, 'no workflow ghost to depend on (#/workflows/1/dependsOn/1)')]);
  });

  it('a workflow of another source names a source the document declares; a component named __proto__ is not there', async () => {
    expect(
      await problemsIn(`${HEAD}  - workflowId: me
    dependsOn: [$sourceDescriptions.authApi.setup, $sourceDescriptions.other.setup]
    steps:
      - stepId: s
        workflowId: $sourceDescriptions.other.signIn
        parameters:
          - reference: $components.parameters.__proto__
components:
  parameters:
    page: { name: page, in: query, value: 1 }
`),
    ).toEqual([
      structure(11, 52, 'no source description other for $sourceDescriptions.other.setup to depend on (#/workflows/0/dependsOn/1)'),
      structure(14, 9, 'no source description other for $sourceDescriptions.other.signIn (#/workflows/0/steps/0/workflowId)'),
      structure(16, 13, 'no parameter $components.parameters.__proto__ in the components (#/workflows/0/steps/0/parameters/0/reference)'),
    ]);
  });

  it('steps that are not a list, or an empty one', async () => {
    expect(
      await problemsIn(`${HEAD}  - workflowId: a
    steps:
      stepId: s
      operationId: op
  - workflowId: b
    steps: []
`),
    ).toEqual([structure(11, 5, 'the workflow a has no steps (#/workflows/0/steps)'), structure(15, 5, 'the workflow b has no steps (#/workflows/1/steps)')]);
  });

  it('a YAML syntax error is reported at its line', async () => {
    expect(
      await problemsIn(`${HEAD}  - workflowId: login
    workflowId: again
    steps: []
`),
    ).toEqual([{ line: 11, column: 5, rule: 'arazzo-syntax', message: 'Map keys must be unique at line 11, column 5:', severity: 'error' }]);
  });

  it('a document that is not an object, and a file that is not there', async () => {
    const dir = await tempDir('arazzo-');
    const missing = join(dir, 'missing.arazzo.yaml');
    expect([await problemsIn('- just\n- a list\n'), (() => {
      try {
        return readArazzo(missing);
      } catch (error) {
        return (error as SpecError).problems;
      }
    })()]).toEqual([
      [structure(1, 1, 'an Arazzo document is an object with `arazzo`, `info`, `sourceDescriptions` and `workflows`')],
      [{ file: missing, line: 1, column: 1, rule: 'spec-file', message: 'cannot read the Arazzo file: no such file', severity: 'error' }],
    ]);
  });
});
