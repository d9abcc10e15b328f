/**
 * OBX -> typed vitals. Only codes in the table below are mapped; every other observation stays in
 * `unmapped` with the reason, so nothing a device sends is dropped silently.
 *
 * Code table and sources:
 *   ISO/IEEE 11073-10101 (MDC) numeric codes = partition * 65536 + term code. Names and numbers from
 *   HL7 Denmark DK Core IG, ValueSet dk-core-IEEEBasicObservation (FSH source), cross-checked with IHE
 *   PCD-01 ORU^R01 samples (MDC_PRESS_CUFF_* 150301-3, MDC_TEMP 150344, unit codes 262688 %, 264864
 *   bpm, 266016 mmHg, 268192 degC) and the 11073-10408 thermometer header (MDC_DIM_FAHR = 4416, part 4).
 *   LOINC codes from the same IG's LoincBasicObservation ValueSet (loinc.org).
 *
 *   kind            MDC                                                        LOINC
 *   heartRate       147842 MDC_ECG_HEART_RATE                                  8867-4
 *   pulseRate       149530 MDC_PULS_OXIM_PULS_RATE                             8889-8 (HR by pulse oximetry)
 *   spo2            150456 MDC_PULS_OXIM_SAT_O2                                59408-5
 *   nibpSystolic    150301 MDC_PRESS_CUFF_SYS, 150021 MDC_PRESS_BLD_NONINV_SYS 8480-6
 *   nibpDiastolic   150302 MDC_PRESS_CUFF_DIA, 150022 MDC_PRESS_BLD_NONINV_DIA 8462-4
 *   nibpMean        150303 MDC_PRESS_CUFF_MEAN, 150023 MDC_PRESS_BLD_NONINV_MEAN 8478-0
 *   temperature     150344 MDC_TEMP, 150364 _BODY, 150368 _CORE, 150392 _TYMP,  8310-5, 8328-7 (axillary)
 *                   188420 _RECT, 188424 _ORAL, 188428 _EAR, 188452 _AXILLA
 *   respirationRate 151562 MDC_RESP_RATE, 151578 MDC_TTHOR_RESP_RATE,          9279-1
 *                   151570 MDC_AWAY_RESP_RATE, 151594 MDC_CO2_RESP_RATE
 * MDC codes are also accepted in the older PCD "pppp-tttt" hex form (0002-4182 = 147842) and, when the
 * code is empty, by reference id in the text (MDC_ECG_HEART_RATE). MDC_TEMP_SKIN is not body temperature
 * and is left unmapped.
 *
 * Not mapped (kept raw): status X/D/W (not obtained / deleted / wrong), negative values (vendor sentinels
 * such as -1, -999, -99.9 for "no value"), units we do not recognise, and, for blood pressure and
 * temperature, values with no units at all (mmHg vs kPa, Cel vs degF cannot be guessed).
 */
import type { Hl7Message, Hl7Observation } from './hl7.js';

export type VitalKind = 'heartRate' | 'pulseRate' | 'spo2' | 'nibpSystolic' | 'nibpDiastolic' | 'nibpMean' | 'temperature' | 'respirationRate';
export type VitalUnit = '/min' | '%' | 'mm[Hg]' | 'Cel';

export interface Vital {
  kind: VitalKind;
  value: number;
  unit: VitalUnit;
  observedAt: string | null; // OBX-14, else OBR-7, else MSH-7 (HL7 DTM, as sent)
  status: string; // OBX-11
  code: { system: 'MDC' | 'LN'; code: string; name: string };
  setId: string;
}

export type UnmappedReason = 'unknownCode' | 'notNumeric' | 'badStatus' | 'sentinel' | 'unknownUnit' | 'missingUnit';

interface Entry {
  kind: VitalKind;
  name: string;
}

const MDC: Record<string, Entry> = {};
const LN: Record<string, Entry> = {};
const add = (table: Record<string, Entry>, kind: VitalKind, pairs: [string, string][]): void => {
  for (const [code, name] of pairs) table[code] = { kind, name };
};
add(MDC, 'heartRate', [['147842', 'MDC_ECG_HEART_RATE']]);
add(MDC, 'pulseRate', [['149530', 'MDC_PULS_OXIM_PULS_RATE']]);
add(MDC, 'spo2', [['150456', 'MDC_PULS_OXIM_SAT_O2']]);
add(MDC, 'nibpSystolic', [['150301', 'MDC_PRESS_CUFF_SYS'], ['150021', 'MDC_PRESS_BLD_NONINV_SYS']]);
add(MDC, 'nibpDiastolic', [['150302', 'MDC_PRESS_CUFF_DIA'], ['150022', 'MDC_PRESS_BLD_NONINV_DIA']]);
add(MDC, 'nibpMean', [['150303', 'MDC_PRESS_CUFF_MEAN'], ['150023', 'MDC_PRESS_BLD_NONINV_MEAN']]);
add(MDC, 'temperature', [
  ['150344', 'MDC_TEMP'], ['150364', 'MDC_TEMP_BODY'], ['150368', 'MDC_TEMP_CORE'], ['150392', 'MDC_TEMP_TYMP'],
  ['188420', 'MDC_TEMP_RECT'], ['188424', 'MDC_TEMP_ORAL'], ['188428', 'MDC_TEMP_EAR'], ['188452', 'MDC_TEMP_AXILLA'],
]);
add(MDC, 'respirationRate', [
  ['151562', 'MDC_RESP_RATE'], ['151578', 'MDC_TTHOR_RESP_RATE'], ['151570', 'MDC_AWAY_RESP_RATE'], ['151594', 'MDC_CO2_RESP_RATE'],
]);
add(LN, 'heartRate', [['8867-4', 'Heart rate']]);
add(LN, 'pulseRate', [['8889-8', 'Heart rate by Pulse oximetry']]);
add(LN, 'spo2', [['59408-5', 'Oxygen saturation in Arterial blood by Pulse oximetry']]);
add(LN, 'nibpSystolic', [['8480-6', 'Systolic blood pressure']]);
add(LN, 'nibpDiastolic', [['8462-4', 'Diastolic blood pressure']]);
add(LN, 'nibpMean', [['8478-0', 'Mean blood pressure']]);
add(LN, 'temperature', [['8310-5', 'Body temperature'], ['8328-7', 'Axillary temperature']]);
add(LN, 'respirationRate', [['9279-1', 'Respiratory rate']]);
const MDC_BY_NAME: Record<string, string> = Object.fromEntries(Object.entries(MDC).map(([code, e]) => [e.name, code]));

const MDC_SYSTEMS = new Set(['MDC', 'URN:ISO:STD:ISO:11073:10101', 'ISO11073', 'IEEE11073']);
const LN_SYSTEMS = new Set(['LN', 'LOINC', 'HTTP://LOINC.ORG']);

/** Normalises an MDC code: decimal, or the PCD hex form "0002-4182". */
function mdcCode(code: string, text: string): string {
  const hex = /^([0-9A-Fa-f]{1,4})-([0-9A-Fa-f]{4})$/.exec(code);
  if (hex) return String(parseInt(hex[1], 16) * 65536 + parseInt(hex[2], 16));
  if (code === '' && MDC_BY_NAME[text]) return MDC_BY_NAME[text];
  return code;
}

export function lookupVitalCode(c: { code: string; text: string; system: string }): Vital['code'] & { kind: VitalKind } | null {
  const system = c.system.toUpperCase();
  if (MDC_SYSTEMS.has(system) || (system === '' && /^MDC_/.test(c.text))) {
    const code = mdcCode(c.code, c.text);
    const e = MDC[code];
    return e ? { kind: e.kind, system: 'MDC', code, name: e.name } : null;
  }
  if (LN_SYSTEMS.has(system)) {
    const e = LN[c.code];
    return e ? { kind: e.kind, system: 'LN', code: c.code, name: e.name } : null;
  }
  return null;
}

type Conversion = { unit: VitalUnit; convert: (v: number) => number };
const same = (unit: VitalUnit): Conversion => ({ unit, convert: (v) => v });
const UNITS: Record<string, Conversion> = {
  '264864': same('/min'), MDC_DIM_BEAT_PER_MIN: same('/min'), '264928': same('/min'), MDC_DIM_RESP_PER_MIN: same('/min'),
  '/min': same('/min'), '1/min': same('/min'), '{beats}/min': same('/min'), '{beat}/min': same('/min'), '{breaths}/min': same('/min'), bpm: same('/min'),
  '262688': same('%'), MDC_DIM_PERCENT: same('%'), '%': same('%'),
  '266016': same('mm[Hg]'), MDC_DIM_MMHG: same('mm[Hg]'), 'mm[Hg]': same('mm[Hg]'), mmHg: same('mm[Hg]'),
  kPa: { unit: 'mm[Hg]', convert: (v) => v * 7.500617 },
  '268192': same('Cel'), MDC_DIM_DEGC: same('Cel'), Cel: same('Cel'), degC: same('Cel'),
  '266560': { unit: 'Cel', convert: (v) => ((v - 32) * 5) / 9 }, MDC_DIM_FAHR: { unit: 'Cel', convert: (v) => ((v - 32) * 5) / 9 },
  '[degF]': { unit: 'Cel', convert: (v) => ((v - 32) * 5) / 9 },
};
const CANONICAL: Record<VitalKind, VitalUnit> = {
  heartRate: '/min', pulseRate: '/min', respirationRate: '/min', spo2: '%',
  nibpSystolic: 'mm[Hg]', nibpDiastolic: 'mm[Hg]', nibpMean: 'mm[Hg]', temperature: 'Cel',
};
const UNIT_OPTIONAL = new Set<VitalKind>(['heartRate', 'pulseRate', 'respirationRate', 'spo2']);

function conversionFor(obx: Hl7Observation, kind: VitalKind): Conversion | UnmappedReason {
  if (!obx.units) return UNIT_OPTIONAL.has(kind) ? same(CANONICAL[kind]) : 'missingUnit';
  const conv = UNITS[obx.units.code] ?? UNITS[obx.units.text];
  return conv && conv.unit === CANONICAL[kind] ? conv : 'unknownUnit';
}

function toVital(obx: Hl7Observation, fallbackTime: string | null): Vital | UnmappedReason {
  const found = lookupVitalCode(obx.identifier) ?? (obx.alternate ? lookupVitalCode(obx.alternate) : null);
  if (!found) return 'unknownCode';
  if (obx.numeric === null) return 'notNumeric';
  if (['X', 'D', 'W'].includes(obx.status)) return 'badStatus';
  if (obx.numeric < 0) return 'sentinel';
  const conv = conversionFor(obx, found.kind);
  if (typeof conv === 'string') return conv;
  const { kind, ...code } = found;
  return { kind, value: conv.convert(obx.numeric), unit: conv.unit, observedAt: obx.observedAt ?? fallbackTime, status: obx.status, code, setId: obx.setId };
}

export function mapVitals(message: Hl7Message): { vitals: Vital[]; unmapped: { observation: Hl7Observation; reason: UnmappedReason }[] } {
  const vitals: Vital[] = [];
  const unmapped: { observation: Hl7Observation; reason: UnmappedReason }[] = [];
  for (const obx of message.observations) {
    const order = obx.orderIndex === null ? undefined : message.orders[obx.orderIndex];
    const r = toVital(obx, order?.observedAt ?? message.header.dateTime);
    if (typeof r === 'string') unmapped.push({ observation: obx, reason: r });
    else vitals.push(r);
  }
  return { vitals, unmapped };
}
