/** The validated configuration, defaults applied (see config/gateway.schema.json and config/defaults.md). */
export type ConfigProtocol = 'masimo' | 'openview' | 'hl7-mllp' | 'ad8232';

export interface DeviceSettings {
  id: string;
  protocol: ConfigProtocol;
  port?: string;
  listenPort?: number;
  baud?: number; // bit/s
  sampleRate?: number; // Hz
  gain?: number; // adu per mV
  baseline?: number; // adu
  adcMax?: number;
  silenceMs?: number;
  /** The patient on this ECG device has a ventricular pacemaker (dsp episodes/config.ts pacedPatient). */
  pacedPatient?: boolean;
}

export interface HubSettings {
  url: string;
  tls?: { caFile: string; certFile?: string; keyFile?: string; servername?: string };
  username?: string;
  passwordFile?: string;
  passwordEnv?: string;
  allowInsecure: boolean;
  rate: { messagesPerSecond?: number; bytesPerSecond?: number; burstSeconds: number };
  /** publish/drop-guard.ts DropGuardOptions; what is left out takes the guard's own default. */
  dropGuard?: { isolateAfterDrops?: number; deadAfterQuickDrops?: number; quickDropMs?: number; calmMs?: number };
}

export interface GatewayConfig {
  version: 1;
  siteId: string;
  devices: DeviceSettings[];
  hub: HubSettings;
  store: { path: string; maxBytes: number; maxAgeMs: number };
  pipeline: { summaryIntervalS: number; frameSeconds: number; mains: 50 | 60 | 'auto' };
  logging: { level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' };
}
