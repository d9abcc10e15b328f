import { describe, expect, it } from 'vitest';
import type { Episode } from '../types.js';
import { ARTEFACT_BY_SHAPE_ALONE, RhythmCore } from './core.js';
import { ONE_LEAD_SILENT } from './lead-agreement.js';
import { Q } from './quality-code.js';

const FS = 100; // Hz: 100 samples per tick

function core() {
  const events: [string, Episode['severity']][] = []; // VFIB only: a beatless test stream also raises pauses
  const c = new RhythmCore(FS, undefined, { onEpisode: (ep, ev) => ep.type === 'VFIB' && events.push([ev, ep.severity]) });
  return { c, events };
}

const vf = (start: number, severity: Episode['severity'] = 'urgent'): Episode => ({ type: 'VFIB', severity, start, end: null, confidence: 1 });

describe('RhythmCore: the shockable detector’s episodes', () => {
  it('sends an onset and its escalation at once, before the slow pipeline reaches their second, and the close only once it has', () => {
    const { c, events } = core();
    for (let k = 0; k < 6; k++) c.quality(Q.Good);
    c.step(-1, 599); // fast pipeline through second 5, slow pipeline nowhere (labels not yet known)
    c.signalEpisode(vf(200, 'warning'), 'open', 4);
    expect(events).toEqual([['open', 'warning']]);
    c.signalEpisode(vf(200), 'open', 5);
    expect(events.at(-1)).toEqual(['open', 'urgent']);
    c.signalEpisode({ ...vf(200), end: 550 }, 'close', 5);
    expect(events.filter(([ev]) => ev === 'close')).toEqual([]);
    c.step(599, 599);
    expect(events.at(-1)).toEqual(['close', 'urgent']);
  });

  it('does not send an onset whose seconds are already known to be lead-off', () => {
    const { c, events } = core();
    for (let k = 0; k < 6; k++) c.quality(k < 2 ? Q.Good : Q.LeadOff);
    c.step(-1, 599);
    c.signalEpisode(vf(250), 'open', 5);
    c.signalEpisode({ ...vf(250), end: 590 }, 'close', 5);
    c.step(599, 599);
    expect(events).toEqual([]);
  });
});

describe('RhythmCore: a gap whose beats rest on one lead', () => {
  /** Beats every second to 3 s, then none to 9 s: a 6-s gap, in acceptable seconds; the gap's flags. */
  function gapFlags(agreement: number, secondLeadOff: boolean): string[] {
    const flags: string[] = [];
    const c = new RhythmCore(FS, undefined, { onEpisode: (ep, ev) => ev === 'open' && flags.push(`${ep.type}:${ep.severity}`) }, undefined, true);
    for (const s of [50, 150, 250, 350]) c.rawBeat(s);
    for (let k = 0; k < 10; k++) {
      c.quality(Q.Acceptable, secondLeadOff ? 0b10 : 0);
      c.leadAgreement(agreement);
    }
    c.step(-1, 999);
    return flags.filter((f) => f.startsWith('PAUSE') || f.startsWith('ASYSTOLE'));
  }

  it('is a warning, not urgent, when the other lead is on and shows no beats', () => {
    expect(gapFlags(ONE_LEAD_SILENT, false)).toEqual(['PAUSE:warning', 'ASYSTOLE:warning']);
  });

  it('stays urgent when the silent lead is off, or when the leads agree', () => {
    expect(gapFlags(ONE_LEAD_SILENT, true)).toContain('ASYSTOLE:urgent');
    expect(gapFlags(0.95, false)).toContain('ASYSTOLE:urgent');
  });
});

describe('RhythmCore: one lead off, the other never showing the beats', () => {
  /**
   * 10 s with both leads on and only the first showing beats (the second silent), then 10 s with
   * the first lead off; beats every second throughout from the detector, and a 6-s gap in them at
   * 13-19 s. `secondShowed`: the second lead showed the beats too while both were on.
   */
  function run(secondShowed: boolean) {
    const flags: string[] = [];
    const c = new RhythmCore(FS, undefined, { onEpisode: (ep, ev) => ev === 'open' && flags.push(`${ep.type}:${ep.severity}`) }, undefined, true);
    for (let s = 50; s < 2000; s += 100) if (s < 1300 || s > 1900) c.rawBeat(s);
    for (let k = 0; k < 20; k++) {
      c.quality(Q.Good, k < 10 ? 0 : 0b01);
      if (k < 10) c.leadAgreement(secondShowed ? 0.95 : ONE_LEAD_SILENT, secondShowed ? -1 : 1);
      else c.leadAgreement(ONE_LEAD_SILENT, 0);
    }
    c.step(-1, 1599);
    c.signalEpisode(vf(1100), 'open', 15);
    c.step(1999, 1999);
    return flags;
  }

  it('reports LEADOFF instead of judging gaps, and holds a VF onset at warning', () => {
    const flags = run(false);
    expect(flags).toContain('LEADOFF:warning');
    expect(flags.filter((f) => /PAUSE|ASYSTOLE/.test(f))).toEqual([]);
    expect(flags).toContain('VFIB:warning');
    expect(flags).not.toContain('VFIB:urgent');
  });

  it('goes on judging on the second lead where it showed the beats', () => {
    const flags = run(true);
    expect(flags).not.toContain('LEADOFF:warning');
    expect(flags).toContain('ASYSTOLE:urgent');
    expect(flags).toContain('VFIB:urgent');
  });
});

describe('RhythmCore: artefact evidence while a lead is off', () => {
  /** Beats every second to 12 s; those at 5-7 s carry `evidence`; in good seconds with `offLeads`. */
  function pauses(evidence: number, offLeads: number): string[] {
    const flags: string[] = [];
    const c = new RhythmCore(FS, undefined, { onEpisode: (ep, ev) => ev === 'open' && flags.push(`${ep.type}:${ep.severity}`) }, undefined, true);
    for (let s = 50; s < 1200; s += 100) {
      c.rawBeat(s);
      c.beat(s, 'N', Number.NaN, s > 400 && s < 800 ? evidence : 0);
    }
    for (let k = 0; k < 12; k++) {
      c.quality(Q.Good, offLeads);
      c.leadAgreement(0.95);
    }
    c.step(1199, 1199);
    return flags.filter((f) => f.startsWith('PAUSE'));
  }

  it('sets detections aside as absent from a lead only while every lead is on', () => {
    expect(pauses(2, 0)).toEqual(['PAUSE:urgent']);
    expect(pauses(2, 0b10)).toEqual([]);
  });

  it('still sets aside, on the weaker evidence, what its shape alone calls artefact', () => {
    expect(pauses(2 | ARTEFACT_BY_SHAPE_ALONE, 0b10)).toEqual(['PAUSE:warning']);
  });
});
