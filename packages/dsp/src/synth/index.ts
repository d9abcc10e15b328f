export { synthesizeEcg, steadyBeatTimes, type SyntheticEcg, type SyntheticEcgOptions } from './synthetic-ecg.js';
export { planRhythm, SYNTHETIC_RHYTHMS, type RhythmPlan, type SyntheticRhythm } from './rhythm.js';
