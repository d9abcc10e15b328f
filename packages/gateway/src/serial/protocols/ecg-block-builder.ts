import { SAMPLE_LEAD_OFF, SAMPLE_OK, type EcgBlock } from '../events.js';
import type { HandlerContext } from './handler.js';

/**
 * Collects ECG samples decoded from one read into preallocated arrays and hands them out as one
 * EcgBlock per read (or per `capacity` samples), so nothing is allocated per sample.
 */
export class EcgBlockBuilder {
  private readonly adc: Int32Array[];
  private readonly resp: Int32Array | null;
  private readonly quality: Uint8Array;
  private length = 0;
  private nextSample = 0; // device sample clock
  private discontinuity = true;

  constructor(
    private readonly ctx: HandlerContext,
    leads: number,
    withResp: boolean,
    private readonly capacity = 4096,
  ) {
    this.adc = Array.from({ length: leads }, () => new Int32Array(capacity));
    this.resp = withResp ? new Int32Array(capacity) : null;
    this.quality = new Uint8Array(capacity);
  }

  /** One sample of lead 0 (single-lead devices), with its quality and respiration count. */
  add(adc0: number, quality: number, resp = 0): void {
    if (this.length === this.capacity) this.flush();
    const i = this.length++;
    this.adc[0][i] = adc0;
    this.quality[i] = quality;
    if (this.resp) this.resp[i] = resp;
  }

  /** Samples were lost (port reopened): the next block says so. */
  markDiscontinuity(): void {
    this.discontinuity = true;
  }

  flush(): void {
    const n = this.length;
    if (n === 0) return;
    const { gain, baseline, sampleRate, id } = this.ctx.config;
    const quality = this.quality.slice(0, n);
    const adc = this.adc.map((a) => a.slice(0, n));
    const mV = adc.map((a) => {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = quality[i] === SAMPLE_OK ? (a[i] - baseline) / gain : NaN;
      return out;
    });
    let leadOff = false;
    for (let i = 0; i < n && !leadOff; i++) leadOff = quality[i] === SAMPLE_LEAD_OFF;
    const block: EcgBlock = {
      deviceId: id,
      sampleRate,
      firstSample: this.nextSample,
      length: n,
      mV,
      adc,
      gain,
      baseline,
      quality,
      leadOff,
      resp: this.resp ? this.resp.slice(0, n) : null,
      discontinuity: this.discontinuity,
      receivedAt: this.ctx.clock.now(),
    };
    this.nextSample += n;
    this.length = 0;
    this.discontinuity = false;
    this.ctx.ecg(block);
  }
}
