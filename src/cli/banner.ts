import { dirname, relative } from 'node:path';
import type { OpenApiDocument } from '../openapi/document.js';
import { documentedStatuses, listOperations, type OperationSpec } from '../openapi/operations.js';
import { buildValidRequest } from '../contract/request-builder.js';
import { CONTROL_PATHS, loopbackUrl } from '../mock-state/control.js';
import { describePlan } from '../mock-state/describe-plan.js';
import { readStatePlan } from '../mock-state/read-plan.js';

/** What `npm start` prints once the mock answers: where it is, what it serves, how to use it. */
export function formatBanner(options: { document: OpenApiDocument; url: string; spec: string; outDir?: string; watching: boolean; lintErrors?: number; docsUrl?: string; state?: { stateless: boolean; collections: boolean } }): string {
  const operations = listOperations(options.document);
  const responses = operations.reduce((sum, operation) => sum + documentedStatuses(operation).length, 0);
  const width = Math.max(...operations.map((operation) => `${operation.method.toUpperCase().padEnd(7)}${operation.path}`.length));
  // The simplest operation to show: no body if there is one without.
  const example = [...operations].sort((a, b) => Number(Boolean(a.requestBody)) - Number(Boolean(b.requestBody)))[0];
  const exampleStatus = example ? (documentedStatuses(example).includes(429) ? 429 : documentedStatuses(example).find((status) => status >= 400)) : undefined;
  const title = `${options.document.info?.title ?? 'API'} ${options.document.info?.version ?? ''}`.trim();
  const lines = [
    '',
    `  ${title}: mock on ${options.url}`,
    `  spec   ${relative(process.cwd(), options.spec) || options.spec} (${options.lintErrors ? `lint: ${options.lintErrors} error(s) above, served anyway` : 'lint ✔'}${options.outDir ? `; bundle and types in ${relative(process.cwd(), options.outDir) || '.'}/` : ''})`,
    ...(options.docsUrl ? [`  docs   ${options.docsUrl} (reloads on a spec edit); the bundled spec at ${new URL('/openapi.json', options.docsUrl).href}`] : []),
    `  serves ${operations.length} operations, ${responses} documented responses:`,
    ...operations.map((operation) => `    ${`${operation.method.toUpperCase().padEnd(7)}${operation.path}`.padEnd(width)}  ${documentedStatuses(operation).join(' ')}`),
    '',
  ];
  const reading = options.state ? readStatePlan(options.document, options.state) : undefined;
  if (reading?.ok) {
    const [first, ...rest] = describePlan(reading.plan, { stateless: options.state!.stateless });
    lines.push(`  state   ${first}`, ...rest.map((line) => `          ${line}`));
    const control = loopbackUrl(options.url);
    lines.push(`  control ${control}/__authkit/: POST ${Object.values(CONTROL_PATHS).map((path) => path.slice('/__authkit/'.length)).filter((name) => name !== 'state').join(', POST ')}, GET state (this machine only)`);
    lines.push(`          curl -X POST ${control}${CONTROL_PATHS.respondWith} -d '{"operationId":"${example?.operationId ?? 'someOperation'}","status":${exampleStatus ?? 500},"times":1}'`, '');
  }
  if (example && exampleStatus !== undefined) {
    lines.push(
      `  force a status: ${curlCommand(options.document, example, exampleStatus, options.url)}`,
      `                  (or add ?__code=${exampleStatus}; an undocumented status gets Prism's own 404)`,
    );
  }
  lines.push(options.watching ? `  watching ${relative(process.cwd(), dirname(options.spec)) || '.'}/: an edit re-lints, regenerates and reloads the mock. Ctrl-C stops.` : '  Ctrl-C stops.', '');
  return lines.join('\n');
}

/** A curl line that Prism accepts as valid for the operation, with the status forced. */
function curlCommand(document: OpenApiDocument, operation: OperationSpec, status: number, url: string): string {
  const request = buildValidRequest(document, operation);
  const path = operation.path.replace(/\{([^}]+)\}/g, (_match, name: string) => encodeURIComponent(String(request.pathParams[name])));
  const query = new URLSearchParams(Object.entries(request.query).map(([name, value]) => [name, String(value)])).toString();
  const cookie = Object.entries(request.cookies).map(([name, value]) => `${name}=${value}`).join('; ');
  const parts = [`curl -i -X ${operation.method.toUpperCase()}`, `-H 'Prefer: code=${status}'`];
  for (const [name, value] of Object.entries(request.headers)) parts.push(`-H '${name}: ${value}'`);
  if (cookie) parts.push(`-H 'Cookie: ${cookie}'`);
  if (request.body !== undefined) parts.push(`-H 'Content-Type: application/json'`, `-d '${JSON.stringify(request.body)}'`);
  parts.push(`${url}${path}${query ? `?${query}` : ''}`);
  return parts.join(' ');
}
