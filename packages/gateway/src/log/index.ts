export { createLogger, REDACT_PATHS, type LoggerOptions, type GatewayLogger } from './logger.js';
