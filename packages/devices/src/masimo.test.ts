import { describe, expect, it } from 'vitest';
import type { DeviceProtocolError } from './errors.js';
import {
  decodeMasimoAlarm, decodeMasimoExceptions, encodeMasimoLine, MasimoDecoder, parseMasimoLine,
  type MasimoLineInput, type MasimoReading,
} from './masimo.js';

const BRIEF = '12/01/05 11:56:29 SN=0123456789 SPO2=098% BPM=072 PI=02.50% SPCO=--.-% SPMET=--.-% DESAT=-- PIDELTA=+-- PVI=--- ALARM=0000 EXC=000000\r\n';
// MD PnP poxrad_discrete.h example lines
const RAD7 = '12/01/05 11:56:29 SN=0123456789 SPO2=098% BPM=240 PI=20.00% SPCO=01.0% SPMET=00.5% DESAT=01 PIDELTA=-02 PVI=027 ALARM=0000 EXC=000820\r\n';
const RAD5 = '09/15/10 15:10:29 SPO2=097% BPM=064 PI=11.82% ALARM=20 EXC=800\r\n';
// remkolems/masimo-datacapture: Rad-8 with no sensor
const RAD8_NO_SENSOR = '03/19/16 13:37:12 SN=0000093112 SPO2=---% BPM=--- DESAT=-- PIDELTA=+-- ALARM=0000 EXC=000001';

function reading(line: string): MasimoReading {
  const r = parseMasimoLine(line);
  if (!r.ok) throw new Error(`unexpected parse error ${r.error.message}`);
  return r.reading;
}

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('parseMasimoLine', () => {
  it('reads the Radical-7 line with device time and -- as null', () => {
    const r = reading(BRIEF);
    expect(r).toMatchObject({
      deviceTime: { year: 2005, month: 12, day: 1, hour: 11, minute: 56, second: 29 },
      serialNumber: '0123456789', spo2: 98, pulseRate: 72, perfusionIndex: 2.5,
      spco: null, spmet: null, desat: null, piDelta: null, pvi: null,
      quality: 'ok', sensorOff: false,
    });
    expect(r.alarm).toEqual({ raw: 0, flags: [], unknownBits: 0 });
  });

  it('reads signed and decimal fields and decodes EXC bits (MD PnP example)', () => {
    const r = reading(RAD7.replace('EXC=000820', 'EXC=000800'));
    expect(r).toMatchObject({ pulseRate: 240, perfusionIndex: 20, spco: 1, spmet: 0.5, desat: 1, piDelta: -2, pvi: 27, quality: 'ok' });
    // the example as MD PnP wrote it has Sensor Off set: then no measurement is passed on
    const off = reading(RAD7);
    expect(off.exceptions.flags).toEqual(['sensorOff', 'masimoSet']);
    expect(off).toMatchObject({ quality: 'sensorOff', sensorOff: true, spo2: null, pulseRate: null, perfusionIndex: null, spco: null, pvi: null });
  });

  it('reads the shorter Radical-5 line', () => {
    const r = reading(RAD5);
    expect(r).toMatchObject({ serialNumber: null, spo2: 97, pulseRate: 64, perfusionIndex: 11.82, pvi: null, quality: 'ok' });
    expect(r.alarm.flags).toEqual(['alarmSilenced']);
    expect(r.exceptions.flags).toEqual(['masimoSet']);
  });

  it('reports no sensor as data quality with SpO2 and pulse null, never as zeros', () => {
    const r = reading(RAD8_NO_SENSOR);
    expect(r).toMatchObject({ quality: 'noSensor', sensorOff: true, spo2: null, pulseRate: null, perfusionIndex: null });
    // even if a device printed numbers while the sensor is off, they are not passed on
    const lying = reading(BRIEF.replace('EXC=000000', 'EXC=000020').replace('SPO2=098', 'SPO2=000'));
    expect(lying).toMatchObject({ quality: 'sensorOff', spo2: null, pulseRate: null });
    expect(reading(BRIEF.replace('EXC=000000', 'EXC=000002'))).toMatchObject({ quality: 'sensorFault', sensorOff: false, spo2: null });
    expect(reading(BRIEF.replace('EXC=000000', 'EXC=001000'))).toMatchObject({ quality: 'noSensor', sensorOff: true });
  });

  it('ranks degraded signal below a missing sensor and keeps values for it', () => {
    expect(reading(BRIEF.replace('EXC=000000', 'EXC=000408'))).toMatchObject({ quality: 'pulseSearch', spo2: 98 });
    expect(reading(BRIEF.replace('EXC=000000', 'EXC=000404'))).toMatchObject({ quality: 'lowSignal', spo2: 98 });
    expect(reading(BRIEF.replace('EXC=000000', 'EXC=000421'))).toMatchObject({ quality: 'noSensor' });
  });

  it('decodes ALARM bits and keeps unknown bits raw', () => {
    expect(decodeMasimoAlarm(0x0018)).toEqual({ raw: 0x18, flags: ['pulseRateLow', 'alarmActive'], unknownBits: 0 });
    expect(decodeMasimoAlarm(0x2003).flags).toEqual(['spo2High', 'spo2Low', 'piDelta']);
    expect(decodeMasimoAlarm(0x8080)).toEqual({ raw: 0x8080, flags: [], unknownBits: 0x8080 });
    expect(decodeMasimoExceptions(0x800200)).toEqual({ raw: 0x800200, flags: [], unknownBits: 0x800200 });
    expect(decodeMasimoExceptions(0x000c00).flags).toEqual(['lowSignalIq', 'masimoSet']);
    expect(reading(BRIEF.replace('ALARM=0000', 'ALARM=C012')).alarm).toEqual({ raw: 0xc012, flags: ['spo2Low', 'alarmActive'], unknownBits: 0xc000 });
  });

  it('keeps fields it does not interpret', () => {
    const r = reading('03/17/16 19:19:36 SN=---------- SPO2=098% BPM=123 PI=00.55 SPCO=--% SPMET=--.-% SPHB=--.- SPOC=-- RESVD=--- DESAT=-- PIDELTA=+-- PVI=--- ALARM=000000 EXC=0000C00 EXC1=00000000');
    expect(r.serialNumber).toBeNull();
    expect(r.other).toEqual({ SPHB: '--.-', SPOC: '--', RESVD: '---', EXC1: '00000000' });
  });

  it('gives typed E_PARSE errors that name the field but not the content', () => {
    const cases: [string, string][] = [
      ['garbage', 'date/time'],
      [BRIEF.replace('12/01/05', '13/01/05'), 'date/time'],
      [BRIEF.replace('SPO2=098%', 'SPO2=9x8%'), 'SPO2'],
      [BRIEF.replace(' BPM=072', ''), 'BPM'],
      [BRIEF.replace('EXC=000000', 'EXC=00G000'), 'EXC'],
      [BRIEF.replace('DESAT=--', 'DESAT=-- DESAT=01'), 'DESAT'],
      [BRIEF.slice(0, 60), 'EXC'],
    ];
    for (const [line, field] of cases) {
      const r = parseMasimoLine(line);
      expect(r.ok, line).toBe(false);
      if (!r.ok) {
        expect(r.error).toMatchObject({ code: 'E_PARSE', protocol: 'masimo', field });
        expect(r.error.message).not.toContain('0123456789');
      }
    }
  });
});

describe('MasimoDecoder', () => {
  const lines = [BRIEF, RAD7, RAD5, RAD8_NO_SENSOR + '\r\n'];
  const stream = ascii(lines.join(''));

  function decode(chunks: Uint8Array[]) {
    const got: { reading: MasimoReading; offset: number }[] = [];
    const errors: DeviceProtocolError[] = [];
    const decoder = new MasimoDecoder({ onReading: (reading, offset) => got.push({ reading, offset }), onError: (e) => errors.push(e) });
    for (const c of chunks) decoder.push(c);
    return { got, errors, decoder };
  }

  it('gives the same readings whatever byte offset the input is split at', () => {
    const whole = decode([stream]).got;
    expect(whole).toHaveLength(4);
    for (let cut = 0; cut <= stream.length; cut++) {
      expect(decode([stream.subarray(0, cut), stream.subarray(cut)]).got, `cut ${cut}`).toEqual(whole);
    }
  });

  it('resyncs after garbage between lines and loses none of the good ones', () => {
    const noisy = ascii(`\x00\xff${BRIEF}##noise##\r\n${RAD7}${'z'.repeat(600)}\r\n\r\n${RAD5}`);
    const { got, errors, decoder } = decode([noisy]);
    expect(got.map((g) => g.reading.deviceTime.year)).toEqual([2005, 2005, 2010]);
    expect(got.map((g) => g.reading.quality)).toEqual(['ok', 'sensorOff', 'ok']);
    expect(errors.map((e) => e.code)).toEqual(['E_PARSE', 'E_TOO_LONG']);
    expect(decoder.counters).toMatchObject({ framesOk: 3, framesBad: 1, tooLong: 1, resyncs: 1 });
  });

  it('holds a truncated last line back and counts it at end()', () => {
    const { got, decoder } = decode([ascii(BRIEF + RAD7.slice(0, 50))]);
    expect(got).toHaveLength(1);
    expect(decoder.pendingBytes).toBe(50);
    decoder.end();
    expect(got).toHaveLength(1);
    expect(decoder.counters.truncated).toBe(1);
  });
});

describe('encodeMasimoLine', () => {
  it('prints exactly the line from the brief', () => {
    const input: MasimoLineInput = {
      deviceTime: { year: 2005, month: 12, day: 1, hour: 11, minute: 56, second: 29 }, serialNumber: '0123456789',
      spo2: 98, pulseRate: 72, perfusionIndex: 2.5, spco: null, spmet: null, desat: null, piDelta: null, pvi: null, alarm: 0, exceptions: 0,
    };
    expect(encodeMasimoLine(input)).toBe(BRIEF);
    expect(encodeMasimoLine({ ...input, pulseRate: 240, perfusionIndex: 20, spco: 1, spmet: 0.5, desat: 1, piDelta: -2, pvi: 27, exceptions: 0x820 })).toBe(RAD7);
  });

  it('round-trips through the parser', () => {
    const inputs: MasimoLineInput[] = [
      { deviceTime: { year: 2031, month: 2, day: 28, hour: 23, minute: 59, second: 0 }, serialNumber: null, spo2: 100, pulseRate: 5, perfusionIndex: 0.02, spco: 12.5, spmet: 3.1, desat: 12, piDelta: 7, pvi: 100, alarm: 0x3fff, exceptions: 0x0c04 },
      { deviceTime: { year: 2000, month: 1, day: 1, hour: 0, minute: 0, second: 0 }, serialNumber: '0000000001', spo2: null, pulseRate: null, perfusionIndex: null, spco: null, spmet: null, desat: null, piDelta: -15, pvi: null, alarm: 0x20, exceptions: 0x8 },
    ];
    for (const input of inputs) {
      const r = reading(encodeMasimoLine(input));
      const { alarm, exceptions, ...rest } = input;
      expect(r).toMatchObject(rest);
      expect(r.alarm.raw).toBe(alarm);
      expect(r.exceptions.raw).toBe(exceptions);
    }
  });
});
