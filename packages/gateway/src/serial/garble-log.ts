import type { DeviceProtocolError } from '@clinic-edge/devices';
import type { DeviceClock, DeviceLogger } from './runtime.js';

/**
 * Logs garbled input at most once per interval per device, with how many were folded into the line:
 * a wrong baud rate produces thousands of bad frames a second, and the log must stay readable. The
 * line holds the error's code, field and offset (DeviceProtocolError never carries received bytes).
 */
export class GarbleLog {
  private lastAt = -Infinity;
  private suppressed = 0;

  constructor(
    private readonly deviceId: string,
    private readonly intervalMs: number,
    private readonly clock: DeviceClock,
    private readonly logger: DeviceLogger,
  ) {}

  report(error: DeviceProtocolError, totalBad: number, bytesDiscarded: number): void {
    const now = this.clock.now();
    if (now - this.lastAt < this.intervalMs) {
      this.suppressed++;
      return;
    }
    this.logger.warn(
      { device: this.deviceId, protocol: error.protocol, code: error.code, field: error.field, offset: error.offset, suppressed: this.suppressed, totalBad, bytesDiscarded },
      'garbled input from device (dropped; reading goes on)',
    );
    this.lastAt = now;
    this.suppressed = 0;
  }
}
