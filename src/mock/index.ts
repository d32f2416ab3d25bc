export { startMock } from './start-mock.js';
export type { MockServer, StartMockOptions } from './start-mock.js';
export type { MockEvent } from './mock-events.js';
export { PortInUseError, PrismStartError } from './errors.js';
