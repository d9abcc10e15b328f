/**
 * ORU^R01 encoder for the monitor simulator: writes what hl7.ts reads (segments ended by CR, every
 * value escaped), in the IHE PCD-01 shape MSH, PID, OBR, OBX... Source: HL7 v2.5.1 chapter 7
 * (ORU^R01: MSH [PID] {OBR {OBX}}), IHE PCD Technical Framework PCD-01 sample messages.
 */
import { DEFAULT_DELIMITERS, escapeHl7, type Hl7Coded } from './hl7.js';

export interface OruObservationInput {
  identifier: Hl7Coded;
  value: number | string;
  valueType?: 'NM' | 'ST'; // default NM for numbers, ST otherwise
  units?: Hl7Coded;
  subId?: string;
  status?: string; // OBX-11, default F
  observedAt?: string; // OBX-14, HL7 DTM
}

export interface OruInput {
  sendingApplication: string;
  sendingFacility?: string;
  receivingApplication?: string;
  receivingFacility?: string;
  dateTime: string; // MSH-7, HL7 DTM
  controlId: string; // MSH-10
  processingId?: string; // default P
  version?: string; // default 2.6 (the PCD-01 version)
  patient?: { identifiers: { id: string; assigningAuthority?: string; type?: string }[]; family?: string; given?: string; birthDate?: string; sex?: string };
  order?: { placerOrder?: string; fillerOrder?: string; service: Hl7Coded; observedAt?: string };
  observations: OruObservationInput[];
}

const d = DEFAULT_DELIMITERS;
const e = (s: string | undefined): string => escapeHl7(s ?? '', d);
const ce = (c: Hl7Coded | undefined): string => (c ? [e(c.code), e(c.text), e(c.system)].join(d.component) : '');

function numberText(v: number): string {
  if (!Number.isFinite(v)) throw new TypeError('encodeOruR01: NM values must be finite numbers');
  const s = String(v);
  return /e/i.test(s) ? v.toFixed(20).replace(/0+$/, '').replace(/\.$/, '') : s;
}

export function encodeOruR01(input: OruInput): string {
  const f = d.field;
  const segs: string[] = [];
  segs.push(['MSH', `${d.component}${d.repetition}${d.escape}${d.subcomponent}`, e(input.sendingApplication), e(input.sendingFacility),
    e(input.receivingApplication), e(input.receivingFacility), e(input.dateTime), '', `ORU${d.component}R01${d.component}ORU_R01`,
    e(input.controlId), e(input.processingId ?? 'P'), e(input.version ?? '2.6')].join(f));
  if (input.patient) {
    const p = input.patient;
    const ids = p.identifiers.map((i) => [e(i.id), '', '', e(i.assigningAuthority), e(i.type)].join(d.component)).join(d.repetition);
    segs.push(['PID', '', '', ids, '', [e(p.family), e(p.given)].join(d.component), '', e(p.birthDate), e(p.sex)].join(f));
  }
  if (input.order) {
    const o = input.order;
    segs.push(['OBR', '1', e(o.placerOrder), e(o.fillerOrder), ce(o.service), '', '', e(o.observedAt)].join(f));
  }
  input.observations.forEach((o, i) => {
    const type = o.valueType ?? (typeof o.value === 'number' ? 'NM' : 'ST');
    if (type === 'NM' && typeof o.value !== 'number') throw new TypeError(`encodeOruR01: observation ${i + 1} is NM but its value is not a number`);
    const value = typeof o.value === 'number' ? numberText(o.value) : e(o.value);
    segs.push(['OBX', String(i + 1), type, ce(o.identifier), e(o.subId), value, ce(o.units), '', '', '', '', e(o.status ?? 'F'), '', '', e(o.observedAt)].join(f));
  });
  return segs.join('\r') + '\r';
}
