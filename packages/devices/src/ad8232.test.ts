import { describe, expect, it } from 'vitest';
import { Ad8232Decoder, encodeAd8232, parseAd8232Line, type Ad8232Config } from './ad8232.js';

const config: Ad8232Config = { sampleRate: 250, adcMax: 1023 };
type Event = ['sample', number, number] | ['leadOff', number] | ['error', string, number];

function decode(chunks: Uint8Array[], cfg: Ad8232Config = config) {
  const events: Event[] = [];
  const decoder = new Ad8232Decoder(cfg, {
    onSample: (v, i) => events.push(['sample', v, i]),
    onLeadOff: (i) => events.push(['leadOff', i]),
    onError: (e, i) => events.push(['error', e.code, i]),
  });
  for (const c of chunks) decoder.push(c);
  return { events, decoder };
}

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('parseAd8232Line', () => {
  it('reads a sample, a lead-off marker and tolerates CR', () => {
    expect(parseAd8232Line('512\r\n', config)).toEqual({ kind: 'sample', value: 512 });
    expect(parseAd8232Line('!\r', config)).toEqual({ kind: 'leadOff' });
    expect(parseAd8232Line('  0 ', config)).toEqual({ kind: 'sample', value: 0 });
    expect(parseAd8232Line('', config)).toEqual({ kind: 'empty' });
  });

  it('gives a typed E_PARSE for garbage and out-of-range values, without echoing them', () => {
    for (const bad of ['12a', 'abc', '-', '!!', '1024', '-1', '5 5', 'é']) {
      const r = parseAd8232Line(bad, config);
      expect(r.kind, bad).toBe('error');
      if (r.kind === 'error') {
        expect(r.error.code).toBe('E_PARSE');
        expect(r.error.protocol).toBe('ad8232');
      }
    }
    expect(parseAd8232Line('4095', { ...config, adcMax: 4095 })).toEqual({ kind: 'sample', value: 4095 });
    expect(parseAd8232Line('-5', { ...config, adcMin: -2048, adcMax: 2047 })).toEqual({ kind: 'sample', value: -5 });
  });

  it('rejects bad configuration with a TypeError naming the option', () => {
    expect(() => parseAd8232Line('1', { sampleRate: 0, adcMax: 10 })).toThrow(/sampleRate/);
    expect(() => parseAd8232Line('1', { sampleRate: 100, adcMax: 0 })).toThrow(/adcMax/);
    expect(() => new Ad8232Decoder({ ...config, maxLineLength: 0 }, { onSample() {}, onLeadOff() {} })).toThrow(/maxLineLength/);
  });
});

describe('Ad8232Decoder', () => {
  const stream = encodeAd8232([512, 530, 'leadOff', 'leadOff', 1023, 0, 77]);
  const expected: Event[] = [
    ['sample', 512, 0], ['sample', 530, 1], ['leadOff', 2], ['leadOff', 3],
    ['sample', 1023, 4], ['sample', 0, 5], ['sample', 77, 6],
  ];

  it('round-trips the encoder, CR LF and bare LF', () => {
    expect(decode([stream]).events).toEqual(expected);
    expect(decode([encodeAd8232([512, 530, 'leadOff', 'leadOff', 1023, 0, 77], '\n')]).events).toEqual(expected);
  });

  it('gives the same result whatever byte offset the input is split at', () => {
    for (let cut = 0; cut <= stream.length; cut++) {
      expect(decode([stream.subarray(0, cut), stream.subarray(cut)]).events, `cut ${cut}`).toEqual(expected);
    }
    expect(decode(Array.from(stream, (b) => Uint8Array.of(b))).events).toEqual(expected);
  });

  it('keeps every good line around garbage and keeps the sample clock aligned', () => {
    const input = ascii('100\r\n1x1\r\n\r\n200\r\n\xff\xfe\r\n!\r\n5000\r\n300\r\n');
    const { events, decoder } = decode([input]);
    expect(events).toEqual([
      ['sample', 100, 0], ['error', 'E_PARSE', 1], ['sample', 200, 2], ['error', 'E_PARSE', 3],
      ['leadOff', 4], ['error', 'E_PARSE', 5], ['sample', 300, 6],
    ]);
    expect(decoder.counters).toMatchObject({ framesOk: 4, framesBad: 3 });
    expect(decoder.sampleIndex).toBe(7);
  });

  it('drops an over-long line as E_TOO_LONG and resumes at the next line', () => {
    const input = ascii('1\r\n' + '9'.repeat(40) + '\r\n2\r\n');
    const { events, decoder } = decode([input.subarray(0, 10), input.subarray(10)]);
    expect(events).toEqual([['sample', 1, 0], ['error', 'E_TOO_LONG', 1], ['sample', 2, 2]]);
    expect(decoder.counters.tooLong).toBe(1);
    expect(decoder.counters.bytesDiscarded).toBe(42);
  });

  it('holds a truncated last line back and counts it at end()', () => {
    const { events, decoder } = decode([ascii('100\r\n20')]);
    expect(events).toEqual([['sample', 100, 0]]);
    expect(decoder.pendingBytes).toBe(2);
    decoder.end();
    expect(events).toHaveLength(1);
    expect(decoder.counters.truncated).toBe(1);
    expect(decoder.pendingBytes).toBe(0);
  });

  it('accounts for every byte', () => {
    const input = ascii('1\r\nzz\r\n\r\n' + '7'.repeat(30) + '\n3\r\n4');
    const { decoder } = decode([input]);
    const good = '1\r\n'.length + '3\r\n'.length;
    expect(good + decoder.counters.bytesDiscarded + decoder.pendingBytes).toBe(input.length);
  });

  it('refuses non-integer samples when encoding', () => {
    expect(() => encodeAd8232([1.5])).toThrow(TypeError);
  });
});
