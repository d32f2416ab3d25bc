// `@authkit/contract/msw`: MSW handlers from the spec, for tests and stories that start no server.
export { createMockHandlers } from './handlers.js';
export type { DocumentedStatusOf, MockHandlers, MockHandlersOptions, RespondOptions } from './handlers.js';
export { mockAnswer } from './mock-answer.js';
export type { AnswerOptions, MockAnswer, MockRequest } from './mock-answer.js';
export type { MockStateSnapshot } from '../mock-state/control.js';
