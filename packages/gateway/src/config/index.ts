export { ConfigError, formatProblem, type ConfigProblem } from './errors.js';
export { loadConfig, parseConfig, loadSchema, defaultSchemaPath, type LoadConfigOptions } from './load.js';
export { validate as validateAgainstSchema, applyDefaults, type Schema } from './schema-validator.js';
export { toDeviceConfig } from './device-config.js';
export type { GatewayConfig, DeviceSettings, HubSettings, ConfigProtocol } from './types.js';
