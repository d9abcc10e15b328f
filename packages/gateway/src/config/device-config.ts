import type { DeviceConfig } from '../serial/device-config.js';
import type { DeviceSettings } from './types.js';

/** The serial layer's device config from ours (its names: protocol 'hl7', mllp:// listen URL, baudRate). */
export function toDeviceConfig(d: DeviceSettings): DeviceConfig {
  const port = d.port ?? `mllp://0.0.0.0:${d.listenPort}`;
  return {
    id: d.id,
    protocol: d.protocol === 'hl7-mllp' ? 'hl7' : d.protocol,
    port,
    ...(d.baud !== undefined ? { baudRate: d.baud } : {}),
    ...(d.sampleRate !== undefined ? { sampleRate: d.sampleRate } : {}),
    ...(d.gain !== undefined ? { gain: d.gain } : {}),
    ...(d.baseline !== undefined ? { baseline: d.baseline } : {}),
    ...(d.adcMax !== undefined ? { adcMax: d.adcMax } : {}),
    ...(d.silenceMs !== undefined ? { silenceMs: d.silenceMs } : {}),
  };
}
