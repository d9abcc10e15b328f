/**
 * HL7 v2 original-mode acknowledgement (ACK) for ORU^R01 from monitors.
 * Source: HL7 v2.5.1 chapter 2, 2.9 (message processing rules), 2.14.1 MSA (MSA-1 codes AA / AE / AR,
 * MSA-2 = the sender's MSH-10) and 2.14.5 ERR (v2.5+: ERR-2 location, ERR-3 code from HL7 table 0357,
 * ERR-4 severity; before v2.5 everything sits in ERR-1 as seg^seq^field^code&text&HL70357).
 *
 * Decision: AR (reject, do not resend unchanged) when the message type or version is not supported or
 * MSH-10 is missing, since without a control id the sender cannot match our answer; AE when the message
 * was readable but some segment is in error (the issues from the parser); AA otherwise.
 * The ACK never contains anything from the message body: MSA-3 and ERR texts are ours.
 */
import { DEFAULT_DELIMITERS, escapeHl7, type Hl7Delimiters, type Hl7Header, type Hl7Issue, type Hl7Message } from './hl7.js';

export type AckCode = 'AA' | 'AE' | 'AR';

export interface AckPolicy {
  /** `CODE^TRIGGER`, default ['ORU^R01']. */
  acceptedTypes?: string[];
  /** MSH-12 values accepted, default 2.3 .. 2.8.2. */
  acceptedVersions?: string[];
}

export interface AckDecision {
  code: AckCode;
  errors: Hl7Issue[];
}

const VERSIONS = ['2.3', '2.3.1', '2.4', '2.5', '2.5.1', '2.6', '2.7', '2.7.1', '2.8', '2.8.1', '2.8.2'];

export function decideAck(message: Hl7Message, policy: AckPolicy = {}): AckDecision {
  const h = message.header;
  const reject = (field: number, code: number, text: string): AckDecision => ({
    code: 'AR',
    errors: [{ segment: 'MSH', sequence: 1, field, code, text }],
  });
  if (!h.controlId) return reject(10, 101, 'MSH-10 message control id is missing');
  const type = h.messageType ? `${h.messageType.code}^${h.messageType.trigger}` : '';
  if (!(policy.acceptedTypes ?? ['ORU^R01']).includes(type)) {
    const known = (policy.acceptedTypes ?? ['ORU^R01']).some((t) => t.startsWith(`${h.messageType?.code ?? ''}^`));
    return reject(9, known ? 201 : 200, known ? 'unsupported event code' : 'unsupported message type');
  }
  if (!h.version || !(policy.acceptedVersions ?? VERSIONS).includes(h.version)) return reject(12, 203, 'unsupported version id');
  if (message.issues.length > 0) return { code: 'AE', errors: message.issues };
  return { code: 'AA', errors: [] };
}

export interface AckOptions {
  /** MSH-10 of the ACK itself (the caller owns the sequence). */
  controlId: string;
  now: Date;
  sendingApplication?: string; // default CLINIC-EDGE
  sendingFacility?: string;
}

/** HL7 DTM in UTC: YYYYMMDDHHMMSS+0000. */
export function formatHl7Time(t: Date): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${p(t.getUTCFullYear(), 4)}${p(t.getUTCMonth() + 1)}${p(t.getUTCDate())}${p(t.getUTCHours())}${p(t.getUTCMinutes())}${p(t.getUTCSeconds())}+0000`;
}

const isBefore25 = (version: string): boolean => ['2.1', '2.2', '2.3', '2.3.1', '2.4'].includes(version);

function errSegment(e: Hl7Issue, d: Hl7Delimiters, version: string): string {
  const f = d.field;
  const c = d.component;
  const text = escapeHl7(e.text, d);
  if (isBefore25(version)) {
    const s = d.subcomponent;
    return `ERR${f}${e.segment}${c}${e.sequence}${c}${e.field}${c}${e.code}${s}${text}${s}HL70357`;
  }
  return `ERR${f}${f}${e.segment}${c}${e.sequence}${c}${e.field}${f}${e.code}${c}${text}${c}HL70357${f}E`;
}

/**
 * Builds the ACK (segments ended by CR). `original` is the header of the message being answered, or
 * null when not even MSH could be read (then MSA-2 is empty and the decision should be AR).
 */
export function buildAck(original: Hl7Header | null, decision: AckDecision, options: AckOptions): string {
  const d = original?.delimiters ?? DEFAULT_DELIMITERS;
  const f = d.field;
  const version = original?.version && VERSIONS.includes(original.version) ? original.version : '2.5.1';
  const trigger = original?.messageType?.trigger ?? '';
  const type = trigger ? `ACK${d.component}${escapeHl7(trigger, d)}${d.component}ACK` : 'ACK';
  const msh = [
    'MSH', `${d.component}${d.repetition}${d.escape}${d.subcomponent}`,
    escapeHl7(options.sendingApplication ?? 'CLINIC-EDGE', d), escapeHl7(options.sendingFacility ?? '', d),
    original?.sendingApplication ?? '', original?.sendingFacility ?? '',
    formatHl7Time(options.now), '', type, escapeHl7(options.controlId, d), original?.processingId ?? 'P', version,
  ].join(f);
  const text = decision.code === 'AA' ? '' : `${f}${escapeHl7(decision.errors[0]?.text ?? 'message rejected', d)}`;
  const msa = `MSA${f}${decision.code}${f}${escapeHl7(original?.controlId ?? '', d)}${text}`;
  const errs = decision.errors.map((e) => errSegment(e, d, version));
  return [msh, msa, ...errs].join('\r') + '\r';
}

/** decideAck + buildAck in one step. */
export function ackFor(message: Hl7Message, options: AckOptions, policy?: AckPolicy): { code: AckCode; ack: string } {
  const decision = decideAck(message, policy);
  return { code: decision.code, ack: buildAck(message.header, decision, options) };
}
