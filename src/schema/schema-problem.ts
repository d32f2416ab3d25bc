// The type alone, in a module of its own: the mock's public types (the control's state,
// forced headers) name it, and standalone-schema.ts's declarations bring ajv's with them,
// which an app's compile then reads too.

/** Why `value` breaks `schema`, or undefined when it fits. */
export type SchemaProblem = (schema: unknown, value: unknown) => string | undefined;
