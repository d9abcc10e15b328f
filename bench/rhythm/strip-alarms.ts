import path from 'node:path';
import type { Episode } from '@clinic-edge/dsp';
import { readHeader, readRecord } from '@clinic-edge/wfdb';
import { formatTable } from '../lib/table.js';
import { streamInRealTime } from './real-time.js';
import { CINC_CLASSES, cincLabels, type CincClass } from './strip-data.js';

/**
 * Alarms on a handheld's strips: every cinc2017 recording (single lead, 300 Hz, held between the
 * fingers, 9-60 s) streamed through the full analyzer a quarter second at a time, as the gateway
 * would from the moment the device starts sending. No strip of the normal, AF or other-rhythm
 * classes holds a rhythm that calls for an urgent alarm (the challenge's "other" has no VF or
 * asystole); the noisy class is what a handheld reads with poor contact. Each urgent flag is
 * listed with its strip, so a reader can look at the signal.
 */
export interface StripAlarmClass {
  strips: number;
  seconds: number; // s of ECG
  urgentStrips: number; // strips with at least one flag that was urgent at some time
  warningStrips: number; // strips with a warning flag and no urgent one
  urgentByType: Record<string, number>;
}

export interface StripAlarmReport {
  classes: Record<CincClass, StripAlarmClass>;
  urgent: { record: string; truth: CincClass; flags: string[] }[]; // 'TYPE@s' of each flag when it first turned urgent
}

export function runStripAlarms(opts: { dataDir: string; records?: readonly string[] }): StripAlarmReport {
  const classes = Object.fromEntries(CINC_CLASSES.map((c) => [c, { strips: 0, seconds: 0, urgentStrips: 0, warningStrips: 0, urgentByType: {} }])) as Record<CincClass, StripAlarmClass>;
  const urgent: StripAlarmReport['urgent'] = [];
  for (const [record, truth] of cincLabels(opts.dataDir, opts.records)) {
    const rec = readRecord(readHeader(path.join(opts.dataDir, 'cinc2017', record)), { channels: [0] });
    const lead = Float64Array.from(rec.signals[0]);
    const { urgentFlags, warnings } = streamFlags([lead], rec.sampleRate);
    const c = classes[truth];
    c.strips++;
    c.seconds += lead.length / rec.sampleRate;
    if (urgentFlags.length > 0) {
      c.urgentStrips++;
      for (const f of urgentFlags) c.urgentByType[f.type] = (c.urgentByType[f.type] ?? 0) + 1;
      urgent.push({ record, truth, flags: urgentFlags.map((f) => `${f.type}@${(f.at / rec.sampleRate).toFixed(1)}`) });
    } else if (Object.keys(warnings).length > 0) c.warningStrips++;
  }
  return { classes, urgent };
}

export interface StreamFlags {
  urgentFlags: { type: Episode['type']; at: number }[]; // at: sample
  warnings: Record<string, number>; // flags raised as warnings, by type
}

/**
 * The flags of one recording (one or two leads, streamed from the first sample) that were ever
 * urgent (type when they turned urgent, and the sample it happened at), and those raised as
 * warnings, counted by type.
 */
export function streamFlags(leads: readonly Float64Array[], fs: number): StreamFlags {
  const urgentFlags: StreamFlags['urgentFlags'] = [];
  const warnings: Record<string, number> = {};
  const urgentSeen = new Set<Episode>(); // episode objects already counted (escalations and renames re-send the same object)
  const warningSeen = new Set<Episode>();
  streamInRealTime(leads, fs, (ep, event, now) => {
    if (event !== 'open') return;
    if (ep.severity === 'urgent' && !urgentSeen.has(ep)) {
      urgentSeen.add(ep);
      urgentFlags.push({ type: ep.type, at: now });
    } else if (ep.severity === 'warning' && !warningSeen.has(ep)) {
      warningSeen.add(ep);
      warnings[ep.type] = (warnings[ep.type] ?? 0) + 1;
    }
  });
  return { urgentFlags, warnings };
}

export function formatStripAlarms(r: StripAlarmReport): string {
  const head = ['class', 'strips', 'minutes', 'strips with an urgent flag', 'with a warning only', 'urgent flags by type'];
  const rows = CINC_CLASSES.map((c) => {
    const s = r.classes[c];
    return [c, `${s.strips}`, (s.seconds / 60).toFixed(1), `${s.urgentStrips}`, `${s.warningStrips}`, Object.entries(s.urgentByType).map(([t, n]) => `${t} ${n}`).join(', ') || '-'];
  });
  const list = r.urgent.map((u) => `${u.record} (${u.truth}) ${u.flags.join(' ')}`).join('; ') || '-';
  return [
    'cinc2017 strips (N normal, A AF, O other rhythm, ~ too noisy to classify), full analyzer, one lead streamed from its first sample',
    formatTable(head, rows),
    `urgent flags (type@s when it turned urgent): ${list}`,
  ].join('\n\n');
}
