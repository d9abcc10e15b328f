import { formatTable, pct } from '../lib/table.js';
import { runVf, type TierSummary, type VfDatabase } from './vf.js';

/**
 * The shockable-rhythm benchmark under the conditions of a clinic rather than a recorder.
 *
 * Rates: vfdb and cudb resampled to the rates gateway devices run at
 * (the OpenView ADS1292R board's 125 Hz, 500 Hz boards) beside their own 250 Hz: the detector
 * must judge the same heart alike whatever the device samples it at. Urgent tier, per second and
 * per episode, with the shipped model (in-sample for these records).
 */
export const VF_RATES_HZ = [125, 250, 500] as const;
const DBS: readonly VfDatabase[] = ['vfdb', 'cudb'];

export interface VfRatesRow {
  db: VfDatabase;
  rateHz: number;
  urgent: TierSummary;
}

export function runVfRates(opts: { dataDir: string; rates?: readonly number[] }): VfRatesRow[] {
  const rows: VfRatesRow[] = [];
  for (const rateHz of opts.rates ?? VF_RATES_HZ) {
    const report = runVf({ dataDir: opts.dataDir, dbs: DBS, resampleHz: rateHz });
    for (const db of DBS) {
      const s = report.databases[db];
      if (s) rows.push({ db, rateHz, urgent: s });
    }
  }
  return rows;
}

export function formatVfRates(rows: readonly VfRatesRow[]): string {
  const head = ['', 'VF Se', 'rapid VT Se', 'NSR Sp', 'other Sp', 'ASYS Sp', 'false s', 'VF episodes found / ≤ 5 s / of'];
  const body = rows.map(({ db, rateHz, urgent: u }) => {
    const c = u.seconds;
    const e = u.episodes.vf;
    return [`${db} at ${rateHz} Hz`, pct(c.vf.pct), pct(c.rapidVt.pct), pct(c.nsr.pct), pct(c.other.pct), pct(c.asys.pct), `${u.falseAlarmSeconds}`, `${e.detected} / ${e.within5s} / ${e.scored}`];
  });
  return ['Urgent tier per second, records resampled to each rate (the detector analyses every input on a 250 Hz grid)', formatTable(head, body)].join('\n\n');
}

/** Hum of the `vf-hum` part: 1 mV peak, as a loose electrode in a badly earthed room picks up. */
export const VF_HUM = { hz: 50, mv: 1 } as const;
const HUM_DBS: readonly VfDatabase[] = ['vfdb', 'cudb', 'mitdb'];

export interface VfHumRow {
  db: VfDatabase;
  hum: { hz: number; mv: number } | null;
  urgent: TierSummary;
}

/** vfdb, cudb and mitdb at their own rates, clean and with VF_HUM (or `hums`) on every lead. */
export function runVfHum(opts: { dataDir: string; hums?: readonly { hz: number; mv: number }[] }): VfHumRow[] {
  const rows: VfHumRow[] = [];
  for (const hum of [null, ...(opts.hums ?? [VF_HUM])]) {
    const report = runVf({ dataDir: opts.dataDir, dbs: HUM_DBS, hum: hum ?? undefined });
    for (const db of HUM_DBS) {
      const s = report.databases[db];
      if (s) rows.push({ db, hum, urgent: s });
    }
  }
  return rows;
}

export function formatVfHum(rows: readonly VfHumRow[]): string {
  const head = ['', 'VF Se', 'rapid VT Se', 'NSR Sp', 'other Sp', 'false s', 'false episodes', 'VF episodes found / ≤ 5 s / of'];
  const body = rows.map(({ db, hum, urgent: u }) => {
    const c = u.seconds;
    const e = u.episodes.vf;
    return [`${db}${hum ? ` + ${hum.mv} mV ${hum.hz} Hz` : ', clean'}`, pct(c.vf.pct), pct(c.rapidVt.pct), pct(c.nsr.pct), pct(c.other.pct), `${u.falseAlarmSeconds}`, `${u.falseEpisodes}`, `${e.detected} / ${e.within5s} / ${e.scored}`];
  });
  return ['Urgent tier per second, mains hum added to every lead (the detector notches 50 and 60 Hz)', formatTable(head, body)].join('\n\n');
}
