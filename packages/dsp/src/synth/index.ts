export { synthesizeEcg, steadyBeatTimes, type SyntheticEcg, type SyntheticEcgOptions } from './synthetic-ecg.js';
