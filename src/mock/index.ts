export { startMock, DEFAULT_MOCK_SPEC } from './start-mock.js';
export type { MockServer, StartMockOptions } from './start-mock.js';
export { PortInUseError, PrismStartError } from './errors.js';
