/**
 * HL7 v2.x message syntax: segments separated by CR, fields by MSH-1, components / repetitions /
 * escape / subcomponents by the characters of MSH-2 (default `^~\&`), escape sequences \F\ \S\ \T\ \R\
 * \E\ and \Xhh..\. Source: HL7 v2.5.1 chapter 2 (Control), sections 2.5 (message construction rules)
 * and 2.7 (use of escape sequences in text fields).
 *
 * Lenient where senders differ harmlessly (LF or CR LF between segments, a trailing CR, MSH-2 with the
 * v2.7 truncation character); strict where meaning is at stake (MSH must come first; delimiters must
 * be distinct). Everything about the patient (PID and the other person/visit segments) is parsed but
 * held in `Sensitive` so it cannot reach a log by accident.
 */
import { DeviceProtocolError } from './errors.js';
import { Sensitive } from './sensitive.js';
import { utf8Decode } from './text.js';

export interface Hl7Delimiters {
  field: string;
  component: string;
  repetition: string;
  escape: string;
  subcomponent: string;
}

export const DEFAULT_DELIMITERS: Hl7Delimiters = { field: '|', component: '^', repetition: '~', escape: '\\', subcomponent: '&' };

export interface Hl7Coded {
  code: string;
  text: string;
  system: string;
}

/** A problem found in an otherwise readable message; `code` is from HL7 table 0357. Text is ours, never content. */
export interface Hl7Issue {
  segment: string;
  sequence: number; // 1-based occurrence of that segment in the message
  field: number;
  code: number;
  text: string;
}

export interface Hl7Header {
  delimiters: Hl7Delimiters;
  /** Raw (still escaped) MSH-3..6, to be echoed back in an ACK. */
  sendingApplication: string;
  sendingFacility: string;
  receivingApplication: string;
  receivingFacility: string;
  dateTime: string | null; // MSH-7
  messageType: { code: string; trigger: string; structure: string } | null; // MSH-9
  controlId: string | null; // MSH-10
  processingId: string | null; // MSH-11
  version: string | null; // MSH-12
}

export interface Hl7Patient {
  identifiers: { id: string; assigningAuthority: string; type: string }[]; // PID-3
  family: string; // PID-5.1
  given: string; // PID-5.2
  birthDate: string; // PID-7
  sex: string; // PID-8
}

export interface Hl7Order {
  setId: string;
  placerOrder: Sensitive<string>; // OBR-2.1 (entity identifier)
  fillerOrder: Sensitive<string>; // OBR-3.1
  service: Hl7Coded; // OBR-4
  observedAt: string | null; // OBR-7
}

export interface Hl7Observation {
  setId: string;
  valueType: string; // OBX-2
  identifier: Hl7Coded; // OBX-3 components 1-3
  alternate: Hl7Coded | null; // OBX-3 components 4-6
  subId: string; // OBX-4
  value: string | null; // OBX-5, unescaped; first repetition
  numeric: number | null; // OBX-5 when OBX-2 is NM and it parses
  units: Hl7Coded | null; // OBX-6
  referenceRange: string; // OBX-7
  abnormalFlags: string; // OBX-8
  status: string; // OBX-11
  observedAt: string | null; // OBX-14
  orderIndex: number | null; // index into `orders` of the OBR above it
}

export interface Hl7Message {
  header: Hl7Header;
  patient: Sensitive<Hl7Patient> | null;
  orders: Hl7Order[];
  observations: Hl7Observation[];
  /** Raw text of PID, PD1, PV1, PV2, NK1, MRG, IN1, GT1, NTE... segments, for whoever is allowed to read them. */
  sensitiveSegments: Sensitive<string[]>;
  segmentNames: string[];
  issues: Hl7Issue[];
}

const NOT_SENSITIVE = new Set(['MSH', 'OBR', 'OBX', 'EVN', 'SFT', 'ORC', 'TQ1', 'SPM']);

export function unescapeHl7(text: string, d: Hl7Delimiters = DEFAULT_DELIMITERS): string {
  if (!text.includes(d.escape)) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const close = c === d.escape ? text.indexOf(d.escape, i + 1) : -1;
    if (close < 0) {
      out += c;
      i++;
      continue;
    }
    const seq = text.slice(i + 1, close);
    const simple: Record<string, string> = { F: d.field, S: d.component, T: d.subcomponent, R: d.repetition, E: d.escape };
    if (Object.hasOwn(simple, seq)) out += simple[seq];
    else if (/^X([0-9A-Fa-f]{2})+$/.test(seq)) out += utf8Decode(Uint8Array.from(seq.slice(1).match(/../g) as string[], (h) => parseInt(h, 16)));
    else out += text.slice(i, close + 1); // formatting (\.br\) or unknown: keep as sent
    i = close + 1;
  }
  return out;
}

export function escapeHl7(text: string, d: Hl7Delimiters = DEFAULT_DELIMITERS): string {
  let out = '';
  for (const c of text) {
    if (c === d.escape) out += `${d.escape}E${d.escape}`;
    else if (c === d.field) out += `${d.escape}F${d.escape}`;
    else if (c === d.component) out += `${d.escape}S${d.escape}`;
    else if (c === d.subcomponent) out += `${d.escape}T${d.escape}`;
    else if (c === d.repetition) out += `${d.escape}R${d.escape}`;
    else if (c === '\r' || c === '\n') out += `${d.escape}X${c === '\r' ? '0D' : '0A'}${d.escape}`;
    else out += c;
  }
  return out;
}

function fail(reason: string, field?: string): DeviceProtocolError {
  return new DeviceProtocolError('E_PARSE', reason, { protocol: 'hl7', field });
}

function readDelimiters(msh: string): Hl7Delimiters {
  if (!msh.startsWith('MSH') || msh.length < 8) throw fail('message does not start with an MSH segment', 'MSH');
  const field = msh[3];
  const end = msh.indexOf(field, 4);
  const enc = end < 0 ? '' : msh.slice(4, end);
  if (enc.length < 4 || enc.length > 5) throw fail('MSH-2 must hold 4 encoding characters', 'MSH-2');
  const d: Hl7Delimiters = { field, component: enc[0], repetition: enc[1], escape: enc[2], subcomponent: enc[3] };
  const all = [d.field, d.component, d.repetition, d.escape, d.subcomponent];
  if (new Set(all).size !== 5 || all.some((c) => /[A-Za-z0-9\r\n ]/.test(c))) throw fail('delimiters must be distinct punctuation', 'MSH-2');
  return d;
}

/** Splits a message into segments (CR, LF or CR LF), fields indexed by HL7 position: fields[n] is SEG-n. */
export function splitSegments(text: string, d: Hl7Delimiters): { name: string; fields: string[]; raw: string }[] {
  return text
    .split(/\r\n|\r|\n/)
    .filter((s) => s.length > 0)
    .map((raw) => {
      const parts = raw.split(d.field);
      if (parts[0] === 'MSH') parts.splice(1, 0, d.field); // MSH-1 is the separator itself
      return { name: parts[0], fields: parts, raw };
    });
}

const at = (fields: string[], n: number): string => fields[n] ?? '';

function components(raw: string, d: Hl7Delimiters): string[] {
  return raw.split(d.repetition)[0].split(d.component).map((c) => unescapeHl7(c, d));
}

function coded(raw: string, d: Hl7Delimiters, first = 0): Hl7Coded | null {
  const c = components(raw, d);
  const code = c[first] ?? '';
  const text = c[first + 1] ?? '';
  if (code === '' && text === '') return null;
  return { code, text, system: c[first + 2] ?? '' };
}

function readHeader(fields: string[], d: Hl7Delimiters): Hl7Header {
  const type = components(at(fields, 9), d);
  const opt = (s: string): string | null => (s === '' ? null : s);
  return {
    delimiters: d,
    sendingApplication: at(fields, 3),
    sendingFacility: at(fields, 4),
    receivingApplication: at(fields, 5),
    receivingFacility: at(fields, 6),
    dateTime: opt(components(at(fields, 7), d)[0]),
    messageType: type[0] ? { code: type[0], trigger: type[1] ?? '', structure: type[2] ?? '' } : null,
    controlId: opt(unescapeHl7(at(fields, 10), d)),
    processingId: opt(components(at(fields, 11), d)[0]),
    version: opt(components(at(fields, 12), d)[0]),
  };
}

function readPatient(fields: string[], d: Hl7Delimiters): Hl7Patient {
  const identifiers = at(fields, 3)
    .split(d.repetition)
    .filter((r) => r !== '')
    .map((r) => {
      const c = r.split(d.component).map((x) => unescapeHl7(x, d));
      return { id: c[0] ?? '', assigningAuthority: c[3] ?? '', type: c[4] ?? '' };
    });
  const name = components(at(fields, 5), d);
  return { identifiers, family: name[0] ?? '', given: name[1] ?? '', birthDate: at(fields, 7), sex: at(fields, 8) };
}

const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)$/;

function readObservation(fields: string[], d: Hl7Delimiters, seq: number, orderIndex: number | null, issues: Hl7Issue[]): Hl7Observation {
  const issue = (field: number, code: number, text: string): void => {
    issues.push({ segment: 'OBX', sequence: seq, field, code, text });
  };
  const identifier = coded(at(fields, 3), d);
  if (!identifier) issue(3, 101, 'OBX-3 observation identifier is missing');
  const valueType = at(fields, 2);
  const rawValue = at(fields, 5).split(d.repetition)[0];
  const value = rawValue === '' ? null : unescapeHl7(rawValue, d);
  let numeric: number | null = null;
  if (valueType === 'NM' && value !== null) {
    if (NUMERIC.test(value.trim())) numeric = Number(value.trim());
    else issue(5, 102, 'OBX-5 is not a number although OBX-2 is NM');
  }
  if (value !== null && valueType === '') issue(2, 101, 'OBX-2 value type is missing');
  return {
    setId: at(fields, 1),
    valueType,
    identifier: identifier ?? { code: '', text: '', system: '' },
    alternate: coded(at(fields, 3), d, 3),
    subId: at(fields, 4),
    value,
    numeric,
    units: coded(at(fields, 6), d),
    referenceRange: unescapeHl7(at(fields, 7), d),
    abnormalFlags: at(fields, 8),
    status: at(fields, 11),
    observedAt: components(at(fields, 14), d)[0] || null,
    orderIndex,
  };
}

/** Text -> typed message. Throws E_PARSE only when there is no usable MSH; smaller problems go to `issues`. */
export function parseHl7(text: string): Hl7Message {
  const start = text.search(/MSH/);
  if (start < 0 || text.slice(0, start).trim() !== '') throw fail('message does not start with an MSH segment', 'MSH');
  const d = readDelimiters(text.slice(start));
  const segments = splitSegments(text.slice(start), d);
  const header = readHeader(segments[0].fields, d);
  const issues: Hl7Issue[] = [];
  const orders: Hl7Order[] = [];
  const observations: Hl7Observation[] = [];
  const sensitive: string[] = [];
  const seen = new Map<string, number>();
  let patient: Sensitive<Hl7Patient> | null = null;
  for (const seg of segments) {
    const seq = (seen.get(seg.name) ?? 0) + 1;
    seen.set(seg.name, seq);
    if (!/^[A-Z][A-Z0-9]{2}$/.test(seg.name)) {
      issues.push({ segment: '', sequence: seq, field: 0, code: 100, text: 'a line is not a segment (bad segment name)' });
      sensitive.push(seg.raw);
      continue;
    }
    if (seg.name === 'MSH') {
      if (seq > 1) issues.push({ segment: 'MSH', sequence: seq, field: 0, code: 100, text: 'more than one MSH' });
    } else if (seg.name === 'PID') {
      if (!patient) patient = new Sensitive(readPatient(seg.fields, d));
    } else if (seg.name === 'OBR') {
      orders.push({
        setId: at(seg.fields, 1),
        placerOrder: new Sensitive(components(at(seg.fields, 2), d)[0]),
        fillerOrder: new Sensitive(components(at(seg.fields, 3), d)[0]),
        service: coded(at(seg.fields, 4), d) ?? { code: '', text: '', system: '' },
        observedAt: components(at(seg.fields, 7), d)[0] || null,
      });
    } else if (seg.name === 'OBX') {
      observations.push(readObservation(seg.fields, d, seq, orders.length ? orders.length - 1 : null, issues));
    }
    if (!NOT_SENSITIVE.has(seg.name)) sensitive.push(seg.raw);
  }
  return {
    header,
    patient,
    orders,
    observations,
    sensitiveSegments: new Sensitive(sensitive),
    segmentNames: segments.map((s) => s.name),
    issues,
  };
}

/** Bytes from the MLLP framer -> message. UTF-8 (ASCII is a subset); see MSH-18 for others. */
export function parseHl7Bytes(bytes: Uint8Array): Hl7Message {
  return parseHl7(utf8Decode(bytes));
}
