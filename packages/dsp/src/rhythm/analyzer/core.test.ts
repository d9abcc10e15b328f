import { describe, expect, it } from 'vitest';
import type { Episode } from '../types.js';
import { RhythmCore } from './core.js';
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
  function gapFlags(agreement: number, someLeadOff: boolean): string[] {
    const flags: string[] = [];
    const c = new RhythmCore(FS, undefined, { onEpisode: (ep, ev) => ev === 'open' && flags.push(`${ep.type}:${ep.severity}`) }, undefined, true);
    for (const s of [50, 150, 250, 350]) c.rawBeat(s);
    for (let k = 0; k < 10; k++) {
      c.quality(Q.Acceptable, someLeadOff);
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
