/**
 * What a UART set to `receiverBaud` reads from a device that sends 8N1 at `senderBaud` — the "wrong baud
 * rate" fault. A pseudo-terminal has no baud rate (bytes pass whole whatever the setting), so the
 * simulator does the line's physics itself: the sender's bytes become a bit stream (start bit 0, eight
 * data bits LSB first, stop bit 1, the line idle at 1 between bursts), and a receiver clocked at the
 * other rate samples it as a real UART does: it waits for a falling edge, samples the middle of the start
 * bit, then the middle of each of its own bit times. A byte whose stop bit reads 0 is a framing error,
 * which Linux delivers as a 0x00 byte (termios without IGNPAR or PARMRK). So a receiver that is too fast
 * sees more bytes than were sent, full of 0x00 and repeated bits; a receiver that is too slow sees fewer
 * bytes with bits missing. Parity is not simulated (both sides 8N1).
 */
export interface UartResult {
  bytes: Uint8Array;
  framingErrors: number;
}

const BITS_PER_FRAME = 10; // start + 8 data + stop

/** One burst of bytes, sent back to back after an idle line; returns what the receiver reads. */
export function misreadUart(sent: Uint8Array, senderBaud: number, receiverBaud: number): UartResult {
  if (!(senderBaud > 0) || !(receiverBaud > 0)) throw new RangeError('baud rates must be > 0');
  if (sent.length === 0) return { bytes: new Uint8Array(0), framingErrors: 0 };
  const totalBits = sent.length * BITS_PER_FRAME;
  // Line level at time t (in sender bit times): idle 1 before 0 and after the last stop bit.
  const level = (senderBits: number): number => {
    if (senderBits < 0 || senderBits >= totalBits) return 1;
    const k = Math.floor(senderBits);
    const byte = sent[Math.floor(k / BITS_PER_FRAME)];
    const bit = k % BITS_PER_FRAME;
    if (bit === 0) return 0;
    if (bit === 9) return 1;
    return (byte >> (bit - 1)) & 1;
  };
  const ratio = senderBaud / receiverBaud; // sender bit times per receiver bit time
  const out: number[] = [];
  let framingErrors = 0;
  // The receiver looks for a falling edge by sampling 16 times per bit, as UARTs do.
  const step = ratio / 16;
  let t = 0;
  const end = totalBits + 2 * BITS_PER_FRAME * ratio;
  while (t < end) {
    if (level(t) === 1 || level(t - step) === 0) {
      t += step;
      continue;
    }
    const start = t; // falling edge
    if (level(start + ratio / 2) !== 0) {
      t += step; // a glitch, not a start bit
      continue;
    }
    let byte = 0;
    for (let i = 0; i < 8; i++) byte |= level(start + ratio * (1.5 + i)) << i;
    const stop = level(start + ratio * 9.5);
    if (stop === 0) framingErrors++;
    out.push(stop === 0 ? 0 : byte);
    t = start + ratio * 9.5 + step; // hunt for the next start after the stop sample
  }
  return { bytes: Uint8Array.from(out), framingErrors };
}
