import type { BeatLabel } from '../types.js';

export interface BurdenFigures {
  beats: number;
  counts: Record<BeatLabel, number>;
  /** Premature beats per hour of analysed time. */
  vPerHour: number;
  sPerHour: number;
  /** Per cent of all labelled beats. */
  vPercent: number;
  sPercent: number;
}

/** Premature-beat burden: counts of each label, per hour and per cent. O(1) per beat. */
export class BeatBurden {
  private n = 0;
  private s = 0;
  private v = 0;
  private q = 0;

  beat(label: BeatLabel): void {
    if (label === 'N') this.n++;
    else if (label === 'S') this.s++;
    else if (label === 'V') this.v++;
    else this.q++;
  }

  /** Figures over `durationS` seconds of analysed signal. */
  figures(durationS: number): BurdenFigures {
    const beats = this.n + this.s + this.v + this.q;
    const hours = durationS / 3600;
    return {
      beats,
      counts: { N: this.n, S: this.s, V: this.v, Q: this.q },
      vPerHour: hours > 0 ? this.v / hours : 0,
      sPerHour: hours > 0 ? this.s / hours : 0,
      vPercent: beats > 0 ? (100 * this.v) / beats : 0,
      sPercent: beats > 0 ? (100 * this.s) / beats : 0,
    };
  }
}
