export * from './filters/index.js';
export * from './resample/index.js';
export * from './qrs/index.js';
export * from './synth/index.js';
export * from './rhythm/index.js';
export * from './classify/index.js';
export * from './quality/index.js';
export * from './hrv/index.js';
