import { describe, expect, it } from 'vitest';
import type { DeviceProtocolError } from './errors.js';
import { encodeMllp, MllpFramer } from './mllp.js';
import { utf8Decode } from './text.js';

function frame(chunks: Uint8Array[], maxMessageBytes?: number) {
  const messages: { text: string; offset: number }[] = [];
  const errors: DeviceProtocolError[] = [];
  const framer = new MllpFramer((m, offset) => messages.push({ text: utf8Decode(m), offset }), { maxMessageBytes, onError: (e) => errors.push(e) });
  for (const c of chunks) framer.push(c);
  return { messages, errors, framer };
}

const concat = (...parts: (Uint8Array | number[])[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => Array.from(p)));
const M1 = 'MSH|^~\\&|MON|ICU|||20240101120000||ORU^R01|1|P|2.6\rOBX|1|NM|147842^MDC_ECG_HEART_RATE^MDC||72|264864^MDC_DIM_BEAT_PER_MIN^MDC\r';
const M2 = 'MSH|^~\\&|MON|ICU|||20240101120001||ORU^R01|2|P|2.6\rPID|||Ünïcødé\r';
const M3 = 'MSH|^~\\&|MON|ICU|||20240101120002||ORU^R01|3|P|2.6\r';
const stream = concat(encodeMllp(M1), encodeMllp(M2), encodeMllp(M3));

describe('MllpFramer', () => {
  it('round-trips encodeMllp, including UTF-8 text', () => {
    const { messages, framer } = frame([stream]);
    expect(messages.map((m) => m.text)).toEqual([M1, M2, M3]);
    expect(framer.counters).toMatchObject({ framesOk: 3, bytesDiscarded: 0, resyncs: 0 });
  });

  it('gives the same messages whatever byte offset the input is split at', () => {
    const whole = frame([stream]).messages;
    for (let cut = 0; cut <= stream.length; cut++) {
      expect(frame([stream.subarray(0, cut), stream.subarray(cut)]).messages, `cut ${cut}`).toEqual(whole);
    }
  });

  it('resyncs after garbage, a truncated block and a bad end, losing none of the good messages', () => {
    const a = encodeMllp(M1);
    const b = encodeMllp(M2);
    const c = encodeMllp(M3);
    const input = concat(
      [0x41, 0x42, 0x1c, 0x0d], a, // garbage before, including a stray end marker
      [0x0b, 0x50, 0x51], b, // a block cut short by the next start
      [0x0b, 0x52, 0x1c, 0x58], [0x0a, 0x0a], c, // FS not followed by CR, then noise
    );
    for (let cut = 0; cut <= input.length; cut++) {
      const { messages, framer } = frame([input.subarray(0, cut), input.subarray(cut)]);
      expect(messages.map((m) => m.text), `cut ${cut}`).toEqual([M1, M2, M3]);
      expect(framer.counters).toMatchObject({ framesOk: 3, truncated: 1, framesBad: 1 });
      expect(framer.counters.bytesDiscarded).toBe(4 + 3 + 4 + 2);
    }
    const { errors } = frame([input]);
    expect(errors.map((e) => e.code)).toEqual(['E_FRAME', 'E_FRAME']);
  });

  it('drops a message over the size bound and takes the next one', () => {
    const big = encodeMllp('MSH|' + 'x'.repeat(100));
    const { messages, framer, errors } = frame([concat(big, encodeMllp(M3))], 64);
    expect(messages.map((m) => m.text)).toEqual([M3]);
    expect(framer.counters.tooLong).toBe(1);
    expect(errors[0]).toMatchObject({ code: 'E_TOO_LONG', protocol: 'mllp', offset: 0 });
    expect(framer.counters.bytesDiscarded).toBe(big.length);
  });

  it('grows its buffer for messages bigger than the first allocation', () => {
    const long = 'MSH|^~\\&|' + 'y'.repeat(20000) + '\r';
    expect(frame([encodeMllp(long)]).messages[0].text).toBe(long);
  });

  it('holds a truncated last message back and counts it at end()', () => {
    const input = concat(encodeMllp(M1), encodeMllp(M2).subarray(0, 30));
    const { messages, framer } = frame([input]);
    expect(messages).toHaveLength(1);
    expect(framer.pendingBytes).toBe(30);
    framer.end();
    expect(messages).toHaveLength(1);
    expect(framer.counters).toMatchObject({ truncated: 1, bytesDiscarded: 30 });
  });

  it('refuses to frame a message containing framing bytes', () => {
    expect(() => encodeMllp('MSH\x1c')).toThrow(TypeError);
  });
});
