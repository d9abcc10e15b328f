import { DeviceSource, type DeviceProtocolName, type VitalsReading } from '@clinic-edge/gateway';
import { ReplayTransport } from './replay-transport.js';

export interface Identification {
  protocol: DeviceProtocolName;
  framesOk: number;
  framesBad: number;
  bytesDiscarded: number;
  /** What the frames said, in words: values, sensor or lead state. */
  details: string;
  /** Frames (or lines, messages) per second. */
  rate: number;
}

const PROTOCOLS: DeviceProtocolName[] = ['masimo', 'openview', 'ad8232', 'hl7'];

/** Plays the bytes through one protocol's real decoder and says what came out. */
async function tryProtocol(protocol: DeviceProtocolName, bytes: Uint8Array, seconds: number): Promise<Identification> {
  const t = new ReplayTransport();
  const source = new DeviceSource({ id: 'probe', protocol, port: 'probe' }, { transport: t });
  const vitals: VitalsReading[] = [];
  let samples = 0;
  let leadOff = 0;
  source.on('vitals', (r) => vitals.push(r));
  source.on('ecg', (b) => {
    samples += b.length;
    if (b.leadOff) leadOff++;
  });
  source.start();
  await new Promise((r) => setImmediate(r)); // open() resolves
  t.play(bytes);
  const c = source.counters();
  await source.stop();
  let details = '';
  if (protocol === 'masimo' && vitals.length > 0) {
    const last = vitals[vitals.length - 1];
    const v = (k: string): number | undefined => last.vitals.find((x) => x.kind === k)?.value;
    details = last.sensorOff ? 'SENSOR OFF (not on the finger)' : `SpO2 ${v('spo2') ?? '--'}%, pulse ${v('pulseRate') ?? '--'}/min, sensor on (${last.quality})`;
  } else if (protocol === 'hl7' && vitals.length > 0) {
    const all = vitals.flatMap((r) => r.vitals);
    const v = (k: string): number | undefined => all.find((x) => x.kind === k)?.value;
    details = [`HR ${v('heartRate') ?? '--'}/min`, `SpO2 ${v('spo2') ?? '--'}%`, `NIBP ${v('nibpSystolic') ?? '--'}/${v('nibpDiastolic') ?? '--'} mmHg`].join(', ');
  } else if (protocol === 'openview' || protocol === 'ad8232') {
    details = leadOff > 0 ? 'LEAD OFF (electrodes not on the patient)' : samples > 0 ? 'electrodes on' : '';
  }
  return { protocol, framesOk: c.framesOk, framesBad: c.framesBad + c.truncated + c.tooLong, bytesDiscarded: c.bytesDiscarded, details, rate: c.framesOk / Math.max(seconds, 0.001) };
}

/** The protocol the bytes are, or null: most good frames, with good frames at least half of all. */
export async function identify(bytes: Uint8Array, seconds: number): Promise<{ best: Identification | null; tried: Identification[] }> {
  const tried: Identification[] = [];
  for (const p of PROTOCOLS) tried.push(await tryProtocol(p, bytes, seconds));
  const ok = tried.filter((x) => x.framesOk >= (x.protocol === 'hl7' ? 1 : 2) && x.framesOk >= x.framesBad);
  ok.sort((a, b) => b.framesOk / (b.framesOk + b.framesBad) - a.framesOk / (a.framesOk + a.framesBad) || b.framesOk - a.framesOk);
  return { best: ok[0] ?? null, tried };
}
