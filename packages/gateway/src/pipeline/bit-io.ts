/**
 * Bit-level writer and reader for the waveform codec. MSB first within a byte. The writer owns one
 * growable buffer that is reused frame after frame, so steady-state encoding allocates nothing but
 * the copy handed out as the message payload.
 */
const SCRATCH = new DataView(new ArrayBuffer(4));

export class BitWriter {
  private buf: Uint8Array;
  private byte = 0; // index of the byte being filled
  private acc = 0; // bits not yet written to buf (at most 31)
  private nacc = 0;

  constructor(initialBytes = 4096) {
    this.buf = new Uint8Array(initialBytes);
  }

  reset(): void {
    this.byte = 0;
    this.acc = 0;
    this.nacc = 0;
  }

  /** Bytes written so far (the partial byte counts once `alignToByte` ran). */
  get length(): number {
    return this.byte;
  }

  /** Appends the low `n` bits of `value` (0 <= n <= 24). */
  bits(value: number, n: number): void {
    if (n === 0) return;
    this.acc = (this.acc << n) | (value & ((1 << n) - 1));
    this.nacc += n;
    while (this.nacc >= 8) {
      this.nacc -= 8;
      this.put((this.acc >>> this.nacc) & 0xff);
    }
    this.acc &= (1 << this.nacc) - 1;
  }

  /** `count` one bits then a zero (the unary part of a Rice code). */
  unary(count: number): void {
    while (count >= 16) {
      this.bits(0xffff, 16);
      count -= 16;
    }
    this.bits(((1 << count) - 1) << 1, count + 1);
  }

  /** Pads the partial byte with zeros. */
  alignToByte(): void {
    if (this.nacc > 0) this.bits(0, 8 - this.nacc);
  }

  byteValue(v: number): void {
    this.alignToByte();
    this.put(v & 0xff);
  }

  /** Unsigned LEB128 of a non-negative safe integer. */
  varint(v: number): void {
    this.alignToByte();
    while (v >= 0x80) {
      this.put((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.put(v);
  }

  float32(v: number): void {
    this.alignToByte();
    SCRATCH.setFloat32(0, v, true);
    for (let i = 0; i < 4; i++) this.put(SCRATCH.getUint8(i));
  }

  /** A copy of what was written (the payload outlives this writer's buffer). */
  toBytes(): Uint8Array {
    this.alignToByte();
    return this.buf.slice(0, this.byte);
  }

  private put(b: number): void {
    if (this.byte === this.buf.length) {
      const bigger = new Uint8Array(this.buf.length * 2);
      bigger.set(this.buf);
      this.buf = bigger;
    }
    this.buf[this.byte++] = b;
  }
}

export class BitReader {
  private pos = 0; // byte
  private bit = 0; // bits consumed of buf[pos]

  constructor(private readonly buf: Uint8Array) {}

  get offset(): number {
    return this.pos;
  }

  bits(n: number): number {
    let v = 0;
    for (let i = 0; i < n; i++) {
      if (this.pos >= this.buf.length) throw new RangeError('waveform frame truncated');
      v = (v << 1) | ((this.buf[this.pos] >>> (7 - this.bit)) & 1);
      if (++this.bit === 8) {
        this.bit = 0;
        this.pos++;
      }
    }
    return v >>> 0;
  }

  /** Counts one bits up to the terminating zero. */
  unary(limit: number): number {
    let n = 0;
    while (this.bits(1) === 1) {
      if (++n > limit) throw new RangeError('waveform frame corrupt: unary run too long');
    }
    return n;
  }

  alignToByte(): void {
    if (this.bit > 0) {
      this.bit = 0;
      this.pos++;
    }
  }

  byteValue(): number {
    this.alignToByte();
    if (this.pos >= this.buf.length) throw new RangeError('waveform frame truncated');
    return this.buf[this.pos++];
  }

  varint(): number {
    this.alignToByte();
    let v = 0;
    let scale = 1;
    for (let i = 0; i < 8; i++) {
      const b = this.byteValue();
      v += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return v;
      scale *= 0x80;
    }
    throw new RangeError('waveform frame corrupt: varint too long');
  }

  float32(): number {
    this.alignToByte();
    if (this.pos + 4 > this.buf.length) throw new RangeError('waveform frame truncated');
    const v = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 4).getFloat32(0, true);
    this.pos += 4;
    return v;
  }
}

/** Signed -> unsigned so small magnitudes of either sign get short codes: 0,-1,1,-2 -> 0,1,2,3. */
export function zigzag(v: number): number {
  return v >= 0 ? v * 2 : -v * 2 - 1;
}

export function unzigzag(u: number): number {
  return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
}
