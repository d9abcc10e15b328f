/**
 * The device's own clock, as the simulator runs it. Cheap boards and old monitors keep time with a
 * crystal that is off by tens to hundreds of ppm, and their wall clock is set by hand (or jumps when a
 * battery-backed RTC resets). Two faults:
 * - drift: the device's clock runs `driftPpm` fast (negative: slow). It paces everything the device
 *   does — an ECG at 360 Hz nominal really sends 360 × (1 + ppm/1e6) samples per gateway second, and a
 *   Masimo "1 line/s" comes a little faster or slower — and its timestamps drift apart from real time.
 * - jump: the wall-clock reading jumps by `ms` at once (forward or back); pacing is untouched, only the
 *   timestamps the device writes (Masimo date/time, HL7 MSH-7/OBX-14) change. ECG boards send no time.
 */
export class DeviceClockFault {
  private driftPpm = 0;
  private driftFrom = 0; // real ms at which the current drift began
  private driftBase = 0; // device ms at that moment
  private jumpMs = 0;

  /** Device time (ms since the simulator started, on the device's crystal) at real elapsed ms. */
  deviceElapsed(realMs: number): number {
    return this.driftBase + (realMs - this.driftFrom) * (1 + this.driftPpm / 1e6);
  }

  /** From `realMs` on, the crystal runs `ppm` fast; continuous, so no jump in pacing. */
  setDrift(ppm: number, realMs: number): void {
    if (!Number.isFinite(ppm) || Math.abs(ppm) > 100_000) throw new RangeError(`clock drift ${ppm} ppm: use a number within ±100000`);
    this.driftBase = this.deviceElapsed(realMs);
    this.driftFrom = realMs;
    this.driftPpm = ppm;
  }

  get drift(): number {
    return this.driftPpm;
  }

  /** The wall-clock offset the device adds to its timestamps, ms (sum of all jumps). */
  get offsetMs(): number {
    return this.jumpMs;
  }

  jump(ms: number): void {
    if (!Number.isFinite(ms)) throw new RangeError(`clock jump ${ms} ms is not a number`);
    this.jumpMs += ms;
  }
}
