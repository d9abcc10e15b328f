export { RhythmAnalyzer, type RhythmAnalyzerOptions } from './analyzer.js';
export { RhythmCore, type RhythmEvents } from './core.js';
export { EpisodeGate, DEFAULT_GATE_POLICY, type GatePolicy, type GateCounts } from './gate.js';
export { Q as QualityCode, QUALITY_NAMES, QUALITY_SCORE, qualityCode, SecondQuality } from './quality-code.js';
export { SummaryAccumulator, type MinuteRate, type RhythmSummary } from './summary.js';
export { analyzeRecord, analyzeBeats, RecordAnalysis, type AnalysisResult } from './batch.js';
