import type { RecordHeader, SignalSpec } from './header.js';

/**
 * Which signals of a record are ECG leads, and which two an ECG analysis should read.
 *
 * PhysioNet records mix ECG with other signals, and not always after it: sleep and ICU records
 * carry arterial pressure, plethysmograph, respiration or EEG beside (or before) the ECG. A QRS
 * detector fed a pressure wave finds a "beat" 150-250 ms after every QRS, so taking "the first two
 * signals" is wrong wherever the second one is not ECG. The header names each signal (its
 * description) and its units; those decide.
 */

/** Units an electrical potential is recorded in, and the factor to millivolts. */
const VOLTAGE_TO_MV: Readonly<Record<string, number>> = {
  mv: 1,
  uv: 1e-3,
  µv: 1e-3,
  μv: 1e-3, // Greek mu, as some headers write it
  nv: 1e-6,
  v: 1e3,
};

/** Descriptions that name an ECG outright. */
const ECG_NAME = /\b(ECG|EKG)\b/i;

/**
 * Descriptions of signals that are not ECG: pressures, oximetry, respiration and airflow,
 * brain, eye and muscle potentials, heart sounds, temperature, gases, and the noise-only records
 * of the noise stress test. Matched as whole words at the start of a token, case-insensitive.
 */
const NOT_ECG = new RegExp(
  [
    'ABP', 'ART', 'PAP', 'CVP', 'ICP', 'LAP', 'RAP', 'UAP', 'BP', 'NBP', 'IBP', 'pressure', 'press',
    'PLETH', 'PPG', 'SpO2', 'SaO2', 'SO2', 'O2',
    'resp\\w*', 'airflow', 'flow', 'thor\\w*', 'abdo\\w*', 'belt', 'nasal', 'snore',
    'EEG', 'EOG', 'EMG', 'PCG', 'sound', 'phono\\w*',
    'temp\\w*', 'CO2', 'etCO2', 'FHR', 'UC', 'toco',
    'noise\\d*', 'pulse', 'HR', 'stim\\w*', 'trigger', 'marker',
  ]
    .map((w) => `(?:^|[^A-Za-z0-9])${w}(?![A-Za-z])`)
    .join('|'),
  'i',
);

/** Factor from the signal's units to millivolts, or null when they are not a voltage (mmHg, %, ...). */
export function millivoltsPerUnit(units: string): number | null {
  return VOLTAGE_TO_MV[units.trim().toLowerCase()] ?? null;
}

/**
 * Whether a signal is an ECG lead: its units are a voltage and its description does not name
 * another signal. A description that says nothing known (a bare lead name such as MLII, V1, D3,
 * CM5, or "ECG1") counts as ECG, as in every ECG database of PhysioNet.
 */
export function isEcgSignal(spec: Pick<SignalSpec, 'units' | 'description'>): boolean {
  if (millivoltsPerUnit(spec.units) === null) return false;
  const d = spec.description;
  return ECG_NAME.test(d) || !NOT_ECG.test(d);
}

/** Limb lead II (or MIT-BIH's modified lead II): P waves and QRS largest, the monitoring lead. */
const LEAD_II = /(?:^|[^A-Za-z])(?:ML)?II(?![A-Za-z])/;
/** Precordial leads in the order they show atrial activity and bundle-branch morphology best. */
const SECOND_LEADS = [/\bV1\b/i, /\bV2\b/i, /\bV5\b/i, /\bV6\b/i, /\bV[34]\b/i];

/**
 * The ECG signals an analysis reads (signal numbers): all of them in header order when there are
 * `max` or fewer; otherwise lead II first (the lead P-wave and rhythm measures prefer) and then
 * V1, V2, V5, V6 or V3/V4, whichever comes first in that list, else the next ECG signal in order.
 * Empty when the record has no ECG signal.
 */
export function ecgChannels(header: Pick<RecordHeader, 'signals'>, max = 2): number[] {
  const ecg = header.signals.map((s, i) => (isEcgSignal(s) ? i : -1)).filter((i) => i >= 0);
  if (ecg.length <= max) return ecg;
  const desc = (i: number): string => header.signals[i].description;
  const chosen = [ecg.find((i) => LEAD_II.test(desc(i))) ?? ecg[0]];
  while (chosen.length < max) {
    const rest = ecg.filter((i) => !chosen.includes(i));
    const preferred = SECOND_LEADS.map((re) => rest.find((i) => re.test(desc(i)))).find((i) => i !== undefined);
    chosen.push(preferred ?? rest[0]);
  }
  return chosen;
}
