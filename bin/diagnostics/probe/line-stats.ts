/** What a capture looks like, when no protocol reads it: enough to guess baud or parity trouble. */
export interface LineStats {
  bytes: number;
  bytesPerSecond: number;
  printable: number; // fraction of bytes that are printable ASCII or CR/LF/TAB
  zeros: number; // fraction of 0x00 (framing errors read as NUL on Linux)
  highBit: number; // fraction with bit 7 set
  /** Fraction of bytes that are printable once bit 7 is cleared: 7-bit data with a parity bit. */
  printable7: number;
}

const isText = (b: number): boolean => (b >= 0x20 && b < 0x7f) || b === 0x0a || b === 0x0d || b === 0x09;

export function lineStats(bytes: Uint8Array, seconds: number): LineStats {
  let printable = 0;
  let zeros = 0;
  let high = 0;
  let printable7 = 0;
  for (const b of bytes) {
    if (isText(b)) printable++;
    if (b === 0) zeros++;
    if (b & 0x80) high++;
    if (isText(b & 0x7f)) printable7++;
  }
  const n = Math.max(1, bytes.length);
  return { bytes: bytes.length, bytesPerSecond: bytes.length / Math.max(seconds, 0.001), printable: printable / n, zeros: zeros / n, highBit: high / n, printable7: printable7 / n };
}

/** A plain-words guess at what is wrong with a line no protocol reads. */
export function diagnose(s: LineStats, parityMatch: string | null): string {
  if (s.bytes === 0) return 'nothing arrives: the device is off, its serial output is switched off in its menu, or the cable is wrong (for a DB9 cable try a null-modem adapter: TX and RX may need crossing).';
  if (parityMatch) return `the device sends 7 data bits with a parity bit (7E1 or 7O1), read here as 8N1: ${parityMatch}. Set the device to 8N1 (8 data bits, no parity, 1 stop bit) in its serial-output menu.`;
  if (s.zeros > 0.2 || (s.highBit > 0.3 && s.printable < 0.6)) return 'bytes arrive but look like a wrong baud rate (many 0x00 framing errors or random high bytes): set the device and the gateway to the same rate; the device manual gives it.';
  if (s.printable > 0.9) return 'readable text arrives, but in no format the gateway knows: check the device\'s output mode (Masimo: ASCII mode 1) or that this is the device you think.';
  return 'binary data arrives that no known protocol reads: a different device, a different output mode, or a baud or parity mismatch.';
}
