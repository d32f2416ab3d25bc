import { readFileSync } from 'node:fs';
import type { IHttpOperation } from '@stoplight/types';
import { parse } from 'yaml';
import type { OpenApiDocument } from '../../openapi/document.js';
import { createSchemaValidator } from '../../schema/schema-validator.js';
import { servedExample, mediaPointer, SPEC_FINDING_HEADER, findingHeaderValue, type ServedExample } from '../../schema/served-example.js';

/**
 * A spec's own example that breaks its schema is a defect of the spec, not an answer of
 * the API: Prism's --errors turns it into a 500 of its own, so the pair proves nothing and
 * every check after it fails for that one cause. Here the same schema-valid sample the
 * MSW handlers serve goes out instead (served-example.ts), with a header naming the
 * finding; `--strict-examples` keeps Prism's 500.
 *
 * The spec and a validator are loaded on the first broken example only: most specs have
 * none, and a worker's start should not pay for them.
 */
export function createExampleMender(specFile: string) {
  let loaded: { document: OpenApiDocument; validate: (schema: unknown, value: unknown) => string[] } | undefined;
  const load = () => {
    if (!loaded) {
      const text = readFileSync(specFile, 'utf8');
      // The mock serves a JSON bundle (writeTempBundle); JSON.parse reads it many times faster than a YAML parser.
      const document = (text.trimStart().startsWith('{') ? JSON.parse(text) : parse(text)) as OpenApiDocument;
      const validator = createSchemaValidator(document);
      loaded = { document, validate: (schema, value) => validator.errors(schema, value) };
    }
    return loaded;
  };
  const made = new Map<string, ServedExample | null>();

  /** The value to serve in place of the broken one, and the header that says why; undefined to keep Prism's answer. */
  return (operation: IHttpOperation, status: number, contentType: string | undefined, exampleKey: string | undefined): { value: unknown; headers: Record<string, string> } | undefined => {
    const mediaType = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
    const key = [operation.method, operation.path, status, mediaType, exampleKey ?? ''].join('\u0000');
    let served = made.get(key);
    if (served === undefined) {
      const { document, validate } = load();
      const found = mediaPointer(document, operation.method, operation.path, status, mediaType);
      served = found ? servedExample(document, found.media, found.pointer, validate, exampleKey, mediaType) : null;
      made.set(key, served);
    }
    if (!served?.valid) return undefined;
    // No finding: the spec is sound and only Prism's own sample broke it (a `maxLength: 0` string it fills with "string").
    return { value: served.value, headers: served.finding ? { [SPEC_FINDING_HEADER]: findingHeaderValue(served.finding) } : {} };
  };
}
