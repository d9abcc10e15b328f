export { EPISODE_TYPES, type BeatLabel, type Episode, type EpisodeSink, type EpisodeType, type Severity } from './types.js';
