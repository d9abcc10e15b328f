import { describe, expect, it } from 'vitest';
import type { BeatLabel, Episode } from '../types.js';
import { episodeRules } from './config.js';
import { PauseDetector } from './pause.js';
import { BeatEpisodes, type BeatEpisodeOptions } from './rules.js';

const FS = 250; // Hz

interface Event {
  type: string;
  severity: string;
  start: number;
  end: number | null;
  event: 'open' | 'close';
  at: number; // horizon or beat sample when the event came
}

/** Feeds beats (times in s) with labels, advancing the clock every 0.1 s as a live stream would. */
function run(times: number[], labels?: string, endS?: number, overrides?: BeatEpisodeOptions['rules']): { events: Event[]; episodes: Episode[] } {
  const events: Event[] = [];
  const episodes: Episode[] = [];
  let now = 0;
  const rules = new BeatEpisodes({ sampleRate: FS, rules: overrides }, (ep, event) => {
    events.push({ type: ep.type, severity: ep.severity, start: ep.start, end: ep.end, event, at: now });
    if (event === 'close') episodes.push({ ...ep });
  });
  const end = Math.round((endS ?? times[times.length - 1] + 1) * FS);
  let b = 0;
  for (now = 0; now <= end; now += FS / 10) {
    while (b < times.length && Math.round(times[b] * FS) <= now) {
      rules.beat(Math.round(times[b] * FS), (labels?.[b] ?? 'N') as BeatLabel);
      b++;
    }
    rules.advance(now);
  }
  rules.finish(end);
  return { events, episodes };
}

function steady(from: number, to: number, bpm: number): number[] {
  const out: number[] = [];
  for (let t = from; t < to - 1e-9; t += 60 / bpm) out.push(t);
  return out;
}

describe('PAUSE and ASYSTOLE', () => {
  it('raises a pause while it is going on at 2 s, escalates it at 3 s, renames it ASYSTOLE at 4 s and ends it at the next beat', () => {
    const beats = [...steady(0, 10, 60), 15, ...steady(16, 20, 60)]; // last beat before the gap at 9 s
    const { events, episodes } = run(beats);
    const gap = events.filter((e) => e.type === 'PAUSE' || e.type === 'ASYSTOLE');
    expect(gap.map((e) => `${e.event} ${e.type} ${e.severity} ${e.start / FS}`)).toEqual([
      'open PAUSE warning 9', 'open PAUSE urgent 9', 'open ASYSTOLE urgent 9', 'close ASYSTOLE urgent 9',
    ]);
    expect(gap[0].at).toBeGreaterThan(11 * FS);
    expect(gap[0].at).toBeLessThanOrEqual(11.1 * FS + 1);
    expect(gap[1].at).toBeLessThanOrEqual(12.1 * FS + 1);
    expect(gap[2].at).toBeLessThanOrEqual(13.1 * FS + 1); // 4 s without a beat, before the beat at 15 s
    // one gap, one episode: the alarm got worse, it did not multiply
    expect(episodes.filter((e) => e.type === 'PAUSE' || e.type === 'ASYSTOLE')).toEqual([expect.objectContaining({ type: 'ASYSTOLE', start: 9 * FS, end: 15 * FS, severity: 'urgent' })]);
  });

  it('a 2.5 s pause is a warning and not asystole; 1.8 s RR is nothing', () => {
    const { episodes } = run([...steady(0, 10, 60), 10.8, 13.3, ...steady(14.3, 20, 60)]);
    expect(episodes.map((e) => [e.type, e.severity, e.start / FS, e.end! / FS])).toEqual([['PAUSE', 'warning', 10.8, 13.3]]);
  });

  it('before the first beat of the stream a gap is a warning at most; after it, the same gap is urgent', () => {
    const { events, episodes } = run([8, ...steady(9, 20, 60), ...steady(26, 30, 60)]); // no beat for the first 8 s, then a 6-s gap after 19 s
    const gaps = episodes.filter((e) => e.type === 'PAUSE' || e.type === 'ASYSTOLE');
    expect(gaps.map((e) => [e.type, e.severity, e.start / FS, e.end! / FS])).toEqual([
      ['ASYSTOLE', 'warning', 0, 8],
      ['ASYSTOLE', 'urgent', 19, 26],
    ]);
    expect(events.filter((e) => e.start === 0 && e.severity === 'urgent')).toEqual([]); // never urgent, not even for a moment
  });

  it('awaiting the heart, beats alone do not lift the warning cap; heartSeen() does', () => {
    const severities = (seenAt: number | null): string[] => {
      const out: string[] = [];
      const pause = new PauseDetector(FS, episodeRules().pause, (ep, event) => event === 'open' && out.push(`${ep.type} ${ep.severity}`));
      pause.awaitHeart();
      for (const t of steady(0, 10, 60)) {
        if (seenAt !== null && t >= seenAt) pause.heartSeen();
        pause.beat(t * FS);
      }
      for (let t = 9.1; t <= 16; t += 0.1) pause.advance(Math.round(t * FS)); // then 7 s without a beat
      return out;
    };
    expect(severities(null)).toEqual(['PAUSE warning', 'ASYSTOLE warning']); // never urgent: detections, no heart
    expect(severities(5)).toEqual(['PAUSE warning', 'PAUSE urgent', 'ASYSTOLE urgent']);
  });

  it('an unusable stretch (lead off) is never a pause or asystole', () => {
    const events: Event[] = [];
    const rules = new BeatEpisodes({ sampleRate: FS }, (ep, event) => events.push({ ...ep, event, at: 0 }));
    for (const t of steady(0, 10, 60)) rules.beat(t * FS, 'N');
    rules.advance(10.5 * FS);
    rules.unusable(10.5 * FS, 30 * FS); // electrodes off for 20 s
    rules.advance(31 * FS);
    for (const t of steady(31.5, 40, 60)) rules.beat(t * FS, 'N');
    rules.advance(40 * FS);
    rules.finish(40 * FS);
    expect(events).toEqual([]);
  });
});

describe('BRADY and TACHY', () => {
  it('a sustained rate of 35 bpm opens BRADY (warning) after 10 s, starting where it began', () => {
    const { episodes } = run([...steady(0, 30, 70), ...steady(30, 80, 35), ...steady(80, 120, 70)]);
    const brady = episodes.filter((e) => e.type === 'BRADY');
    expect(brady).toHaveLength(1);
    expect(brady[0].severity).toBe('warning');
    expect(brady[0].start / FS).toBeGreaterThan(30);
    expect(brady[0].start / FS).toBeLessThan(45);
    expect(brady[0].end! / FS).toBeGreaterThan(80);
    expect(brady[0].end! / FS).toBeLessThan(86);
  });

  it('a transient slow spell (6 s at 35 bpm) raises nothing', () => {
    const { episodes } = run([...steady(0, 30, 70), ...steady(30, 36, 35), ...steady(36, 60, 70)]);
    expect(episodes.filter((e) => e.type === 'BRADY')).toEqual([]);
  });

  it('25 bpm sustained is urgent BRADY (plus the pauses it implies)', () => {
    const { episodes } = run([...steady(0, 20, 70), ...steady(20, 60, 25), ...steady(60, 80, 70)]);
    expect(episodes.filter((e) => e.type === 'BRADY').map((e) => e.severity)).toEqual(['urgent']);
  });

  it('sustained 165 bpm is TACHY warning, 200 bpm urgent, 12 s at 165 after a 5 s burst only warning', () => {
    const t1 = run([...steady(0, 20, 70), ...steady(20, 60, 165), ...steady(60, 80, 70)]).episodes.filter((e) => e.type === 'TACHY');
    expect(t1.map((e) => e.severity)).toEqual(['warning']);
    const t2 = run([...steady(0, 20, 70), ...steady(20, 60, 200), ...steady(60, 80, 70)]).episodes.filter((e) => e.type === 'TACHY');
    expect(t2.map((e) => e.severity)).toEqual(['urgent']);
    const t3 = run([...steady(0, 20, 70), ...steady(20, 25, 165), ...steady(25, 60, 70)]).episodes.filter((e) => e.type === 'TACHY');
    expect(t3).toEqual([]);
  });

  it('ends TACHY at the last beat when the beats stop, not at the next beat after the asystole', () => {
    const { episodes } = run([...steady(0, 20, 70), ...steady(20, 60, 165), ...steady(90, 120, 70)]);
    const tachy = episodes.filter((e) => e.type === 'TACHY');
    expect(tachy).toHaveLength(1);
    expect(tachy[0].end! / FS).toBeLessThan(60);
    expect(episodes.map((e) => e.type)).toContain('ASYSTOLE');
  });

  it('does not carry a fast rate that had not yet lasted across a gap: 5 s at 165, 30 s of nothing, 7 s at 165', () => {
    const { episodes } = run([...steady(0, 20, 70), ...steady(20, 25, 165), ...steady(55, 62, 165), ...steady(62, 90, 70)]);
    expect(episodes.filter((e) => e.type === 'TACHY')).toEqual([]);
  });
});

/** Beats at 75 bpm with the given labels (one char per beat; V beats come 30% early). */
function labelled(labels: string, rr = 0.8): number[] {
  const out: number[] = [];
  let t = 0.5;
  for (let i = 0; i < labels.length; i++) {
    const early = labels[i] === 'V' && labels[i - 1] !== 'V' ? 0.3 * rr : 0;
    out.push(t - early);
    t += rr;
  }
  return out;
}

describe('ventricular runs and patterns', () => {
  const types = (labels: string, rr?: number) =>
    run(labelled(labels, rr), labels).episodes.map((e) => `${e.type}:${e.severity}`);

  it('an isolated V raises nothing; a couplet is VRUN info', () => {
    expect(types('NNNNVNNNNNN')).toEqual([]);
    expect(types('NNNNVVNNNNN')).toEqual(['VRUN:info']);
  });

  it('a triplet faster than 100 bpm is VT (non-sustained: warning); a slow triplet is VRUN warning', () => {
    expect(types('NNNNVVVNNNN', 0.5)).toEqual(['VT:warning']); // 120 bpm
    expect(types('NNNNVVVNNNN', 0.8)).toEqual(['VRUN:warning']); // 75 bpm: idioventricular
  });

  it('VT sustained for 30 s is urgent; rapid VT (> 150 bpm) is urgent after 5 s', () => {
    expect(types(`NNNN${'V'.repeat(70)}NNNN`, 0.5)).toEqual(['VT:urgent']); // 35 s at 120 bpm
    expect(types(`NNNN${'V'.repeat(30)}NNNN`, 0.5)).toEqual(['VT:warning']); // 15 s at 120 bpm
    expect(types(`NNNN${'V'.repeat(12)}NNNN`, 0.35)).toEqual(['VT:warning']); // 4 s at 171 bpm
    const rapid = types(`NNNN${'V'.repeat(35)}NNNN`, 0.35); // 12 s at 171 bpm
    expect(rapid.filter((t) => t.startsWith('VT'))).toEqual(['VT:urgent']);
    expect(rapid).toContain('TACHY:warning'); // the rate rule sees it too
  });

  it('VT broken into runs by a few beats read as N is sustained once the runs fill 30 s of a minute; the same runs spread out are not', () => {
    // runs of 16 V at 120/min (8 s) separated by `sinusBeats` N beats at the same rate
    const broken = (runs: number, sinusBeats: number): string => `NNNN${`${'V'.repeat(16)}${'N'.repeat(sinusBeats)}`.repeat(runs)}NNNN`;
    const vt = (labels: string) => run(labelled(labels, 0.5), labels).episodes.filter((e) => e.type === 'VT');
    const labels = broken(5, 2); // 40 s of VT in 45 s
    const close = vt(labels);
    // the fourth run makes 30 s: urgent, and one episode from there on across the break
    expect(close.map((e) => e.severity)).toEqual(['warning', 'warning', 'warning', 'urgent']);
    const times = labelled(labels, 0.5);
    expect(close[3].start).toBe(Math.round(times[4 + 3 * 18] * FS));
    expect(close[3].end).toBe(Math.round(times[4 + 4 * 18 + 15] * FS)); // the last V of the fifth run
    // followed by sinus rhythm: the episode closes at its last V once 10 s have passed without a run
    const then = `${labels}${'N'.repeat(40)}`;
    const thenTimes = labelled(then, 0.5);
    const closeEvent = run(thenTimes, then).events.find((e) => e.type === 'VT' && e.event === 'close' && e.severity === 'urgent');
    const lastV = Math.round(thenTimes[4 + 4 * 18 + 15] * FS);
    expect(closeEvent?.end).toBe(lastV);
    expect(closeEvent!.at - lastV).toBeGreaterThan(10 * FS);
    expect(closeEvent!.at - lastV).toBeLessThanOrEqual(10.6 * FS);
    const spread = vt(broken(5, 40)); // the same 40 s of VT over two and a half minutes
    expect(spread.map((e) => e.severity)).toEqual(['warning', 'warning', 'warning', 'warning', 'warning']);
  });

  it('a VT that slows under the VT rate closes there: the slow rest is a VRUN warning, never a sustained (urgent) VT', () => {
    // 5 s of V at 120/min, then 60 s of V at 75/min (idioventricular), then sinus
    const times = [...steady(0, 4, 75), ...steady(4, 9, 120), ...steady(9, 69, 75), ...steady(69, 75, 75)];
    const labels = times.map((t) => (t >= 4 && t < 69 ? 'V' : 'N')).join('');
    const eps = run(times, labels).episodes.filter((e) => e.type === 'VT' || e.type === 'VRUN');
    expect(eps.map((e) => `${e.type}:${e.severity}`)).toEqual(['VT:warning', 'VRUN:warning']);
    expect(eps[0].end! / FS).toBeLessThan(10); // ends at its last fast beat
    expect(eps[1].end! / FS).toBeGreaterThan(68);
    // the same fast run going on at 120/min is sustained VT
    const fast = [...steady(0, 4, 75), ...steady(4, 69, 120), ...steady(69, 75, 75)];
    const fastLabels = fast.map((t) => (t >= 4 && t < 69 ? 'V' : 'N')).join('');
    expect(run(fast, fastLabels).episodes.filter((e) => e.type === 'VT').map((e) => e.severity)).toEqual(['urgent']);
  });

  it('for a paced patient, slow runs of V (paced rhythm) are info, while VT is judged as for anyone', () => {
    const paced = { ventricular: { pacedPatient: true } };
    const pacedTypes = (labels: string, rr: number) => run(labelled(labels, rr), labels, undefined, paced).episodes.map((e) => `${e.type}:${e.severity}`);
    expect(pacedTypes(`NNNN${'V'.repeat(40)}NNNN`, 0.85)).toEqual(['VRUN:info']); // 34 s paced at 71/min
    expect(types(`NNNN${'V'.repeat(40)}NNNN`, 0.85)).toEqual(['VRUN:warning']); // the same, patient not paced
    expect(pacedTypes('NNNNVVVNNNN', 0.5)).toEqual(['VT:warning']);
    expect(pacedTypes(`NNNN${'V'.repeat(70)}NNNN`, 0.5)).toEqual(['VT:urgent']); // sustained VT at 120 bpm
  });

  it('wide beats in pairs (short-long, 0.55 / 1.15 s: 71/min) for a minute are no VT, however the pairs fall', () => {
    const times: number[] = [];
    for (let t = 0.5; t < 64; t += 1.7) times.push(t, t + 0.55);
    const eps = run(times, 'V'.repeat(times.length)).episodes;
    expect(eps.filter((e) => e.type === 'VT')).toEqual([]);
    expect(eps.map((e) => `${e.type}:${e.severity}`)).toEqual(['VRUN:warning']);
  });

  it('BIGEMINY needs 4 N V cycles; TRIGEMINY 4 N N V cycles', () => {
    expect(types('NNNVNVNVNNNN')).toEqual([]); // 3 cycles
    const big = run(labelled('NNNVNVNVNVNVNNNN'), 'NNNVNVNVNVNVNNNN').episodes;
    expect(big.map((e) => e.type)).toEqual(['BIGEMINY']);
    const times = labelled('NNNVNVNVNVNVNNNN');
    expect(big[0].start).toBe(Math.round(times[2] * FS));
    expect(big[0].end).toBe(Math.round(times[12] * FS)); // the N after the last V still fits N V N V
    expect(types('NNNVNNVNNVNNVNNNNN')).toEqual(['TRIGEMINY:info']);
    expect(types('NNVNNVNNVNNNN')).toEqual([]);
  });

  it('an unknown (Q) beat breaks a pattern', () => {
    expect(types('NVNVQVNVNVNN')).toEqual([]);
  });

  describe('VT in noise: Q beats inside a run, with and without an organised signal', () => {
    // 12 s of VT at 180/min where noise turned every third complex into Q and dropped every
    // seventh (missed by the detector), between stretches of sinus rhythm
    const sinus = steady(0, 10, 75);
    const vt = steady(10.3, 22.3, 180).filter((_, i) => i % 7 !== 6);
    const after = steady(23, 30, 75);
    const times = [...sinus, ...vt, ...after];
    const labels = [...sinus.map(() => 'N'), ...vt.map((_, i) => (i % 3 === 2 ? 'Q' : 'V')), ...after.map(() => 'N')].join('');
    /** Feeds the beats; `periodS` is what the signal's autocorrelation shows (0: nothing organised). */
    function vtEpisodes(periodS: (t: number) => number): string[] {
      const out: string[] = [];
      const rules = new BeatEpisodes({ sampleRate: FS }, (ep, event) => event === 'close' && ep.type === 'VT' && out.push(`${ep.severity}:${Math.round(ep.start / FS)}-${Math.round(ep.end! / FS)}`));
      times.forEach((t, i) => {
        rules.ventricular.organised(periodS(t));
        rules.beat(Math.round(t * FS), labels[i] as BeatLabel);
      });
      rules.finish(Math.round(31 * FS));
      return out;
    }

    it('is one urgent VT (rapid for 5 s at the signal period) while the signal repeats at the VT cycle', () => {
      expect(vtEpisodes((t) => (t > 10 && t < 23 ? 1 / 3 : 0))).toEqual(['urgent:10-22']);
    });

    it('breaks at each Q without that evidence, as before (couplets only, no VT), and when the signal repeats slowly', () => {
      for (const period of [0, 1.05]) expect(vtEpisodes(() => period)).toEqual([]);
    });

    it('ends at a supraventricular beat even while the signal is organised', () => {
      const withN = labels.slice(0, sinus.length + 8) + 'N' + labels.slice(sinus.length + 9);
      const out: string[] = [];
      const rules = new BeatEpisodes({ sampleRate: FS }, (ep, event) => event === 'close' && ep.type === 'VT' && out.push(`${Math.round(ep.end! / FS)}`));
      times.forEach((t, i) => {
        rules.ventricular.organised(t > 10 && t < 23 ? 1 / 3 : 0);
        rules.beat(Math.round(t * FS), withN[i] as BeatLabel);
      });
      rules.finish(Math.round(31 * FS));
      expect(out.length).toBe(2); // the N split it
    });
  });
});

describe('beat burden', () => {
  it('counts V and S per hour and per cent', () => {
    const rules = new BeatEpisodes({ sampleRate: FS }, () => {});
    const labels = 'NNNNNNNSNV';
    labels.split('').forEach((l, i) => rules.beat(i * FS, l as BeatLabel));
    const f = rules.burden.figures(3600);
    expect(f).toMatchObject({ beats: 10, vPerHour: 1, sPerHour: 1, vPercent: 10, sPercent: 10 });
  });
});
