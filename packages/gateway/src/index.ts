export { GatewayError } from './errors.js';
export * from './store/index.js';
export * from './publish/index.js';
export * from './pipeline/index.js';
export * from './serial/index.js';
export * from './config/index.js';
export * from './log/index.js';
export * from './daemon/index.js';
export * from './status/index.js';
