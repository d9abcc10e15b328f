import type { LeadOffRun, WaveformFrame } from './waveform-codec.js';

const SAMPLE_OK = 0;

/**
 * Cuts a device's ADC stream into frames of a fixed number of samples, counted on the device's
 * sample clock from the channel start, so the frames (and their bytes) are the same however the
 * port delivered the bytes. Lead-off and missing samples become lead-off runs of the frame. The
 * buffers are preallocated; `onFrame` gets views valid only during the call.
 */
export class WaveformFramer {
  private readonly leads: Int32Array[];
  private readonly quality: Uint8Array;
  private readonly runs: LeadOffRun[] = [];
  private fill = 0;
  private first = 0; // device sample index of the frame's first sample
  private firstTime = 0; // gateway ms of that sample

  constructor(
    readonly sampleRate: number, // Hz
    readonly leadCount: number,
    readonly frameSamples: number,
    private readonly gain: number, // adu per mV
    private readonly baseline: number, // adu
    private readonly onFrame: (frame: WaveformFrame, gatewayTime: number) => void,
  ) {
    this.leads = Array.from({ length: leadCount }, () => new Int32Array(frameSamples));
    this.quality = new Uint8Array(frameSamples);
  }

  /** Samples [from, from + length) of `adc`; sample i was at gateway time `timeOf(i)` (ms). */
  push(adc: readonly Int32Array[], quality: Uint8Array, firstSample: number, length: number, timeOf: (sample: number) => number): void {
    let i = 0;
    while (i < length) {
      if (this.fill === 0) {
        this.first = firstSample + i;
        this.firstTime = timeOf(this.first);
      }
      const n = Math.min(length - i, this.frameSamples - this.fill);
      for (let l = 0; l < this.leadCount; l++) this.leads[l].set(adc[l].subarray(i, i + n), this.fill);
      this.quality.set(quality.subarray(i, i + n), this.fill);
      this.fill += n;
      i += n;
      if (this.fill === this.frameSamples) this.emit();
    }
  }

  /** Sends the partial frame (shutdown, or before a gap in the sample clock). */
  flush(): void {
    if (this.fill > 0) this.emit();
  }

  private emit(): void {
    const n = this.fill;
    this.runs.length = 0;
    let start = -1;
    for (let i = 0; i < n; i++) {
      const off = this.quality[i] !== SAMPLE_OK;
      if (off && start < 0) start = i;
      if (!off && start >= 0) {
        this.runs.push({ start, length: i - start });
        start = -1;
      }
    }
    if (start >= 0) this.runs.push({ start, length: n - start });
    const leads = n === this.frameSamples ? this.leads : this.leads.map((x) => x.subarray(0, n));
    this.fill = 0;
    this.onFrame({ sampleRate: this.sampleRate, firstSample: this.first, gain: this.gain, baseline: this.baseline, leads, leadOff: this.runs }, this.firstTime);
  }
}
