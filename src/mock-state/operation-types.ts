/** The statuses an operation documents, as numbers (openapi-typescript's `responses` keys). */
export type DocumentedStatusOf<Operation> = Operation extends { responses: infer Responses } ? Extract<keyof Responses, number> : never;
