export { startMock, DEFAULT_MOCK_SPEC } from './start-mock.js';
export type { MockServer, StartMockOptions } from './start-mock.js';
export { PortInUseError } from './port.js';
export { PrismStartError } from './prism-process.js';
