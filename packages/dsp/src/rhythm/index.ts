export { EPISODE_TYPES, type BeatLabel, type Episode, type EpisodeSink, type EpisodeType, type Severity } from './types.js';
export * from './vf/index.js';
export * from './af/index.js';
export * from './strip/index.js';
export * from './episodes/index.js';
export * from './analyzer/index.js';
