import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import type { OpenApiDocument } from './document.js';
import { hasExternalRefs } from './external-refs.js';

/**
 * A spec file as one document: JSON or YAML, parsed; a spec whose `$ref`s reach other
 * files is bundled first (Redocly, loaded only then), with the refs kept inside its own
 * folder and none fetched, as everywhere else in the toolkit.
 */
export async function readDocument(file: string): Promise<OpenApiDocument> {
  const text = await readFile(file, 'utf8');
  const document = (/\.json$/i.test(file) ? JSON.parse(text) : parseYaml(text)) as OpenApiDocument;
  if (!hasExternalRefs(text)) return document;
  const [{ createConfig }, { bundleSpec }, { createSpecResolver, policyForLoneSpec }] = await Promise.all([import('./redocly.js'), import('./bundle-spec.js'), import('./spec-resolver.js')]);
  const config = await createConfig({});
  return (await bundleSpec({ spec: file, config, resolver: createSpecResolver(config, policyForLoneSpec(file)) })).document as OpenApiDocument;
}
