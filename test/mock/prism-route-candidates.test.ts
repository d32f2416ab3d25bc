import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { routeAmongCandidates } from '../../src/mock/engine/prism-route-candidates.js';
import { ROOT } from '../helpers/paths.js';

// The Prism CLI's router, given only the operations that could match a request's path
// (src/mock/engine/prism-route-candidates.ts, loaded by the CLI's preload), must pick what
// it picks on every operation: the same operation, or the same error. Compared here with
// the router of the CLI's own copy of Prism, on a public spec's operations and on paths
// written to reach each rule.
const cli = createRequire(createRequire(join(ROOT, 'package.json')).resolve('@stoplight/prism-cli/package.json'));
const prismHttp = cli.resolve('@stoplight/prism-http/package.json');
const fromPrismHttp = createRequire(prismHttp);

interface Operation {
  id: string;
  method: string;
  path: string;
  servers?: Array<{ url: string }>;
}
interface Input {
  method: string;
  url: { path: string; baseUrl?: string };
}
type Route = (opts: { resources: Operation[]; input: Input }) => { _tag: 'Left'; left: { name?: string; message: string; status?: number } } | { _tag: 'Right'; right: Operation };

const prismRoute = (fromPrismHttp('./dist/router/index.js') as { default: Route }).default;

/** What the router decided: the operation's id, or the error's kind and words. */
const outcome = (result: ReturnType<Route>) => (result._tag === 'Right' ? { operation: result.right.id } : { error: [result.left.name, result.left.status, result.left.message] });

/** Each request routed by Prism on the whole list, and through the candidates; the pairs that differ, and how many were routed. */
function compare(operations: Operation[], inputs: Input[]) {
  const counted: Array<{ resources: number }> = [];
  const candidates = routeAmongCandidates<Operation, Input, ReturnType<Route>>((opts) => {
    counted.push({ resources: opts.resources.length });
    return prismRoute(opts);
  });
  const differ = inputs.filter((input) => JSON.stringify(outcome(prismRoute({ resources: operations, input }))) !== JSON.stringify(outcome(candidates({ resources: operations, input }))));
  return { differ, counted };
}

describe("the Prism CLI's router among candidates", () => {
  // Templated first segments, the same path with several methods, a literal beside a
  // template, percent-encoded segments, trailing slashes, servers.
  const written: Operation[] = [
    { id: 'tenant-users', method: 'get', path: '/{tenant}/users' },
    { id: 'users', method: 'get', path: '/users' },
    { id: 'users-post', method: 'post', path: '/users' },
    { id: 'user', method: 'get', path: '/users/{id}' },
    { id: 'me', method: 'get', path: '/users/me' },
    { id: 'slash', method: 'get', path: '/users/' },
    { id: 'spaced', method: 'get', path: '/a%20b/c' },
    { id: 'prefixed', method: 'get', path: '/v{version}/items' },
    { id: 'served', method: 'get', path: '/served', servers: [{ url: 'https://api.example.com' }] },
    { id: 'root', method: 'get', path: '/' },
  ];
  const writtenInputs: Input[] = [
    ...['/users', '/users/', '/users/me', '/users/42', '/acme/users', '/a%20b/c', '/a b/c', '/v2/items', '/served', '/', '/nothing', '/users/1/2', '/%E0%A4%A/users', 'users', ''].flatMap((path) =>
      ['get', 'post', 'delete'].map((method) => ({ method, url: { path } })),
    ),
    { method: 'get', url: { path: '/served', baseUrl: 'https://api.example.com' } },
    { method: 'get', url: { path: '/users', baseUrl: 'https://other.example.com' } },
  ];

  it('routes each written request as Prism does on every operation, and hands it fewer operations', () => {
    const { differ, counted } = compare(written, writtenInputs);
    expect(differ).toEqual([]);
    // 15 paths by 3 methods, and 2 with a base URL. /users (the literal and /{tenant}/users
    // share a segment count, so 3), and the paths that fall back to the whole list:
    // no candidate (/nothing, /users/1/2), no leading slash ('users', ''), a base URL.
    expect(counted).toHaveLength(47);
    expect(counted.filter((call) => call.resources === written.length)).toHaveLength(3 * 4 + 2);
    expect(counted.filter((call) => call.resources === 3)).toHaveLength(3 * 2); // /users and /acme/users: /users get and post, /{tenant}/users
  });

  // Every twentieth operation's requests, on all 1,193: Prism's router takes about 8 ms a request
  // on them, and the parity file sends each of authentik's rows through the CLI anyway.
  it("routes requests for a twentieth of authentik's operations, and requests no operation has, as Prism does on all 1,193", async () => {
    const { getHttpOperationsFromSpec } = fromPrismHttp('./dist/utils/operations.js') as { getHttpOperationsFromSpec(file: string): Promise<Operation[]> };
    const operations = await getHttpOperationsFromSpec(join(ROOT, 'node_modules', '@goauthentik', 'api', 'schema.yml'));
    expect(operations).toHaveLength(1193);
    const filled = (path: string) => path.replaceAll(/\{[^}]+\}/g, 'x1');
    const inputs: Input[] = operations.filter((_, index) => index % 20 === 0).flatMap((operation) => [
      { method: operation.method, url: { path: filled(operation.path) } },
      // A method the path may not have, and a segment more.
      { method: 'trace', url: { path: filled(operation.path) } },
      { method: operation.method, url: { path: `${filled(operation.path)}extra/` } },
    ]);
    inputs.push({ method: 'get', url: { path: '/no-such-root/' } });
    const { differ, counted } = compare(operations, inputs);
    expect(differ).toEqual([]);
    expect(counted).toHaveLength(3 * 60 + 1);
    // Never more than a tenth of the operations for a request that has candidates.
    expect(counted.filter((call) => call.resources !== operations.length && call.resources > 120)).toEqual([]);
  }, 60_000);
});
