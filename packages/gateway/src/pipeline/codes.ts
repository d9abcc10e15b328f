import type { VitalKind } from '@clinic-edge/devices';

/**
 * Codes carried by every measured value: UCUM unit, LOINC and ISO/IEEE 11073-10101 (MDC) numeric
 * code (partition * 65536 + term). Same table and sources as packages/devices/src/hl7-vitals.ts,
 * where an HL7 monitor's own code wins when it sent one. NIBP values also name the LOINC panel
 * 85354-9 (blood pressure panel with all children optional) that groups them.
 */
export interface ObservationCodes {
  ucum: string;
  loinc: string;
  mdc: number;
  mdcName: string;
  /** LOINC panel this value belongs to, if any. */
  panel?: string;
}

export const BP_PANEL_LOINC = '85354-9';

export const VITAL_CODES: Readonly<Record<VitalKind, ObservationCodes>> = {
  heartRate: { ucum: '/min', loinc: '8867-4', mdc: 147842, mdcName: 'MDC_ECG_HEART_RATE' },
  pulseRate: { ucum: '/min', loinc: '8889-8', mdc: 149530, mdcName: 'MDC_PULS_OXIM_PULS_RATE' },
  spo2: { ucum: '%', loinc: '59408-5', mdc: 150456, mdcName: 'MDC_PULS_OXIM_SAT_O2' },
  nibpSystolic: { ucum: 'mm[Hg]', loinc: '8480-6', mdc: 150021, mdcName: 'MDC_PRESS_BLD_NONINV_SYS', panel: BP_PANEL_LOINC },
  nibpDiastolic: { ucum: 'mm[Hg]', loinc: '8462-4', mdc: 150022, mdcName: 'MDC_PRESS_BLD_NONINV_DIA', panel: BP_PANEL_LOINC },
  nibpMean: { ucum: 'mm[Hg]', loinc: '8478-0', mdc: 150023, mdcName: 'MDC_PRESS_BLD_NONINV_MEAN', panel: BP_PANEL_LOINC },
  temperature: { ucum: 'Cel', loinc: '8310-5', mdc: 150344, mdcName: 'MDC_TEMP' },
  respirationRate: { ucum: '/min', loinc: '9279-1', mdc: 151562, mdcName: 'MDC_RESP_RATE' },
};

/** The ECG-derived heart rate of the summary stream. */
export const ECG_HEART_RATE = VITAL_CODES.heartRate;

/** UCUM of the waveform's physical values (after (adu - baseline) / gain). */
export const WAVEFORM_UNIT = 'mV';
/** MDC_ECG_ELEC_POTL (lead unspecified), the generic ECG waveform code. */
export const MDC_ECG_ELEC_POTL = 131328;
