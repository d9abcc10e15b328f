export * from './errors.js';
export * from './counters.js';
export * from './text.js';
export * from './ad8232.js';
export * from './openview.js';
export * from './ads1292r.js';
export * from './lines.js';
export * from './masimo.js';
