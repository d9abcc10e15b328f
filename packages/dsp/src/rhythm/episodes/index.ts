export { DEFAULT_EPISODE_RULES, episodeRules, type EpisodeRules, type PauseRules, type RateRules, type VentricularRules } from './config.js';
export { EpisodeSlot, moreSevere } from './slot.js';
export { PauseDetector } from './pause.js';
export { RateDetector } from './rate.js';
export { VentricularDetector } from './ventricular.js';
export { BeatBurden, type BurdenFigures } from './burden.js';
export { BeatEpisodes, type BeatEpisodeOptions } from './rules.js';
