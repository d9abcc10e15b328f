import { describe, expect, it } from 'vitest';
import type { Episode } from '../types.js';
import { EpisodeGate, HELD_VT_RELEASE_S } from './gate.js';
import { Q } from './quality-code.js';

const SEC = 100; // samples per second

function gate(): { g: EpisodeGate; events: [string, Episode][] } {
  const events: [string, Episode][] = [];
  const g = new EpisodeGate(SEC, (ep, ev) => events.push([ev, { ...ep }]));
  return { g, events };
}

const vf = (start: number, end: number | null = null): Episode => ({ type: 'VFIB', severity: 'urgent', start, end, confidence: 0.9 });

describe('EpisodeGate', () => {
  it('keeps an urgent flag over good signal, with confidence from its seconds', () => {
    const { g, events } = gate();
    for (let k = 0; k < 10; k++) g.second(k, k < 5 ? Q.Good : Q.Acceptable);
    g.input(vf(300), 'open');
    g.input(vf(300, 999), 'close'); // a copy, as detectors that send snapshots do
    expect(events.map(([ev, e]) => [ev, e.severity, e.end])).toEqual([
      ['open', 'urgent', null],
      ['close', 'urgent', 999],
    ]);
    expect(events[1][1].confidence).toBeCloseTo((2 * 1 + 5 * 0.8) / 7, 2);
  });

  it('closes an episode with the highest severity it was sent at: an urgent alarm lowered before its end was still urgent', () => {
    const { g, events } = gate();
    for (let k = 0; k < 10; k++) g.second(k, Q.Good);
    g.waveformInput(vf(300), 'open');
    g.waveformInput({ ...vf(300), severity: 'warning' }, 'open'); // lowered as the VF wanes
    g.waveformInput({ ...vf(300, 900), severity: 'warning' }, 'close');
    expect(events.map(([ev, e]) => `${ev}:${e.severity}`)).toEqual(['open:urgent', 'open:warning', 'close:urgent']);
  });

  it('follows a pause renamed ASYSTOLE, sent as a copy, as the same episode', () => {
    const { g, events } = gate();
    for (let k = 0; k < 10; k++) g.second(k, Q.Good);
    const pause: Episode = { type: 'PAUSE', severity: 'urgent', start: 300, end: null, confidence: 1 };
    g.input({ ...pause }, 'open');
    g.input({ ...pause, type: 'ASYSTOLE' }, 'open');
    g.input({ ...pause, type: 'ASYSTOLE', end: 800 }, 'close');
    g.closeAll(2000); // nothing left open: no second episode, no PAUSE left dangling
    expect(events.map(([ev, e]) => `${ev}:${e.type}:${e.start}`)).toEqual(['open:PAUSE:300', 'open:ASYSTOLE:300', 'close:ASYSTOLE:300']);
  });

  it('downgrades an urgent flag raised over poor signal to a low-confidence warning', () => {
    const { g, events } = gate();
    for (let k = 0; k < 10; k++) g.second(k, k < 3 ? Q.Good : Q.Poor);
    g.input(vf(300), 'open');
    expect(events[0][1]).toMatchObject({ severity: 'warning' });
    expect(events[0][1].confidence).toBeLessThan(0.5);
    expect(g.counts.downgraded).toBe(1);
  });

  it('keeps VFIB and VT from the waveform urgent over poor, suspect signal (the shockable detector judges its own windows), not VT from beats', () => {
    const { g, events } = gate();
    for (let k = 0; k < 10; k++) g.second(k, k < 3 ? Q.Good : Q.Poor, true);
    g.input({ ...vf(320), type: 'VT' }, 'open'); // first: one opening under the VF flag would be held
    g.waveformInput(vf(300), 'open');
    g.waveformInput({ ...vf(310), type: 'VT' }, 'open');
    expect(events.map(([, e]) => [e.type, e.start, e.severity])).toEqual([['VT', 320, 'warning'], ['VFIB', 300, 'urgent'], ['VT', 310, 'urgent']]);
    expect(g.counts.downgraded).toBe(1);
  });

  it('suppresses an episode over a lead-off stretch and swallows its close', () => {
    const { g, events } = gate();
    for (let k = 0; k < 10; k++) g.second(k, k < 3 ? Q.Good : Q.LeadOff);
    const ep = vf(400);
    g.input(ep, 'open');
    g.input({ ...ep, end: 900 }, 'close');
    expect(events).toEqual([]);
    expect(g.counts.suppressed).toBe(1);
  });

  it('does not call the beatless stretch of a VF episode a pause or asystole', () => {
    const { g, events } = gate();
    for (let k = 0; k < 10; k++) g.second(k, Q.Good);
    g.input(vf(100), 'open');
    g.input({ type: 'ASYSTOLE', severity: 'urgent', start: 400, end: null, confidence: 1 }, 'open');
    expect(events.map(([, e]) => e.type)).toEqual(['VFIB']);
  });

  it('passes an escalation of the same episode on as a second open', () => {
    const { g, events } = gate();
    for (let k = 0; k < 5; k++) g.second(k, Q.Good);
    const pause: Episode = { type: 'PAUSE', severity: 'warning', start: 100, end: null, confidence: 1 };
    g.input(pause, 'open');
    pause.severity = 'urgent';
    g.input(pause, 'open');
    pause.end = 450;
    g.input(pause, 'close');
    expect(events.map(([ev, e]) => `${ev}:${e.severity}`)).toEqual(['open:warning', 'open:urgent', 'close:urgent']);
  });

  it('lowers beat-rule episodes one level over seconds suspect of artefact, urgent gaps to a warning, never VF', () => {
    const { g, events } = gate();
    for (let k = 0; k < 10; k++) g.second(k, Q.Acceptable, k >= 2);
    g.input({ type: 'VT', severity: 'warning', start: 300, end: null, confidence: 1 }, 'open');
    g.input({ type: 'TACHY', severity: 'urgent', start: 400, end: null, confidence: 1 }, 'open');
    g.input({ type: 'PAUSE', severity: 'urgent', start: 500, end: null, confidence: 1 }, 'open');
    g.input({ type: 'ASYSTOLE', severity: 'urgent', start: 550, end: null, confidence: 1 }, 'open');
    g.input(vf(600), 'open');
    expect(events.map(([, e]) => `${e.type}:${e.severity}`)).toEqual(['VT:info', 'TACHY:warning', 'PAUSE:warning', 'ASYSTOLE:warning', 'VFIB:urgent']);
    expect(g.counts.lowered).toBe(4);
  });

  it('keeps a gap a warning at least, however suspect the beats around it', () => {
    const { g, events } = gate();
    for (let k = 0; k < 10; k++) g.second(k, Q.Acceptable, true);
    const pause: Episode = { type: 'PAUSE', severity: 'warning', start: 500, end: null, confidence: 1 };
    g.input(pause, 'open');
    g.input({ ...pause, severity: 'urgent' }, 'open'); // the gap grew past the urgent bar
    expect(events.map(([, e]) => `${e.type}:${e.severity}`)).toEqual(['PAUSE:warning']);
  });

  it('leaves a gap urgent where the leads agreed on the beats', () => {
    const { g, events } = gate();
    for (let k = 0; k < 10; k++) g.second(k, Q.Acceptable, false);
    g.input({ type: 'PAUSE', severity: 'urgent', start: 500, end: null, confidence: 1 }, 'open');
    expect(events.map(([, e]) => e.severity)).toEqual(['urgent']);
  });

  it('lowers an urgent beat-rule flag in poor and suspect signal by one level only (a real VT in noise stays a warning)', () => {
    const { g, events } = gate();
    for (let k = 0; k < 10; k++) g.second(k, Q.Poor, true);
    g.input({ type: 'VT', severity: 'urgent', start: 300, end: null, confidence: 1 }, 'open');
    expect(events.map(([, e]) => e.severity)).toEqual(['warning']);
  });

  it('leaves episodes over clean, agreeing seconds alone', () => {
    const { g, events } = gate();
    for (let k = 0; k < 10; k++) g.second(k, Q.Good, false);
    g.input({ type: 'VT', severity: 'warning', start: 300, end: null, confidence: 1 }, 'open');
    expect(events.map(([, e]) => e.severity)).toEqual(['warning']);
    expect(g.counts.lowered).toBe(0);
  });

  describe('beat-rule flags under a VF flag', () => {
    const beatRule = (type: Episode['type'], severity: Episode['severity'], start: number): Episode => ({ type, severity, start, end: null, confidence: 1 });

    it('holds them while the VF is up and drops those that end under it', () => {
      const { g, events } = gate();
      for (let k = 0; k < 10; k++) g.second(k, Q.Good);
      g.waveformInput(vf(100), 'open');
      const run = beatRule('VRUN', 'info', 300);
      g.input(run, 'open');
      g.input({ ...run, end: 350 }, 'close');
      const af = beatRule('AFIB', 'warning', 320);
      g.input(af, 'open');
      expect(events.map(([ev, e]) => `${ev}:${e.type}`)).toEqual(['open:VFIB']);
      expect(g.counts.coveredByVf).toBe(1);
    });

    it('sends a held flag with its own start once the VF closes while it is still open', () => {
      const { g, events } = gate();
      for (let k = 0; k < 10; k++) g.second(k, Q.Good);
      g.waveformInput(vf(100), 'open');
      const vt = beatRule('VT', 'warning', 400);
      g.input(vt, 'open');
      g.waveformInput(vf(100, 599), 'close');
      g.input({ ...vt, end: 900 }, 'close');
      expect(events.map(([ev, e]) => `${ev}:${e.type}:${e.start}`)).toEqual(['open:VFIB:100', 'close:VFIB:100', 'open:VT:400', 'close:VT:400']);
      expect(g.counts.coveredByVf).toBe(0);
    });

    it('never holds a flag more severe than the VF flag, and releases one when the VF is lowered under it', () => {
      const { g, events } = gate();
      for (let k = 0; k < 10; k++) g.second(k, Q.Good);
      const fib = vf(100);
      g.waveformInput(fib, 'open');
      g.input(beatRule('VT', 'urgent', 300), 'open'); // held: the VF is urgent too
      g.waveformInput({ ...fib, severity: 'warning' }, 'open'); // lowered
      g.input(beatRule('TACHY', 'urgent', 500), 'open'); // more severe than the VF warning: sent at once
      g.input(beatRule('BIGEMINY', 'warning', 600), 'open'); // as severe: held
      expect(events.map(([ev, e]) => `${ev}:${e.type}:${e.severity}`)).toEqual(['open:VFIB:urgent', 'open:VFIB:warning', 'open:VT:urgent', 'open:TACHY:urgent']);
    });

    it('sends a held VT once its beats have held for HELD_VT_RELEASE_S, VF or not', () => {
      const { g, events } = gate();
      for (let k = 0; k < 5; k++) g.second(k, Q.Good);
      g.waveformInput(vf(100), 'open');
      g.input(beatRule('VT', 'warning', 400), 'open');
      g.input(beatRule('VRUN', 'info', 450), 'open');
      const sent = (): string[] => events.map(([, e]) => e.type);
      // the VT starts at sample 400 (second 4): seconds up to 3 + HELD_VT_RELEASE_S are not enough
      for (let k = 5; k < 3 + HELD_VT_RELEASE_S; k++) g.second(k, Q.Good);
      expect(sent()).toEqual(['VFIB']);
      g.second(3 + HELD_VT_RELEASE_S, Q.Good);
      expect(sent()).toEqual(['VFIB', 'VT']);
      for (let k = 4 + HELD_VT_RELEASE_S; k < 30; k++) g.second(k, Q.Good);
      expect(sent()).toEqual(['VFIB', 'VT']); // a VRUN is never released for its length
    });

    it('sends a beat-rule flag as a warning at most while an urgent shockable flag is up, and raises it again after', () => {
      const { g, events } = gate();
      for (let k = 0; k < 10; k++) g.second(k, Q.Good);
      const vt = beatRule('VT', 'urgent', 200);
      g.input(vt, 'open'); // urgent: no shockable flag yet
      const fib = vf(300);
      g.waveformInput(fib, 'open'); // the arrest is one urgent alarm: the VT is lowered under it
      g.waveformInput({ ...fib, end: 700 }, 'close'); // the VT outlasts the VF: urgent again
      g.input({ ...vt, end: 900 }, 'close');
      expect(events.map(([ev, e]) => `${ev}:${e.type}:${e.severity}`)).toEqual([
        'open:VT:urgent', 'open:VFIB:urgent', 'open:VT:warning', 'close:VFIB:urgent', 'open:VT:urgent', 'close:VT:urgent',
      ]);
      expect(events[2][1].start).toBe(200);
      expect(g.counts.downgraded + g.counts.lowered).toBe(0); // not a quality verdict
    });

    it('releases a sustained VT under an urgent VF as a warning, not as a second urgent alarm', () => {
      const { g, events } = gate();
      for (let k = 0; k < 5; k++) g.second(k, Q.Good);
      g.waveformInput(vf(100), 'open');
      g.input(beatRule('VT', 'urgent', 400), 'open');
      for (let k = 5; k <= 3 + HELD_VT_RELEASE_S; k++) g.second(k, Q.Good);
      expect(events.map(([, e]) => `${e.type}:${e.severity}`)).toEqual(['VFIB:urgent', 'VT:warning']);
    });

    it('holds beat-rule flags under a VT judged on the waveform too, and follows its renaming to VFIB as one episode', () => {
      const { g, events } = gate();
      for (let k = 0; k < 10; k++) g.second(k, Q.Good);
      const wvt: Episode = { type: 'VT', severity: 'urgent', start: 100, end: null, confidence: 0.9 };
      g.waveformInput({ ...wvt }, 'open');
      g.input(beatRule('VT', 'urgent', 300), 'open'); // the same rhythm seen through its beats: held
      g.waveformInput({ ...wvt, type: 'VFIB' }, 'open'); // it turned to VF: renamed, same start
      g.waveformInput({ ...wvt, type: 'VFIB', end: 800 }, 'close');
      expect(events.map(([ev, e]) => `${ev}:${e.type}:${e.start}`)).toEqual(['open:VT:100', 'open:VFIB:100', 'close:VFIB:100', 'open:VT:300']);
    });

    it('does not hold flags that open while no VF flag is up', () => {
      const { g, events } = gate();
      for (let k = 0; k < 10; k++) g.second(k, Q.Good);
      g.input(beatRule('VT', 'warning', 200), 'open');
      g.waveformInput(vf(300), 'open');
      expect(events.map(([, e]) => e.type)).toEqual(['VT', 'VFIB']);
    });
  });
});
