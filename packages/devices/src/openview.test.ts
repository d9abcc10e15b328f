import { describe, expect, it } from 'vitest';
import { decodeAds1292rPayload, encodeAds1292rFrame, type Ads1292rSample } from './ads1292r.js';
import type { DeviceProtocolError } from './errors.js';
import { encodeOpenViewFrame, OpenViewFramer } from './openview.js';

interface Got {
  type: number;
  payload: number[];
  offset: number;
}

function frame(chunks: Uint8Array[], maxPayload?: number) {
  const frames: Got[] = [];
  const errors: DeviceProtocolError[] = [];
  const framer = new OpenViewFramer((f) => frames.push({ type: f.type, payload: Array.from(f.payload), offset: f.offset }), {
    maxPayload,
    onError: (e) => errors.push(e),
  });
  for (const c of chunks) framer.push(c);
  return { frames, errors, framer };
}

const concat = (...parts: (Uint8Array | number[])[]): Uint8Array => {
  const out: number[] = [];
  for (const p of parts) out.push(...p);
  return Uint8Array.from(out);
};

const samples = [
  { ecg: 1200, resp: -300, heartRate: 72, respRate: 16 },
  { ecg: -32768, resp: 32767, heartRate: null, respRate: null },
  { ecg: 10, resp: -1, heartRate: 180, respRate: 40 },
];
const stream = concat(...samples.map((s) => encodeAds1292rFrame(s)));

describe('OpenView framer', () => {
  it('round-trips ADS1292R frames in the current layout', () => {
    const { frames, framer } = frame([stream]);
    expect(frames.map((f) => f.type)).toEqual([2, 2, 2]);
    const decoded = frames.map((f) => decodeAds1292rPayload(Uint8Array.from(f.payload)) as Ads1292rSample);
    expect(decoded.map(({ ecg, resp, heartRate, respRate }) => ({ ecg, resp, heartRate, respRate }))).toEqual(samples);
    expect(decoded.every((d) => d.leadOff === false && d.layout === 'len8')).toBe(true);
    expect(frames.map((f) => f.offset)).toEqual([0, 15, 30]);
    expect(framer.counters).toMatchObject({ framesOk: 3, framesBad: 0, bytesDiscarded: 0, resyncs: 0 });
  });

  it('matches the bytes of the ProtoCentral 02.OpenView sketch', () => {
    // sendPacket(ecg=0x0102, resp=-2, hr=60, rr=12)
    expect(Array.from(encodeAds1292rFrame({ ecg: 0x0102, resp: -2, heartRate: 60, respRate: 12 }))).toEqual([
      0x0a, 0xfa, 8, 0, 2, 0x02, 0x01, 0xfe, 0xff, 60, 0, 12, 0, 0x00, 0x0b,
    ]);
  });

  it('gives the same frames whatever byte offset the input is split at', () => {
    const whole = frame([stream]).frames;
    for (let cut = 0; cut <= stream.length; cut++) {
      expect(frame([stream.subarray(0, cut), stream.subarray(cut)]).frames, `cut ${cut}`).toEqual(whole);
    }
    expect(frame(Array.from(stream, (b) => Uint8Array.of(b))).frames).toEqual(whole);
  });

  it('resynchronises after garbage and loses none of the good frames around it', () => {
    const f = samples.map((s) => encodeAds1292rFrame(s));
    // garbage with false starts: a lone 0A, a 0A FA with a huge length, a 0A FA whose stop bytes are wrong
    const garbage = [0x55, 0x0a, 0x00, 0x0a, 0xfa, 0xff, 0xff, 0x02, 0x0a, 0xfa, 0x01, 0x00, 0x02, 0x33, 0x44, 0x0b, 0x99];
    const input = concat(f[0], garbage, f[1], garbage, f[2]);
    for (let cut = 0; cut <= input.length; cut++) {
      const { frames, framer } = frame([input.subarray(0, cut), input.subarray(cut)]);
      expect(frames.map((x) => x.payload), `cut ${cut}`).toEqual(f.map((x) => Array.from(x.subarray(5, 13))));
      expect(framer.counters.framesOk).toBe(3);
      expect(framer.counters.bytesDiscarded).toBe(2 * garbage.length);
      expect(framer.counters.resyncs).toBe(2);
    }
    const { framer, errors } = frame([input]);
    expect(framer.counters.tooLong).toBe(2);
    expect(framer.counters.framesBad).toBe(4);
    expect(errors.map((e) => e.code)).toEqual(['E_TOO_LONG', 'E_FRAME', 'E_TOO_LONG', 'E_FRAME']);
    expect(errors[0].offset).toBe(15 + 3);
  });

  it('finds a good frame that starts inside a false frame (slide by one)', () => {
    const good = encodeAds1292rFrame(samples[0]);
    // a false header announcing 8 bytes swallows the start of the good frame
    const input = concat([0x0a, 0xfa, 0x08, 0x00, 0x02, 0x01], good);
    const { frames, framer } = frame([input]);
    expect(frames).toHaveLength(1);
    expect(frames[0].offset).toBe(6);
    expect(framer.counters.bytesDiscarded).toBe(6);
  });

  it('holds a truncated last frame back, and end() counts it without emitting it', () => {
    const input = concat(encodeAds1292rFrame(samples[0]), encodeAds1292rFrame(samples[1]).subarray(0, 9));
    const { frames, framer } = frame([input]);
    expect(frames).toHaveLength(1);
    expect(framer.pendingBytes).toBe(9);
    framer.end();
    expect(frames).toHaveLength(1);
    expect(framer.counters).toMatchObject({ truncated: 1, bytesDiscarded: 9 });
    expect(framer.pendingBytes).toBe(0);
  });

  it('accounts for every byte across random garbage', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
    const parts: Uint8Array[] = [];
    for (let k = 0; k < 200; k++) {
      parts.push(encodeAds1292rFrame({ ecg: k, resp: -k, heartRate: 60, respRate: 12 }));
      if (k % 3 === 0) parts.push(Uint8Array.from({ length: rnd() % 40 }, () => (rnd() % 4 === 0 ? 0x0a : rnd())));
    }
    const input = concat(...parts);
    const { frames, framer } = frame([input]);
    const ecgs = frames.map((f) => (decodeAds1292rPayload(Uint8Array.from(f.payload)) as Ads1292rSample).ecg).filter((e) => e >= 0);
    expect(ecgs.filter((e, i) => e === i).length).toBe(200);
    expect(framer.counters.framesOk * 15 + framer.counters.bytesDiscarded + framer.pendingBytes).toBe(input.length);
  });

  it('carries other packet types and a zero-length payload', () => {
    const input = concat(encodeOpenViewFrame(0x01, new Uint8Array(0)), encodeOpenViewFrame(0x7f, Uint8Array.of(1, 2, 3)));
    expect(frame([input]).frames).toEqual([
      { type: 1, payload: [], offset: 0 },
      { type: 0x7f, payload: [1, 2, 3], offset: 7 },
    ]);
  });

  it('rejects a bad bound option', () => {
    expect(() => new OpenViewFramer(() => {}, { maxPayload: -1 })).toThrow(/maxPayload/);
  });
});

describe('ADS1292R payload', () => {
  it('flags the firmware lead-off pattern (all fields zero) in layouts that carry it', () => {
    for (const layout of ['len8', 'len9'] as const) {
      const f = encodeAds1292rFrame({ ecg: 0, resp: 0 }, layout);
      const d = decodeAds1292rPayload(f.subarray(5, f.length - 2)) as Ads1292rSample;
      expect(d).toMatchObject({ leadOff: true, heartRate: null, respRate: null, layout });
    }
    const f20 = encodeAds1292rFrame({ ecg: 0, resp: 0 }, 'len20');
    expect(decodeAds1292rPayload(f20.subarray(5, f20.length - 2))).toMatchObject({ leadOff: null, layout: 'len20' });
  });

  it('decodes the older layouts', () => {
    const s = { ecg: -5, resp: 9, heartRate: 75, respRate: 18 };
    for (const layout of ['len9', 'len20'] as const) {
      const f = encodeAds1292rFrame(s, layout);
      expect(decodeAds1292rPayload(f.subarray(5, f.length - 2))).toMatchObject({ ...s, leadOff: layout === 'len9' ? false : null });
    }
  });

  it('is a typed E_PARSE for a payload too short for ECG and RESP', () => {
    expect(decodeAds1292rPayload(Uint8Array.of(1, 2, 3))).toMatchObject({ code: 'E_PARSE', protocol: 'openview' });
    expect(decodeAds1292rPayload(Uint8Array.of(1, 0, 2, 0, 9, 9))).toMatchObject({ ecg: 1, resp: 2, heartRate: null, layout: 'unknown', leadOff: null });
  });

  it('refuses values that do not fit the wire', () => {
    expect(() => encodeAds1292rFrame({ ecg: 40000, resp: 0 })).toThrow(/ecg/);
    expect(() => encodeAds1292rFrame({ ecg: 0, resp: 0, heartRate: 300 }, 'len9')).toThrow(/byte/);
  });
});
