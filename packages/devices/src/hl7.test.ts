import { describe, expect, it } from 'vitest';
import { DEFAULT_DELIMITERS, escapeHl7, parseHl7, parseHl7Bytes, unescapeHl7 } from './hl7.js';
import { ackFor, buildAck, decideAck, formatHl7Time } from './hl7-ack.js';
import { encodeOruR01, type OruInput } from './hl7-oru.js';
import { mapVitals } from './hl7-vitals.js';
import { encodeMllp, MllpFramer } from './mllp.js';
import { utf8Decode, utf8Encode } from './text.js';

// Shape of an IHE PCD-01 ORU^R01 from a bedside monitor (identifiers invented).
const PCD01 = [
  'MSH|^~\\&|MON-7^0012345678ABCDEF^EUI-64|WARD|HUB||20240611102047+0000||ORU^R01^ORU_R01|MSG0042|P|2.6|||AL|NE||UNICODE UTF-8',
  'PID|||MRN-778899^^^CLINIC^MR~ID-55^^^STATE^NI||Doe^Jane||19800115|F',
  'PV1||I|Bed12^WardA',
  'OBR|1|ORD-1^MON-7|FIL-9^MON-7|182777000^monitoring of patient^SCT|||20240611102040',
  'OBX|1|NM|147842^MDC_ECG_HEART_RATE^MDC|1.7.4.147842|72|264864^MDC_DIM_BEAT_PER_MIN^MDC|||||F|||20240611102045',
  'OBX|2|NM|150456^MDC_PULS_OXIM_SAT_O2^MDC||97|262688^MDC_DIM_PERCENT^MDC|||||F',
  'OBX|3|NM|149530^MDC_PULS_OXIM_PULS_RATE^MDC||74|264864^MDC_DIM_BEAT_PER_MIN^MDC|||||F',
  'OBX|4|NM|150301^MDC_PRESS_CUFF_SYS^MDC||121|266016^MDC_DIM_MMHG^MDC|||||F',
  'OBX|5|NM|150302^MDC_PRESS_CUFF_DIA^MDC||79|266016^MDC_DIM_MMHG^MDC|||||F',
  'OBX|6|NM|150303^MDC_PRESS_CUFF_MEAN^MDC||93|266016^MDC_DIM_MMHG^MDC|||||F',
  'OBX|7|NM|150344^MDC_TEMP^MDC||36.8|268192^MDC_DIM_DEGC^MDC|||||F',
  'OBX|8|NM|151562^MDC_RESP_RATE^MDC||16|264928^MDC_DIM_RESP_PER_MIN^MDC|||||F',
  'OBX|9|NM|8867-4^Heart rate^LN||71|/min^per minute^UCUM|||||F',
  'OBX|10|NM|150324^MDC_SAT_O2_ART^MDC||95|262688^MDC_DIM_PERCENT^MDC|||||F',
  'OBX|11|ST|0^MDC_ATTR_ALERT^MDC||HR HIGH \\T\\ \\F\\ limit\\E\\x|||||||F',
].join('\r') + '\r';

describe('HL7 escapes', () => {
  const d = DEFAULT_DELIMITERS;
  it('decodes \\F\\ \\S\\ \\T\\ \\R\\ \\E\\ and hex, keeps formatting and unknown sequences', () => {
    expect(unescapeHl7('a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f', d)).toBe('a|b^c&d~e\\f');
    expect(unescapeHl7('x\\X0D0A\\y\\XC3A9\\', d)).toBe('x\r\nyé');
    expect(unescapeHl7('line\\.br\\next \\Q\\ \\toString\\ tail\\', d)).toBe('line\\.br\\next \\Q\\ \\toString\\ tail\\');
  });

  it('honours non-default delimiters from MSH-1/MSH-2', () => {
    const m = parseHl7('MSH#*@!$#A#B###T##ORU*R01#7#P#2.5\rOBX#1#NM#8867-4*HR!T!x!F!y!S!z*LN##60#/min\r');
    expect(m.header.delimiters).toEqual({ field: '#', component: '*', repetition: '@', escape: '!', subcomponent: '$' });
    expect(m.header).toMatchObject({ messageType: { code: 'ORU', trigger: 'R01' }, controlId: '7', version: '2.5' });
    expect(m.observations[0].identifier).toEqual({ code: '8867-4', text: 'HR$x#y*z', system: 'LN' });
    expect(m.observations[0].numeric).toBe(60);
    expect(unescapeHl7('a!F!b!T!c', m.header.delimiters)).toBe('a#b$c');
  });

  it('round-trips escape then unescape for any text', () => {
    const text = 'a|b^c~d\\e&f\rg\nh é 日本';
    expect(unescapeHl7(escapeHl7(text, d), d)).toBe(text);
    expect(escapeHl7(text, d)).not.toMatch(/[|^~&\r\n]/);
  });
});

describe('parseHl7', () => {
  const m = parseHl7(PCD01);

  it('reads MSH type, control id, version and the OBX fields', () => {
    expect(m.header).toMatchObject({
      messageType: { code: 'ORU', trigger: 'R01', structure: 'ORU_R01' }, controlId: 'MSG0042', version: '2.6',
      processingId: 'P', dateTime: '20240611102047+0000', sendingApplication: 'MON-7^0012345678ABCDEF^EUI-64',
    });
    expect(m.observations).toHaveLength(11);
    expect(m.observations[0]).toMatchObject({
      setId: '1', valueType: 'NM', identifier: { code: '147842', text: 'MDC_ECG_HEART_RATE', system: 'MDC' }, subId: '1.7.4.147842',
      numeric: 72, units: { code: '264864', text: 'MDC_DIM_BEAT_PER_MIN', system: 'MDC' }, status: 'F', observedAt: '20240611102045', orderIndex: 0,
    });
    expect(m.observations[10].value).toBe('HR HIGH & | limit\\x');
    expect(m.issues).toEqual([]);
  });

  it('parses PID but keeps it out of JSON, strings and logs', () => {
    expect(m.patient?.reveal()).toEqual({
      identifiers: [{ id: 'MRN-778899', assigningAuthority: 'CLINIC', type: 'MR' }, { id: 'ID-55', assigningAuthority: 'STATE', type: 'NI' }],
      family: 'Doe', given: 'Jane', birthDate: '19800115', sex: 'F',
    });
    const json = JSON.stringify(m);
    for (const secret of ['MRN-778899', 'Doe', 'Jane', '19800115', 'Bed12', 'ORD-1', 'FIL-9']) expect(json).not.toContain(secret);
    expect(`${m.patient}`).toBe('[sensitive]');
    expect(m.sensitiveSegments.reveal().map((s) => s.slice(0, 3))).toEqual(['PID', 'PV1']);
    expect(m.orders[0].placerOrder.reveal()).toBe('ORD-1');
  });

  it('accepts LF or CR LF between segments and reads bytes as UTF-8', () => {
    const lf = parseHl7(PCD01.replace(/\r/g, '\n'));
    expect(lf.observations.map((o) => o.numeric)).toEqual(m.observations.map((o) => o.numeric));
    expect(parseHl7Bytes(utf8Encode(PCD01.replace('Jane', 'Zoë'))).patient?.reveal().given).toBe('Zoë');
  });

  it('reports a NM value that is not a number and a missing OBX-3 as issues (table 0357)', () => {
    const bad = parseHl7('MSH|^~\\&|A|B|||20240101||ORU^R01|9|P|2.5\rOBX|1|NM|8867-4^HR^LN||7x2|/min\rOBX|2|NM|||5|%\r');
    expect(bad.issues).toEqual([
      { segment: 'OBX', sequence: 1, field: 5, code: 102, text: 'OBX-5 is not a number although OBX-2 is NM' },
      { segment: 'OBX', sequence: 2, field: 3, code: 101, text: 'OBX-3 observation identifier is missing' },
    ]);
    expect(bad.observations[0].numeric).toBeNull();
  });

  it('throws a typed E_PARSE without content when there is no usable MSH', () => {
    for (const text of ['PID|||SECRET-ID', 'MSH|^~', 'MSH|^^\\&|x', '']) {
      expect(() => parseHl7(text)).toThrow(expect.objectContaining({ code: 'E_PARSE', protocol: 'hl7' }));
      try {
        parseHl7(text);
      } catch (e) {
        expect((e as Error).message).not.toContain('SECRET');
      }
    }
  });
});

describe('mapVitals', () => {
  it('maps the documented MDC and LOINC codes and keeps the rest raw', () => {
    const { vitals, unmapped } = mapVitals(parseHl7(PCD01));
    expect(vitals.map((v) => [v.kind, v.value, v.unit, v.code.system])).toEqual([
      ['heartRate', 72, '/min', 'MDC'], ['spo2', 97, '%', 'MDC'], ['pulseRate', 74, '/min', 'MDC'],
      ['nibpSystolic', 121, 'mm[Hg]', 'MDC'], ['nibpDiastolic', 79, 'mm[Hg]', 'MDC'], ['nibpMean', 93, 'mm[Hg]', 'MDC'],
      ['temperature', 36.8, 'Cel', 'MDC'], ['respirationRate', 16, '/min', 'MDC'], ['heartRate', 71, '/min', 'LN'],
    ]);
    expect(vitals[0].observedAt).toBe('20240611102045');
    expect(vitals[1].observedAt).toBe('20240611102040'); // from OBR-7
    expect(unmapped.map((u) => [u.observation.setId, u.reason])).toEqual([['10', 'unknownCode'], ['11', 'unknownCode']]);
  });

  it('accepts PCD hex codes, converts degF and kPa, and refuses sentinels, bad status and unknown units', () => {
    const msg = parseHl7([
      'MSH|^~\\&|A|B|||20240101||ORU^R01|9|P|2.5',
      'OBX|1|NM|0002-4182^MDC_ECG_HEART_RATE^MDC||60|264864^MDC_DIM_BEAT_PER_MIN^MDC|||||F',
      'OBX|2|NM|188452^MDC_TEMP_AXILLA^MDC||98.6|[degF]^^UCUM|||||F',
      'OBX|3|NM|8480-6^Systolic^LN||16|kPa^^UCUM|||||F',
      'OBX|4|NM|150456^MDC_PULS_OXIM_SAT_O2^MDC||-999|262688^MDC_DIM_PERCENT^MDC|||||F',
      'OBX|5|NM|147842^MDC_ECG_HEART_RATE^MDC||80||||||X',
      'OBX|6|NM|150344^MDC_TEMP^MDC||37|',
      'OBX|7|NM|151562^MDC_RESP_RATE^MDC||12|mm[Hg]^^UCUM',
      'OBX|8|NM|59408-5^SpO2^LN||99|',
    ].join('\r'));
    const { vitals, unmapped } = mapVitals(msg);
    expect(vitals.map((v) => [v.kind, Number(v.value.toFixed(2)), v.unit, v.code.code])).toEqual([
      ['heartRate', 60, '/min', '147842'], ['temperature', 37, 'Cel', '188452'], ['nibpSystolic', 120.01, 'mm[Hg]', '8480-6'], ['spo2', 99, '%', '59408-5'],
    ]);
    expect(unmapped.map((u) => u.reason)).toEqual(['sentinel', 'badStatus', 'missingUnit', 'unknownUnit']);
  });
});

describe('ACK', () => {
  const now = new Date(Date.UTC(2024, 5, 11, 10, 20, 48));
  const opts = { controlId: 'ACK1', now };

  it('accepts a good ORU^R01 with AA and echoes its control id', () => {
    const { code, ack } = ackFor(parseHl7(PCD01), opts);
    expect(code).toBe('AA');
    expect(ack).toBe('MSH|^~\\&|CLINIC-EDGE||MON-7^0012345678ABCDEF^EUI-64|WARD|20240611102048+0000||ACK^R01^ACK|ACK1|P|2.6\rMSA|AA|MSG0042\r');
    expect(ack).not.toMatch(/MRN|Doe|Jane/);
  });

  it('answers AE with ERR segments for readable messages with errors, in the version-appropriate ERR form', () => {
    const text = 'MSH|^~\\&|A|B|||20240101||ORU^R01|C-9|P|2.5\rOBX|1|NM|8867-4^HR^LN||7x2|/min\r';
    const { code, ack } = ackFor(parseHl7(text), opts);
    expect(code).toBe('AE');
    expect(ack.split('\r').slice(1)).toEqual([
      'MSA|AE|C-9|OBX-5 is not a number although OBX-2 is NM',
      'ERR||OBX^1^5|102^OBX-5 is not a number although OBX-2 is NM^HL70357|E', '',
    ]);
    const old = ackFor(parseHl7(text.replace('|2.5\r', '|2.4\r')), opts).ack;
    expect(old.split('\r')[2]).toBe('ERR|OBX^1^5^102&OBX-5 is not a number although OBX-2 is NM&HL70357');
    expect(ack).not.toContain('7x2');
  });

  it('rejects with AR: unsupported type, unsupported version, missing control id', () => {
    const base = 'MSH|^~\\&|A|B|||20240101||ORU^R01|C-1|P|2.5\r';
    const cases: [string, string][] = [
      [base.replace('ORU^R01', 'ADT^A01'), 'ERR||MSH^1^9|200^unsupported message type^HL70357|E'],
      [base.replace('ORU^R01', 'ORU^R30'), 'ERR||MSH^1^9|201^unsupported event code^HL70357|E'],
      [base.replace('|2.5\r', '|3.0\r'), 'ERR||MSH^1^12|203^unsupported version id^HL70357|E'],
      [base.replace('|C-1|', '||'), 'ERR||MSH^1^10|101^MSH-10 message control id is missing^HL70357|E'],
    ];
    for (const [text, err] of cases) {
      const m = parseHl7(text);
      expect(decideAck(m).code, text).toBe('AR');
      const lines = buildAck(m.header, decideAck(m), opts).split('\r');
      expect(lines[1]).toMatch(/^MSA\|AR\|/);
      expect(lines[2]).toBe(err);
    }
    expect(decideAck(parseHl7(base.replace('ORU^R01', 'ADT^A01')), { acceptedTypes: ['ADT^A01'] }).code).toBe('AA');
  });

  it('can answer AR even when MSH could not be read', () => {
    const ack = buildAck(null, { code: 'AR', errors: [{ segment: 'MSH', sequence: 1, field: 0, code: 100, text: 'no MSH' }] }, opts);
    expect(ack.split('\r').slice(0, 2)).toEqual(['MSH|^~\\&|CLINIC-EDGE||||20240611102048+0000||ACK|ACK1|P|2.5.1', 'MSA|AR||no MSH']);
  });

  it('formats HL7 time in UTC', () => {
    expect(formatHl7Time(new Date(Date.UTC(2001, 0, 2, 3, 4, 5)))).toBe('20010102030405+0000');
  });
});

describe('encodeOruR01', () => {
  const input: OruInput = {
    sendingApplication: 'SIM^MON', sendingFacility: 'VAN|1', dateTime: '20240611102047', controlId: 'S-1',
    patient: { identifiers: [{ id: 'P&1', assigningAuthority: 'CLINIC', type: 'MR' }], family: 'O^Brien', given: 'Ann' },
    order: { service: { code: '182777000', text: 'monitoring of patient', system: 'SCT' }, observedAt: '20240611102040' },
    observations: [
      { identifier: { code: '147842', text: 'MDC_ECG_HEART_RATE', system: 'MDC' }, value: 72, units: { code: '264864', text: 'MDC_DIM_BEAT_PER_MIN', system: 'MDC' } },
      { identifier: { code: '150456', text: 'MDC_PULS_OXIM_SAT_O2', system: 'MDC' }, value: 96.5, units: { code: '262688', text: 'MDC_DIM_PERCENT', system: 'MDC' }, observedAt: '20240611102046' },
      { identifier: { code: '0', text: 'note', system: 'L' }, value: 'a|b^c~d\\e&f' },
    ],
  };

  it('writes what the parser reads, escapes included, and passes through MLLP', () => {
    const text = encodeOruR01(input);
    const got: string[] = [];
    const framer = new MllpFramer((b) => got.push(utf8Decode(b)));
    const bytes = encodeMllp(text);
    for (let i = 0; i < bytes.length; i += 7) framer.push(bytes.subarray(i, i + 7));
    const m = parseHl7(got[0]);
    expect(m.header).toMatchObject({ controlId: 'S-1', version: '2.6', messageType: { code: 'ORU', trigger: 'R01', structure: 'ORU_R01' } });
    expect(unescapeHl7(m.header.sendingFacility)).toBe('VAN|1');
    expect(m.patient?.reveal()).toMatchObject({ identifiers: [{ id: 'P&1', assigningAuthority: 'CLINIC', type: 'MR' }], family: 'O^Brien', given: 'Ann' });
    expect(m.observations.map((o) => o.value)).toEqual(['72', '96.5', 'a|b^c~d\\e&f']);
    expect(m.issues).toEqual([]);
    expect(mapVitals(m).vitals.map((v) => [v.kind, v.value, v.observedAt])).toEqual([['heartRate', 72, '20240611102040'], ['spo2', 96.5, '20240611102046']]);
    expect(ackFor(m, { controlId: 'A', now: new Date(0) }).code).toBe('AA');
  });

  it('refuses a NM observation whose value is not a number', () => {
    expect(() => encodeOruR01({ ...input, observations: [{ identifier: input.observations[0].identifier, value: 'x', valueType: 'NM' }] })).toThrow(TypeError);
  });
});

describe('utf8', () => {
  it('round-trips and replaces malformed sequences', () => {
    const s = 'aé日本😀';
    expect(utf8Decode(utf8Encode(s))).toBe(s);
    expect(Array.from(utf8Encode('é'))).toEqual([0xc3, 0xa9]);
    expect(utf8Decode(Uint8Array.of(0x61, 0xc3, 0x28, 0xff, 0xed, 0xa0, 0x80))).toBe('a\ufffd(\ufffd\ufffd');
  });
});
