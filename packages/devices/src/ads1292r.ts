/**
 * ADS1292R breakout payloads inside OpenView data packets (type 0x02); see openview.ts for the frame
 * and the sources. Three firmware generations put different things after ECG and respiration, told
 * apart by the payload length:
 *
 *   len 8  (02.OpenView, current):   ECG i16 | RESP i16 | HR i16 | RR i16
 *   len 9  (02-ecg-plot-openview):   ECG i16 | RESP i16 | RR u8 | 0 | HR u8 | 0 | 0
 *   len 20 (2017 Example-1):         ECG i16 | RESP i16 | ... | RR u8 @14 | HR u8 @16 | ...
 *
 * ECG and RESP are raw signed counts (the 24-bit ADC value shifted to 16 bits by the firmware, and
 * filtered by it in some versions); HR in beats/min and RR in breaths/min come from the board's own
 * algorithm and are 0 until it has locked on, which we report as null.
 * Any other length >= 4 yields ECG and RESP only; shorter payloads are E_PARSE.
 */
import { DeviceProtocolError } from './errors.js';
import { encodeOpenViewFrame, OPENVIEW_TYPE_DATA } from './openview.js';

export type Ads1292rLayout = 'len8' | 'len9' | 'len20' | 'unknown';

export interface Ads1292rSample {
  ecg: number; // raw ADC counts, int16
  resp: number; // raw ADC counts, int16
  heartRate: number | null; // beats/min from the board, null when not reported or not yet locked
  respRate: number | null; // breaths/min from the board, null when not reported or not yet locked
  /** True when the firmware's lead-off pattern (every field zero) is seen; null if the layout cannot say. */
  leadOff: boolean | null;
  layout: Ads1292rLayout;
}

const i16 = (p: Uint8Array, at: number): number => ((p[at] | (p[at + 1] << 8)) << 16) >> 16;
const rate = (v: number): number | null => (v > 0 ? v : null);

export function decodeAds1292rPayload(payload: Uint8Array): Ads1292rSample | DeviceProtocolError {
  if (payload.length < 4) {
    return new DeviceProtocolError('E_PARSE', `ADS1292R payload of ${payload.length} bytes is shorter than ECG + RESP`, { protocol: 'openview' });
  }
  const ecg = i16(payload, 0);
  const resp = i16(payload, 2);
  let hr = 0;
  let rr = 0;
  let layout: Ads1292rLayout = 'unknown';
  if (payload.length === 8) {
    layout = 'len8';
    hr = i16(payload, 4);
    rr = i16(payload, 6);
  } else if (payload.length === 9) {
    layout = 'len9';
    rr = payload[4];
    hr = payload[6];
  } else if (payload.length === 20) {
    layout = 'len20';
    rr = payload[14];
    hr = payload[16];
  }
  const reportsRates = layout === 'len8' || layout === 'len9';
  const allZero = ecg === 0 && resp === 0 && hr === 0 && rr === 0;
  return {
    ecg,
    resp,
    heartRate: layout === 'unknown' ? null : rate(hr),
    respRate: layout === 'unknown' ? null : rate(rr),
    leadOff: reportsRates ? allZero : null,
    layout,
  };
}

export interface Ads1292rEncodeInput {
  ecg: number;
  resp: number;
  heartRate?: number | null;
  respRate?: number | null;
}

/** Encodes one sample as a whole OpenView frame in the given layout (default: the current len 8). */
export function encodeAds1292rFrame(sample: Ads1292rEncodeInput, layout: Exclude<Ads1292rLayout, 'unknown'> = 'len8'): Uint8Array {
  const hr = sample.heartRate ?? 0;
  const rr = sample.respRate ?? 0;
  for (const [name, v] of [['ecg', sample.ecg], ['resp', sample.resp], ['heartRate', hr], ['respRate', rr]] as const) {
    if (!Number.isInteger(v) || v < -32768 || v > 32767) throw new TypeError(`encodeAds1292rFrame: ${name} must be an int16`);
  }
  const size = layout === 'len8' ? 8 : layout === 'len9' ? 9 : 20;
  const p = new Uint8Array(size);
  const put16 = (at: number, v: number): void => {
    p[at] = v & 0xff;
    p[at + 1] = (v >> 8) & 0xff;
  };
  put16(0, sample.ecg);
  put16(2, sample.resp);
  if (layout === 'len8') {
    put16(4, hr);
    put16(6, rr);
  } else {
    if (hr < 0 || hr > 255 || rr < 0 || rr > 255) throw new TypeError(`encodeAds1292rFrame: rates must fit a byte in layout ${layout}`);
    p[layout === 'len9' ? 4 : 14] = rr;
    p[layout === 'len9' ? 6 : 16] = hr;
  }
  return encodeOpenViewFrame(OPENVIEW_TYPE_DATA, p);
}
