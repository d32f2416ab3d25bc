import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { createConfig, getLineColLocation, lint, parseYaml, Source, type NormalizedProblem } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import { jsonPositions, parseJsonText, type PointerQuery } from '../../src/openapi/json-positions.js';
import { lintSpec } from '../../src/lint/lint-spec.js';
import { SpecError } from '../../src/openapi/spec-problem.js';
import { tempDir } from '../helpers/temp-dir.js';
import { fromRedoclyProblem, fromRedoclyProblems } from '../../src/openapi/redocly-errors.js';
import { ROOT } from '../helpers/paths.js';

// jsonPositions must land where Redocly's getLineColLocation lands (it builds a YAML tree
// of the file for that): compared on every node of real JSON specs, on pointers that go
// past what the file holds, and on the problems a lint finds.
const modules = join(ROOT, 'node_modules');
const JSON_SPECS = {
  'Train Travel': join(modules, '@readme', 'oas-examples', '3.1', 'json', 'train-travel.json'),
  rclone: join(modules, 'rclone-openapi', 'openapi.json'),
  'ReadMe schema types': join(modules, '@readme', 'oas-examples', '3.1', 'json', 'schema-types.json'),
};

const escape = (segment: string) => segment.replaceAll('~', '~0').replaceAll('/', '~1');

/** Every node's pointer, each of them also with a segment the file lacks. */
function pointersOf(value: unknown, pointer = '#'): string[] {
  const here = [pointer, `${pointer}/not-in-the-file`, `${pointer}/7/deeper`];
  if (Array.isArray(value)) return [...here, `${pointer}/${value.length}`, ...value.flatMap((item, index) => pointersOf(item, `${pointer}/${index}`))];
  if (value && typeof value === 'object') return [...here, ...Object.entries(value).flatMap(([key, item]) => pointersOf(item, `${pointer}/${escape(key)}`))];
  return here;
}

function redoclyPositions(text: string, queries: PointerQuery[]) {
  const source = new Source('/spec.json', text);
  return queries.map((query) => {
    const { line, col } = getLineColLocation({ source, pointer: query.pointer, reportOnKey: query.reportOnKey }).start;
    return { line, col };
  });
}

const queriesOf = (pointers: string[]): PointerQuery[] => pointers.flatMap((pointer) => [{ pointer, reportOnKey: false }, { pointer, reportOnKey: true }]);

// Keys that need escaping or decoding, a key met twice, an empty key, CRLF lines, a BOM, nesting, every scalar kind.
const AWKWARD =
  '\uFEFF{\r\n  "paths": {\r\n    "/users/{id}": { "get": { "x-a~b": [1, -2.5e3, true, null, "s\\"q\\\\", {"k": []}] } },\r\n' +
  '    "/users/{id}": { "dup": 1 },\r\n    "": { "empty": "key" },\r\n    "\\u00e9t\\u00e9": {"x": {}},\r\n    "%25": 3\r\n  },\r\n  "list": [[1, [2, {"a": "b"}]], []]\r\n}\r\n';

describe('jsonPositions', () => {
  it.for(Object.entries(JSON_SPECS))('%s: the same line and column as Redocly for every node, on its value and on its key', ([, file]) => {
    const text = readFileSync(file, 'utf8');
    const queries = queriesOf(pointersOf(JSON.parse(text)));
    expect(queries.length).toBeGreaterThan(500);
    expect(jsonPositions(text, queries)).toEqual(redoclyPositions(text, queries));
  });

  it('the same as Redocly on escaped, encoded, repeated and empty keys, CRLF, a BOM and nested arrays', () => {
    const queries = queriesOf([
      ...pointersOf(JSON.parse(AWKWARD.slice(1))),
      '#/paths/~1users~1%7Bid%7D/get/x-a~0b/5/k',
      '#/paths/%C3%A9t%C3%A9/x',
      '#/paths/%2525',
      '#/list/x',
      '#/paths/~1users~1{id}/dup',
    ]);
    expect(queries.length).toBe(120);
    expect(jsonPositions(AWKWARD, queries)).toEqual(redoclyPositions(AWKWARD, queries));
    const withoutMark = AWKWARD.slice(1).replaceAll('\r\n', '\n');
    expect(jsonPositions(withoutMark, queries)).toEqual(redoclyPositions(withoutMark, queries));
    // An index spelt as Redocly's parseInt reads it; beside its plain spelling, Redocly is asked instead.
    const padded = queriesOf(['#/list/01/1/1/a']);
    expect(jsonPositions(AWKWARD, padded)).toEqual(redoclyPositions(AWKWARD, padded));
    expect(jsonPositions(AWKWARD, queriesOf(['#/list/01', '#/list/1']))).toBeUndefined();
  });

  it.for([
    ['a comment', '{ "a": 1 // no\n}'],
    ['an unquoted key', '{ a: 1 }'],
    ['a single-quoted string', "{ 'a': 1 }"],
    ['a trailing comma', '{ "a": 1, }'],
    ['text after the document', '{ "a": 1 } x'],
    ['an unterminated string', '{ "a": "b }'],
  ])('gives up on %s (Redocly places those problems)', ([, text]) => {
    expect(jsonPositions(text!, [{ pointer: '#/a', reportOnKey: false }])).toBeUndefined();
  });

  it('lint problems of a JSON spec get the positions Redocly gives them, and a YAML spec is left to Redocly', async () => {
    const config = await createConfig({ extends: ['recommended'] });
    for (const file of [JSON_SPECS.rclone, join(ROOT, 'spec', 'openapi.yaml')]) {
      const problems: NormalizedProblem[] = await lint({ ref: file, config });
      const ours = fromRedoclyProblems(problems);
      expect(ours).toEqual(problems.map((problem) => fromRedoclyProblem(problem)));
      if (file.endsWith('.json')) expect(ours.length).toBeGreaterThan(50);
    }
  });
});

describe('parseJsonText', () => {
  it.for(Object.entries(JSON_SPECS))('%s: the value Redocly\'s YAML parser reads', ([, file]) => {
    const text = readFileSync(file, 'utf8');
    expect(parseJsonText(text)).toEqual({ value: parseYaml(text) });
  });

  it('reads escapes, numbers and a BOM as YAML does', () => {
    expect(parseJsonText(AWKWARD.replace('"/users/{id}": { "dup": 1 },', ''))).toEqual({ value: parseYaml(AWKWARD.slice(1).replace('"/users/{id}": { "dup": 1 },', '')) });
  });

  it.for([
    ['a key repeated in one object', '{ "a": { "b": 1, "b": 2 } }'],
    ['a comment', '{ "a": 1 } // no'],
    ['YAML', 'a: 1'],
  ])('leaves %s to the YAML parser', ([, text]) => {
    expect(parseJsonText(text!)).toBeUndefined();
  });

  it('a JSON spec that repeats a key still fails as YAML says, at its line', async () => {
    const dir = await tempDir('dup-key-');
    const spec = join(dir, 'openapi.json');
    await writeFile(spec, '{\n  "openapi": "3.1.0",\n  "info": { "title": "t", "version": "1" },\n  "paths": {},\n  "paths": {}\n}\n');
    const error = await lintSpec({ spec, config: await createConfig({ extends: ['recommended'] }) }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).problems).toMatchObject([{ file: spec, line: 5, rule: 'yaml-syntax', message: expect.stringContaining('duplicated mapping key') }]);
  });
});
