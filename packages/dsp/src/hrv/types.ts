/** Heart-rate variability of one window (Task Force of the ESC and NASPE, Circulation 93:1043, 1996). */

/** Why a window's HRV figures are null. */
export type HrvNullReason = 'too-few-nn' | 'too-much-excluded';

export interface HrvCounts {
  /** Beats ending an interval in the window, by label. */
  beats: { N: number; S: number; V: number; Q: number };
  /** RR intervals ending in the window. */
  intervals: number;
  /** Accepted normal-to-normal intervals. */
  nn: number;
  /** Intervals with an S, V or Q beat at either end. */
  excludedLabel: number;
  /** Intervals outside 0.3-2.0 s. */
  excludedRange: number;
  /** N-N intervals differing by more than 20 % from the preceding N-N interval (Malik's filter). */
  excludedJump: number;
}

export interface HrvWindow {
  /** First sample of the window and one past its last (windows end at multiples of the window length). */
  start: number;
  end: number;
  counts: HrvCounts;
  /** null when the figures below are computed; otherwise why they are null. */
  reason: HrvNullReason | null;
  meanNnMs: number | null;
  sdnnMs: number | null;
  rmssdMs: number | null;
  /** Per cent of successive NN differences above 50 ms. */
  pnn50: number | null;
  /** 60000 / meanNN, beats per minute. */
  hrMeanBpm: number | null;
  /** Power 0.04-0.15 Hz, ms². */
  lfMs2: number | null;
  /** Power 0.15-0.40 Hz, ms². */
  hfMs2: number | null;
  lfHf: number | null;
}
