import { steadyBeatTimes, synthesizeEcg } from '@clinic-edge/dsp';
import { describe, expect, it } from 'vitest';
import { decodeWaveform, WaveformCodecError, WaveformEncoder, type WaveformFrame } from './waveform-codec.js';

const FS = 360;

/** A synthetic ECG in adu (200 adu/mV, baseline 1024) with a little deterministic noise. */
function ecgAdu(seconds: number, seed = 7): Int32Array {
  const { signal } = synthesizeEcg({ sampleRate: FS, beatTimes: steadyBeatTimes(72, seconds, 0.05, seed), duration: seconds });
  let state = seed;
  const out = new Int32Array(signal.length);
  for (let i = 0; i < out.length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    out[i] = Math.round(1024 + 200 * signal[i] + ((state >>> 16) % 5) - 2);
  }
  return out;
}

function frame(leads: Int32Array[], extra: Partial<WaveformFrame> = {}): WaveformFrame {
  return { sampleRate: FS, firstSample: 0, gain: 200, baseline: 1024, leads, leadOff: [], ...extra };
}

describe('waveform codec', () => {
  it('round-trips two leads exactly, with every header field', () => {
    const a = ecgAdu(1);
    const b = ecgAdu(1, 99).map((v) => 2048 - v);
    const enc = new WaveformEncoder();
    const body = enc.encode(frame([a, b], { firstSample: 123_456_789_012, sampleRate: 256.5, gain: 400, baseline: -7 }));
    const back = decodeWaveform(body);
    expect(back.leads).toEqual([a, b]);
    expect(back).toMatchObject({ firstSample: 123_456_789_012, sampleRate: 256.5, gain: 400, baseline: -7, leadOff: [] });
  });

  it('is compact on an ECG: well under 6 bits per sample, headers included', () => {
    const x = ecgAdu(1);
    const body = new WaveformEncoder().encode(frame([x]));
    expect((body.byteLength * 8) / x.length).toBeLessThan(6);
  });

  it('keeps spikes, full-scale steps and constant runs exactly (escape codes)', () => {
    const x = ecgAdu(1);
    x[100] = 1_000_000;
    x[101] = -1_000_000;
    x.fill(-524_287, 200, 260);
    x.fill(0, 300, 360);
    const body = new WaveformEncoder().encode(frame([x]));
    expect(decodeWaveform(body).leads[0]).toEqual(x);
  });

  it('carries lead-off runs and tiny frames (shorter than the predictor warm-up)', () => {
    const enc = new WaveformEncoder();
    for (const n of [1, 2, 3, 4, 33]) {
      const x = ecgAdu(1).subarray(0, n);
      const leadOff = n > 2 ? [{ start: 0, length: 1 }, { start: 2, length: n - 2 }] : [];
      const back = decodeWaveform(enc.encode(frame([x], { leadOff })));
      expect(back.leads[0]).toEqual(x);
      expect(back.leadOff).toEqual(leadOff);
    }
  });

  it('gives the same bytes however often the encoder was used before (no state between frames)', () => {
    const x = ecgAdu(2);
    const enc = new WaveformEncoder();
    const first = enc.encode(frame([x.subarray(0, 360)]));
    enc.encode(frame([x.subarray(360)], { firstSample: 360 }));
    expect(enc.encode(frame([x.subarray(0, 360)]))).toEqual(first);
    expect(new WaveformEncoder().encode(frame([x.subarray(0, 360)]))).toEqual(first);
  });

  it('refuses bad frames and corrupt bodies with a typed error', () => {
    const enc = new WaveformEncoder();
    const x = ecgAdu(1);
    expect(() => enc.encode(frame([x, x.subarray(1)]))).toThrow(WaveformCodecError);
    expect(() => enc.encode(frame([Int32Array.of(1 << 21)]))).toThrow(/out of range/);
    expect(() => enc.encode(frame([x], { leadOff: [{ start: 350, length: 20 }] }))).toThrow(/leadOff/);
    const body = enc.encode(frame([x]));
    expect(() => decodeWaveform(body.subarray(0, body.length - 10))).toThrow(WaveformCodecError);
    const wrongVersion = body.slice();
    wrongVersion[0] = 9;
    expect(() => decodeWaveform(wrongVersion)).toThrow(/version 9/);
  });
});
