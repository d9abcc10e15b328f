import type { EcgNoiseKind } from './ecg-noise.js';

/**
 * Faults scheduled from the command line: each repeats every `...EverySeconds` (first time after one
 * period), lasting `...ForSeconds`. Drift and a wrong baud rate are states, set once at start.
 */
export interface FaultSchedule {
  garbageEverySeconds?: number;
  garbageBytes?: number; // default 16
  unplugEverySeconds?: number;
  unplugForSeconds?: number; // default 3
  noiseEverySeconds?: number;
  noiseForSeconds?: number; // default 3
  noiseKind?: EcgNoiseKind; // default 'emg'
  noiseMv?: number; // RMS, default 0.2 (emg) / 0.5 (motion)
  leadOffEverySeconds?: number;
  leadOffForSeconds?: number; // default 5
  silenceEverySeconds?: number;
  silenceForSeconds?: number; // default 5
  clockDriftPpm?: number;
  clockJumpEverySeconds?: number;
  clockJumpSeconds?: number; // default +3600 (an hour forward, as a DST or hand-set error)
  /** The device sends at this baud while the port is read at `listenBaud`. */
  wrongBaud?: number;
  listenBaud?: number;
}

/** What the schedule acts on: the Simulator's fault methods. */
export interface FaultTarget {
  injectGarbage(n?: number): unknown;
  unplug(forMs?: number): Promise<void>;
  noiseBurst(kind: EcgNoiseKind, seconds: number, rmsMv?: number): void;
  setLeadOff(off: boolean): void;
  silence(ms: number): void;
  driftClock(ppm: number): void;
  jumpClock(ms: number): void;
  wrongBaud(deviceBaud: number | null, listenBaud?: number): void;
}

/** Starts the schedule's timers; returns a function that stops them all (pending lead-off restores included). */
export function runFaultSchedule(target: FaultTarget, f: FaultSchedule): () => void {
  const timers: ReturnType<typeof setTimeout>[] = [];
  const every = (seconds: number | undefined, fn: () => void): void => {
    if (seconds) timers.push(setInterval(fn, seconds * 1000));
  };
  const later = (ms: number, fn: () => void): void => {
    const t = setTimeout(fn, ms);
    timers.push(t);
  };
  every(f.garbageEverySeconds, () => target.injectGarbage(f.garbageBytes ?? 16));
  every(f.unplugEverySeconds, () => void target.unplug((f.unplugForSeconds ?? 3) * 1000));
  every(f.noiseEverySeconds, () => target.noiseBurst(f.noiseKind ?? 'emg', f.noiseForSeconds ?? 3, f.noiseMv));
  every(f.leadOffEverySeconds, () => {
    target.setLeadOff(true);
    later((f.leadOffForSeconds ?? 5) * 1000, () => target.setLeadOff(false));
  });
  every(f.silenceEverySeconds, () => target.silence((f.silenceForSeconds ?? 5) * 1000));
  every(f.clockJumpEverySeconds, () => target.jumpClock((f.clockJumpSeconds ?? 3600) * 1000));
  if (f.clockDriftPpm) target.driftClock(f.clockDriftPpm);
  if (f.wrongBaud) target.wrongBaud(f.wrongBaud, f.listenBaud);
  return () => {
    for (const t of timers) clearTimeout(t); // clearTimeout clears intervals too
    timers.length = 0;
  };
}
