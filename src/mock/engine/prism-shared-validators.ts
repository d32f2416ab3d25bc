/**
 * Prism's validator compiles an ajv validator for each schema object it meets, and keeps it
 * by that object. Its spec reader gives every schema an `x-stoplight` id of its own, so a
 * shared component inlined into many operations (an error body, a page of results) is a
 * new object, and a new compile, in each: on authentik, 3,371 response schemas, 380 of them
 * different once that id is set aside (ShipEngine 306 and 61, the Auth API 83 and 6).
 * Compiling was a fifth of the parity file's Prism CLIs and a quarter of its engine.
 *
 * Patched into Prism's validator module (PRISM_AJV_MODULE), in the engine's bundle and in the
 * CLI through its preload: a schema that reads the same as one compiled before by the same
 * ajv instance, `x-stoplight` aside, takes that validator. ajv ignores `x-stoplight` (Prism's
 * ajv is not strict), so the two would compile to the same code; the errors Prism reads of
 * them (path, keyword, params, message) are the same. Not shared, compiled each time as
 * before: a schema that names another (`$ref`, `$dynamicRef`; those resolve in the bundle
 * Prism passes along, which differs by operation), one with an id of its own (`$id`, draft 4's
 * `id`: ajv refuses a second schema with the same id, and Prism then skips validation,
 * which sharing would change), and one JSON cannot write.
 */

/** Where Prism's validator compiles, in PRISM_AJV_MODULE: once per schema object (and bundle). */
const PRISM_COMPILE = `    const validationFunction = ajvInstance.compile({
        ...schema,
        __bundled__: bundle,
    });`;

/** Kept beside Prism's code (hence JavaScript, in a string): the validator of each schema text, by ajv instance. */
const SHARED_COMPILE = `
// authkit (src/mock/engine/prism-shared-validators.ts): one validator per schema that reads the same, x-stoplight aside.
const authkitSharedValidators = new WeakMap();
function authkitSharedCompile(ajvInstance, schema, compile) {
    let text;
    try {
        text = JSON.stringify(schema, (key, value) => (key === 'x-stoplight' ? undefined : value));
    }
    catch {
        return compile();
    }
    if (typeof text !== 'string' || /"\\$(?!schema")|"id":"/.test(text))
        return compile();
    let byText = authkitSharedValidators.get(ajvInstance);
    if (!byText)
        authkitSharedValidators.set(ajvInstance, (byText = new Map()));
    let validationFunction = byText.get(text);
    if (!validationFunction)
        byText.set(text, (validationFunction = compile()));
    return validationFunction;
}
`;

/** `source` (Prism's PRISM_AJV_MODULE, read from `file`) with its validators shared as above. Throws, naming the file, where Prism compiles otherwise. */
export function prismSharedValidators(source: string, file: string): string {
  if (source.split(PRISM_COMPILE).length !== 2) {
    throw new Error(`${file}: expected one place where Prism's validator compiles a schema with its bundle (ajvInstance.compile({ ...schema, __bundled__: bundle })), to share validators between schemas that read the same; this version of Prism compiles elsewhere`);
  }
  const shared = `    const validationFunction = authkitSharedCompile(ajvInstance, schema, () => ajvInstance.compile({
        ...schema,
        __bundled__: bundle,
    }));`;
  return source.replace(PRISM_COMPILE, shared) + SHARED_COMPILE;
}
