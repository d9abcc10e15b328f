import type { DeviceStatus, EcgBlock, GarbledInput, VitalsReading } from '../serial/events.js';
import type { NewMessage } from '../store/types.js';
import { VITAL_CODES } from './codes.js';
import { EcgChannel } from './ecg-channel.js';
import { jsonMessage } from './messages.js';

export interface PipelineOptions {
  site: string;
  /** Heart-rate and rhythm summary period, s of the device's sample clock. Default 10. */
  summaryIntervalS?: number;
  /** Waveform frame length, s. Default 1. */
  frameSeconds?: number;
  /** Least time between two garbled-input reports of a device on its status stream, ms. Default 30,000. */
  garbledReportMs?: number;
  /** Devices whose patient has a ventricular pacemaker: their slow ventricular runs are info, not warnings. */
  pacedDevices?: ReadonlySet<string>;
  /** Local mains frequency notched in front of the beat analysis, Hz; 'auto' (default) notches 50 and 60. */
  mains?: 50 | 60 | 'auto';
  /** Every message goes here (the Enqueuer's push). */
  emit: (msg: NewMessage) => void;
  now?: () => number;
}

interface VitalsState {
  sensorOff: boolean | null;
  alarms: string;
}

/**
 * Device events in, messages out: ECG blocks go through a per-device EcgChannel (waveform, rhythm
 * analysis, summaries, alerts), vitals go out as they come with their codes, device alarms become
 * alerts when they change, and device state, sensor-off and garbled input go to the status stream.
 * No I/O: the daemon wires a DeviceSource to it and its output to the outbox.
 */
export class Pipeline {
  private readonly site: string;
  private readonly now: () => number;
  private readonly emit: (msg: NewMessage) => void;
  private readonly ecgChannels = new Map<string, EcgChannel>();
  private readonly vitalsState = new Map<string, VitalsState>();
  private readonly garbledAt = new Map<string, number>();

  constructor(private readonly o: PipelineOptions) {
    this.site = o.site;
    this.now = o.now ?? Date.now;
    this.emit = o.emit;
  }

  ecg(block: EcgBlock): void {
    let ch = this.ecgChannels.get(block.deviceId);
    if (!ch || ch.sampleRate !== block.sampleRate) {
      ch?.flush();
      ch = new EcgChannel({
        site: this.site,
        device: block.deviceId,
        sampleRate: block.sampleRate,
        leads: block.adc.length,
        gain: block.gain,
        baseline: block.baseline,
        frameSeconds: this.o.frameSeconds ?? 1,
        summaryIntervalS: this.o.summaryIntervalS ?? 10,
        pacedPatient: this.o.pacedDevices?.has(block.deviceId) ?? false,
        mains: this.o.mains,
        emit: this.emit,
        now: this.now,
      });
      this.ecgChannels.set(block.deviceId, ch);
    }
    ch.push(block);
  }

  vitals(r: VitalsReading): void {
    const state = this.vitalsState.get(r.deviceId) ?? { sensorOff: null, alarms: '' };
    this.vitalsState.set(r.deviceId, state);
    const t = { gateway: r.receivedAt, device: r.deviceTime };
    const alarms = [...r.alarms].sort().join(',');
    if (alarms !== state.alarms) {
      // A device alarm is a risk flag: it goes out at once, on the alerts stream, when it changes.
      const raised = r.alarms.filter((a) => !state.alarms.split(',').includes(a));
      const cleared = state.alarms === '' ? [] : state.alarms.split(',').filter((a) => !r.alarms.includes(a));
      state.alarms = alarms;
      this.emit(jsonMessage(this.site, r.deviceId, 'alerts', 'deviceAlarm', t, { active: r.alarms, raised, cleared, protocol: r.protocol }, this.now()));
    }
    if (state.sensorOff !== r.sensorOff) {
      state.sensorOff = r.sensorOff;
      this.emit(jsonMessage(this.site, r.deviceId, 'status', 'dataQuality', t, { sensorOff: r.sensorOff, quality: r.quality, source: 'device' }, this.now()));
    }
    if (r.vitals.length === 0) return;
    const observations = r.vitals.map((v) => {
      const c = VITAL_CODES[v.kind];
      return {
        kind: v.kind,
        value: v.value,
        unit: v.unit,
        loinc: c.loinc,
        mdc: c.mdc,
        mdcName: c.mdcName,
        ...(c.panel ? { panel: c.panel } : {}),
        ...(v.observedAt ? { observedAt: v.observedAt } : {}),
        sourceCode: v.code,
      };
    });
    this.emit(jsonMessage(this.site, r.deviceId, 'vitals', 'vitals', t, { protocol: r.protocol, quality: r.quality, observations, unmapped: r.unmapped }, this.now()));
  }

  status(s: DeviceStatus): void {
    const body: Record<string, unknown> = { state: s.state, reason: s.reason };
    if (s.attempt !== undefined) body.attempt = s.attempt;
    if (s.delayMs !== undefined) body.delayMs = s.delayMs;
    this.emit(jsonMessage(this.site, s.deviceId, 'status', 'device', { gateway: s.at, device: null }, body, this.now()));
  }

  garbled(g: GarbledInput): void {
    const now = this.now();
    const last = this.garbledAt.get(g.deviceId);
    if (last !== undefined && now - last < (this.o.garbledReportMs ?? 30_000)) return;
    this.garbledAt.set(g.deviceId, now);
    this.emit(jsonMessage(this.site, g.deviceId, 'status', 'garbled', { gateway: now, device: null }, { code: g.code, counters: { ...g.counters } }, now));
  }

  /** Shutdown: partial waveform frames go out, so every sample read is stored. */
  flush(): void {
    for (const ch of this.ecgChannels.values()) ch.flush();
  }
}
