export * from './errors.js';
export * from './counters.js';
export * from './text.js';
export * from './ad8232.js';
