export { EPISODE_TYPES, RENAMED_FROM, type BeatLabel, type Episode, type EpisodeSink, type EpisodeType, type Severity } from './types.js';
export * from './vf/index.js';
export * from './af/index.js';
export * from './strip/index.js';
export * from './episodes/index.js';
export * from './analyzer/index.js';
