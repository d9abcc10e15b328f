import { describe, expect, it } from 'vitest';
import type { Episode } from '@clinic-edge/dsp';
import { DEFINITIONS, type Segment } from './vf.js';
import { countAlarms, scoreSystem, SpanRecorder, type UrgentSpan } from './vf-system.js';

const FS = 100; // Hz
const s = (seconds: number): number => seconds * FS;
const seg = (from: number, to: number, cls: Segment['cls'], noise = false): Segment => ({ start: s(from), end: s(to), cls, noise });
const span = (type: Episode['type'], from: number, to: number): UrgentSpan => ({ type, from: s(from), to: s(to) });
const ep = (type: Episode['type'], severity: Episode['severity'], start: number): Episode => ({ type, severity, start, end: null, confidence: 1 });

describe('scoreSystem', () => {
  // 0-100 s NSR, 100-130 s VF, 130-200 s other, 200-260 s VT (rate below), 260-300 s NSR
  const segments = [seg(0, 100, 'NSR'), seg(100, 130, 'VF'), seg(130, 200, 'OTHER'), seg(200, 260, 'VT'), seg(260, 300, 'NSR')];
  const ref = (vtBpm: number) => ({ segments, rateAt: (at: number) => (at >= s(200) && at < s(260) ? vtBpm : 75), fs: FS, length: s(300) });

  it('finds a shockable episode by an urgent flag of any type, timed from its onset, and counts false seconds by type', () => {
    const spans = [span('ASYSTOLE', 103, 106), span('VFIB', 104, 131), span('TACHY', 50, 60)];
    const r = scoreSystem(ref(150), spans);
    expect(r.episodes).toEqual([{ kind: 'VF', onset: 100, duration: 30, found: true, delay: 3, flaggedAs: 'ASYSTOLE' }]); // slow VT is not scored
    // NSR: 100 + 40 s, less the grace after each change (260-265 s), less 10 flagged seconds
    expect(r.seconds.nsr.total).toBe(100 + 40 - DEFINITIONS.graceSeconds);
    expect(r.seconds.nsr.hit).toBe(r.seconds.nsr.total - 10);
    expect(r.falseByType).toEqual({ TACHY: 10 });
    expect(r.seconds.other.hit).toBe(r.seconds.other.total); // the VFIB flag closed inside the grace after VF
  });

  it('scores rapid VT as an episode, a flag after the episode ends only within the grace, and misses', () => {
    const late = scoreSystem(ref(200), [span('VT', 260 + DEFINITIONS.graceSeconds - 1, 270)]);
    expect(late.episodes.map((e) => [e.kind, e.found, e.delay])).toEqual([['VF', false, null], ['VT', true, 64]]);
    const tooLate = scoreSystem(ref(200), [span('VT', 260 + DEFINITIONS.graceSeconds + 1, 270)]);
    expect(tooLate.episodes.every((e) => !e.found)).toBe(true);
    expect(tooLate.seconds.nsr.hit).toBeLessThan(tooLate.seconds.nsr.total);
  });

  it('judges other rhythms against every urgent flag, and apart against the shockable ones only', () => {
    const r = scoreSystem(ref(150), [span('PAUSE', 150, 160), span('VT', 170, 175), span('BRADY', 172, 180)]);
    const total = 70 - DEFINITIONS.graceSeconds;
    expect(r.seconds.other).toMatchObject({ total, hit: total - 20 });
    expect(r.seconds.otherShock).toMatchObject({ total, hit: total - 5 }); // the VT only, the BRADY under it counted once
    expect(r.falseByType).toEqual({ PAUSE: 10, VT: 5, BRADY: 5 });
  });

  it('leaves noise out', () => {
    const noisy = scoreSystem({ ...ref(150), segments: [seg(0, 300, 'NSR', true)] }, [span('TACHY', 0, 300)]);
    expect(noisy.seconds.nsr.total).toBe(0);
  });
});

describe('SpanRecorder', () => {
  it('counts a flag from its escalation to urgent until its close, and a lowered flag until the lowering', () => {
    const r = new SpanRecorder();
    r.event(ep('VFIB', 'warning', 1000), 'open', 1500); // warning only: not yet
    r.event(ep('VFIB', 'urgent', 1000), 'open', 1750); // escalation of the same episode
    r.event(ep('TACHY', 'urgent', 1200), 'open', 1800);
    r.event(ep('TACHY', 'warning', 1200), 'open', 1900); // lowered
    r.event({ ...ep('VFIB', 'urgent', 1000), end: 3000 }, 'close', 3200);
    r.event(ep('VT', 'urgent', 4000), 'open', 4100);
    r.event(ep('VFIB', 'urgent', 4000), 'open', 4300); // the same flag, renamed when the VT turned to VF
    r.event({ ...ep('VFIB', 'urgent', 4000), end: 4800 }, 'close', 4900);
    r.event(ep('PAUSE', 'urgent', 4500), 'open', 4600);
    r.event(ep('ASYSTOLE', 'urgent', 4500), 'open', 4700); // the same gap, now 4 s long
    r.event({ ...ep('ASYSTOLE', 'urgent', 4500), end: 4950 }, 'close', 4950);
    r.event(ep('VT', 'urgent', 5000), 'open', 6000); // never closed
    expect(r.finish(9000)).toEqual([
      { type: 'VFIB', from: 1750, to: 3200 },
      { type: 'TACHY', from: 1800, to: 1900 },
      { type: 'VT', from: 4100, to: 4900 },
      { type: 'PAUSE', from: 4600, to: 4950 },
      { type: 'VT', from: 6000, to: 9000 },
    ]);
  });
});

describe('countAlarms', () => {
  it('counts every urgent alarm, and as re-alarms those raised while one is up or soon after one went down', () => {
    const spans = [span('VFIB', 100, 130), span('VT', 110, 140), span('VFIB', 143, 150), span('PAUSE', 200, 204), span('ASYSTOLE', 300, 310)];
    expect(countAlarms(spans, s(5))).toEqual({ raised: 5, reAlarms: 2 }); // the VT under the VF, the VF 3 s after it
    expect(countAlarms([], s(5))).toEqual({ raised: 0, reAlarms: 0 });
  });
});
