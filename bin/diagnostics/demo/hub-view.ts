import { connectAsync, type MqttClient } from 'mqtt';

/** What the hub view learned from one message. */
interface Arrival {
  stream: string;
  seq: number;
  gatewayTime: number; // ms since the epoch, when the gateway made it
  arrivedAt: number;
}

interface Latest {
  ecgHr?: number;
  spo2?: number;
  pulse?: number;
  nibp?: string;
  monitorHr?: number;
  temp?: number;
}

/** Reads the waveform envelope: u8 version, LEB128 seq, LEB128 gateway ms (config/schemas/messages.md). */
function waveformHead(b: Buffer): { seq: number; time: number } {
  let at = 1;
  const varint = (): number => {
    let v = 0;
    let scale = 1;
    for (;;) {
      const x = b[at++];
      v += (x & 0x7f) * scale;
      if (x < 0x80) return v;
      scale *= 128;
    }
  };
  return { seq: varint(), time: varint() };
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * The county hub's side of the demo: subscribes to everything the site publishes (QoS 1, persistent
 * session), prints alerts as they come and a line of the latest vitals every few seconds, and keeps
 * every sequence number per stream so the end can prove nothing was lost.
 */
export class HubView {
  private client: MqttClient | null = null;
  readonly seqs = new Map<string, Set<number>>(); // "<device>/<stream>" -> seqs
  readonly arrivals: Arrival[] = [];
  readonly latest: Latest = {};
  alerts = 0;
  duplicates = 0;
  total = 0;

  constructor(
    private readonly url: string,
    private readonly site: string,
    private readonly print: (line: string) => void,
  ) {}

  async start(): Promise<void> {
    this.client = await connectAsync(this.url, { clientId: `clinic-edge-demo-hub-${process.pid}`, clean: false, protocolVersion: 4, reconnectPeriod: 500 });
    this.client.on('message', (topic, payload) => this.onMessage(topic, payload));
    await this.client.subscribeAsync(`clinic-edge/v1/${this.site}/#`, { qos: 1 });
  }

  private onMessage(topic: string, payload: Buffer): void {
    const [, , , device, stream] = topic.split('/');
    if (device === 'gateway') {
      const s = JSON.parse(payload.toString()) as Json;
      this.print(`hub: gateway ${this.site} is ${String(s.state).toUpperCase()}${s.cause === 'lost' ? ' (connection lost: the broker sent its last will)' : ''}`);
      return;
    }
    let seq: number;
    let time: number;
    let body: Json | null = null;
    if (stream === 'waveform') {
      ({ seq, time } = waveformHead(payload));
    } else {
      body = JSON.parse(payload.toString()) as Json;
      seq = body.seq as number;
      time = body.t?.gateway as number;
    }
    const key = `${device}/${stream}`;
    let set = this.seqs.get(key);
    if (!set) this.seqs.set(key, (set = new Set()));
    if (set.has(seq)) this.duplicates++;
    set.add(seq);
    this.total++;
    this.arrivals.push({ stream, seq, gatewayTime: time, arrivedAt: Date.now() });
    if (body) this.read(device, stream, body);
  }

  private read(device: string, stream: string, m: Json): void {
    if (stream === 'alerts') {
      this.alerts++;
      const delay = '';
      if (m.type === 'episode') {
        const e = m.episode as Json;
        const hr = m.heartRate?.value !== undefined ? `, heart rate ${Math.round(m.heartRate.value)} /min` : '';
        this.print(`hub: ALERT ${device}: ${e.type} ${m.event} (${e.severity}, confidence ${Number(e.confidence).toFixed(2)})${hr}${delay}`);
      } else {
        this.print(`hub: ALERT ${device}: device alarm ${(m.active as string[] | undefined)?.join(', ') || 'cleared'}${delay}`);
      }
    } else if (stream === 'summary' && m.heartRate?.value !== undefined) {
      this.latest.ecgHr = Math.round(m.heartRate.value as number);
    } else if (stream === 'vitals') {
      const obs = (m.observations ?? []) as Json[];
      const v = (kind: string): number | undefined => obs.find((o) => o.kind === kind)?.value as number | undefined;
      if (m.protocol === 'masimo') {
        this.latest.spo2 = v('spo2') ?? this.latest.spo2;
        this.latest.pulse = v('pulseRate') ?? this.latest.pulse;
      } else {
        const sys = v('nibpSystolic');
        const dia = v('nibpDiastolic');
        if (sys !== undefined && dia !== undefined) this.latest.nibp = `${sys}/${dia}`;
        this.latest.monitorHr = v('heartRate') ?? this.latest.monitorHr;
        this.latest.temp = v('temperature') ?? this.latest.temp;
      }
    } else if (stream === 'status' && m.type === 'device' && m.reason !== 'stopped') {
      this.print(`hub: ${device} is ${m.state} (${m.reason})`);
    }
  }

  /** One line of what the hub sees now. */
  line(): string {
    const l = this.latest;
    const f = (v: number | string | undefined, unit: string): string => (v === undefined ? '-' : `${v}${unit}`);
    return `hub sees: ECG heart rate ${f(l.ecgHr, ' /min')} | SpO2 ${f(l.spo2, ' %')}, pulse ${f(l.pulse, ' /min')} | monitor HR ${f(l.monitorHr, ' /min')}, NIBP ${f(l.nibp, ' mmHg')}, temp ${f(l.temp, ' C')} | ${this.total} messages, ${this.alerts} alerts`;
  }

  /** Per stream: how many arrived and which sequence numbers between 1 and the highest are missing. */
  gaps(): { key: string; received: number; highest: number; missing: number[] }[] {
    return [...this.seqs.entries()].sort().map(([key, set]) => {
      const highest = Math.max(...set);
      const missing: number[] = [];
      for (let s = 1; s <= highest; s++) if (!set.has(s)) missing.push(s);
      return { key, received: set.size, highest, missing };
    });
  }

  async stop(): Promise<void> {
    const c = this.client;
    this.client = null;
    if (c) await c.endAsync(true);
  }
}
