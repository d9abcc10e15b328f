import { Ad8232Decoder, createCounters, type DeviceCounters } from '@clinic-edge/devices';
import { SAMPLE_LEAD_OFF, SAMPLE_MISSING, SAMPLE_OK } from '../events.js';
import { EcgBlockBuilder } from './ecg-block-builder.js';
import { addCounters, type HandlerContext, type ProtocolHandler } from './handler.js';

/**
 * AD8232 boards printing one ADC value per line, `!` for lead-off. A garbled line still took a
 * sampling instant on the board, so it becomes a SAMPLE_MISSING slot and later samples keep their time.
 */
export class Ad8232Handler implements ProtocolHandler {
  private readonly decoder: Ad8232Decoder;
  private readonly blocks: EcgBlockBuilder;
  /** After (re)opening, the first bytes may be the tail of a line ("12" of "512"): skip to the first LF. */
  private midLine = true;
  private skipped = 0; // bytes

  constructor(ctx: HandlerContext) {
    this.blocks = new EcgBlockBuilder(ctx, 1, false);
    const { sampleRate, adcMax } = ctx.config;
    this.decoder = new Ad8232Decoder(
      { sampleRate, adcMax },
      {
        onSample: (value) => {
          ctx.alive();
          this.blocks.add(value, SAMPLE_OK);
        },
        onLeadOff: () => {
          ctx.alive();
          this.blocks.add(0, SAMPLE_LEAD_OFF);
        },
        onError: (error) => {
          this.blocks.add(0, SAMPLE_MISSING);
          ctx.garbled(error);
        },
      },
    );
  }

  counters(): DeviceCounters {
    const c = addCounters(createCounters(), this.decoder.counters);
    c.bytesDiscarded += this.skipped;
    return c;
  }

  push(chunk: Uint8Array): void {
    if (this.midLine) {
      const lf = chunk.indexOf(0x0a);
      this.skipped += lf < 0 ? chunk.length : lf + 1;
      if (lf < 0) return;
      this.midLine = false;
      chunk = chunk.subarray(lf + 1);
    }
    this.decoder.push(chunk);
    this.blocks.flush();
  }

  endLink(): void {
    this.decoder.end();
  }

  restart(): void {
    this.decoder.end();
    this.midLine = true;
    this.blocks.markDiscontinuity();
  }
}
