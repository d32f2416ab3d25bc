import { describe, expect, it } from 'vitest';
import { createOperationMatcher } from '../../src/msw/operation-matcher.js';
import type { OperationSpec } from '../../src/openapi/operations.js';

const operation = (method: OperationSpec['method'], path: string): OperationSpec => ({ method, path, operationId: `${method} ${path}`, summary: undefined, parameters: [], requestBody: undefined, security: [], responses: [] });

describe('createOperationMatcher: the MSW handlers\' router', () => {
  const matcher = createOperationMatcher([
    operation('get', '/sessions/{id}'),
    operation('get', '/sessions/current'),
    operation('get', '/files/{name}.json'),
    operation('delete', '/sessions/{id}'),
    operation('get', '/orgs/{org}/members/{user}'),
  ]);
  const found = (method: string, path: string) => {
    const match = matcher.match(method, path);
    return match ? [match.operation.operationId, match.params] : undefined;
  };

  it.each([
    ['GET', '/sessions/current', ['get /sessions/current', {}]],
    ['GET', '/sessions/abc', ['get /sessions/{id}', { id: 'abc' }]],
    ['DELETE', '/sessions/current', ['delete /sessions/{id}', { id: 'current' }]],
    ['GET', '/sessions/a%20b/', ['get /sessions/{id}', { id: 'a b' }]],
    ['GET', '/files/report.json', ['get /files/{name}.json', { name: 'report' }]],
    ['GET', '/files/reportxjson', undefined],
    ['GET', '/orgs/acme/members/ada', ['get /orgs/{org}/members/{user}', { org: 'acme', user: 'ada' }]],
    ['POST', '/sessions/abc', undefined],
    ['GET', '/sessions', undefined],
  ])('%s %s', (method, path, expected) => {
    expect(found(method, path)).toEqual(expected);
  });
});
