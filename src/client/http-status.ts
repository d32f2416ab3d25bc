// Type-level status codes. Results are discriminated on literal statuses, so every
// status a server could send needs a literal type: a plain `number` member would
// swallow narrowing (`status === 200` could then still be any number).
type Enumerate<N extends number, Acc extends number[] = []> = Acc['length'] extends N ? Acc[number] : Enumerate<N, [...Acc, Acc['length']]>;

/** Every status code HTTP allows: 100 through 599. */
export type HttpStatus = Exclude<Enumerate<600>, Enumerate<100>>;
/** 200 through 299. */
export type SuccessStatus = Exclude<Enumerate<300>, Enumerate<200>>;
