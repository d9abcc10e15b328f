import { createCounters, decodeAds1292rPayload, DeviceProtocolError, OPENVIEW_TYPE_DATA, OpenViewFramer, type DeviceCounters } from '@clinic-edge/devices';
import { SAMPLE_LEAD_OFF, SAMPLE_OK } from '../events.js';
import { EcgBlockBuilder } from './ecg-block-builder.js';
import { addCounters, type HandlerContext, type ProtocolHandler } from './handler.js';

/**
 * ProtoCentral ADS1292R board (OpenView frames): one frame per sample, ECG and respiration counts.
 * Lead-off is the firmware's all-zero frame (see ads1292r.ts), carried as SAMPLE_LEAD_OFF.
 * Frames of other types are the board's to send and ours to skip; they still show the board is alive.
 */
export class OpenViewHandler implements ProtocolHandler {
  private readonly framer: OpenViewFramer;
  private readonly blocks: EcgBlockBuilder;
  private readonly payloadErrors: DeviceCounters = createCounters();

  constructor(private readonly ctx: HandlerContext) {
    this.blocks = new EcgBlockBuilder(ctx, 1, true);
    this.framer = new OpenViewFramer((frame) => this.onFrame(frame.type, frame.payload, frame.offset), { onError: (e) => ctx.garbled(e) });
  }

  private onFrame(type: number, payload: Uint8Array, offset: number): void {
    this.ctx.alive();
    if (type !== OPENVIEW_TYPE_DATA) return;
    const s = decodeAds1292rPayload(payload);
    if (s instanceof DeviceProtocolError) {
      this.payloadErrors.framesBad++;
      this.ctx.garbled(new DeviceProtocolError(s.code, 'ADS1292R payload shorter than ECG + RESP', { protocol: 'openview', offset }));
      return;
    }
    this.blocks.add(s.ecg, s.leadOff ? SAMPLE_LEAD_OFF : SAMPLE_OK, s.resp);
  }

  counters(): DeviceCounters {
    const c = addCounters(createCounters(), this.framer.counters);
    c.framesOk -= this.payloadErrors.framesBad; // a well-framed but unreadable payload is not data
    return addCounters(c, this.payloadErrors);
  }

  push(chunk: Uint8Array): void {
    this.framer.push(chunk);
    this.blocks.flush();
  }

  endLink(): void {
    this.framer.end();
  }

  restart(): void {
    this.framer.end();
    this.blocks.markDiscontinuity();
  }
}
