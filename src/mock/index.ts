export { startMock } from './start-mock.js';
export type { MockServer, RespondWithOptions, StartMockOptions } from './start-mock.js';
export type { MockStateSnapshot } from '../mock-state/control.js';
export type { MockEvent } from './mock-events.js';
export { PortInUseError, PrismStartError } from './errors.js';
