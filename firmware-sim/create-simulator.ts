import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ad8232Board, OpenViewBoard } from './devices/ecg-board.js';
import { Hl7Monitor } from './devices/hl7-monitor.js';
import { MasimoOximeter } from './devices/masimo-oximeter.js';
import type { SimDevice } from './devices/sim-device.js';
import type { SimEndpoint } from './endpoints/endpoint.js';
import { PtyEndpoint } from './endpoints/pty.js';
import { TcpClientEndpoint } from './endpoints/tcp-client.js';
import { TcpServerEndpoint } from './endpoints/tcp-server.js';
import { RecordEcgSource, SyntheticEcgSource, type EcgSampleSource } from './ecg-source.js';
import type { SyntheticRhythm } from '@clinic-edge/dsp';
import { Simulator } from './simulator.js';

export type SimProtocol = 'openview' | 'ad8232' | 'masimo' | 'hl7';
export const SIM_PROTOCOLS: readonly SimProtocol[] = ['openview', 'ad8232', 'masimo', 'hl7'];

export interface SimulatorConfig {
  protocol: SimProtocol;
  /** ECG: a WFDB record to play (path without extension); default the bundled MIT-BIH 119. */
  record?: string;
  start?: number; // s into the record
  /** ECG: a synthetic ECG at this heart rate instead of a record. */
  heartRate?: number; // bpm
  /** ECG: rhythm of the synthetic ECG (default normal sinus rhythm). */
  rhythm?: SyntheticRhythm;
  /** ECG: sample rate of the synthetic ECG. Records play at their own rate. */
  rate?: number; // Hz
  gain?: number; // ADC counts per mV
  baseline?: number; // ADC counts at 0 mV
  /** HL7: seconds between messages. */
  interval?: number;
  /** Where it appears: a pty at this path, or a TCP port (ECG/Masimo listen; HL7 connects to the gateway). */
  pty?: string;
  tcp?: number;
  host?: string; // default 127.0.0.1
  seed?: number;
  tickMs?: number;
}

/** The bundled record, relative to the repository (firmware-sim/ and dist/firmware-sim/ both work). */
export function bundledRecord(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const root = path.basename(path.dirname(here)) === 'dist' ? path.resolve(here, '..', '..') : path.resolve(here, '..');
  return path.join(root, 'tests', 'fixtures', 'mitdb', '119');
}

function ecgSource(c: SimulatorConfig): EcgSampleSource {
  if (c.rhythm !== undefined && c.heartRate === undefined) return new SyntheticEcgSource(c.rate ?? 250, 72, c.rhythm);
  if (c.heartRate !== undefined) return new SyntheticEcgSource(c.rate ?? 250, c.heartRate, c.rhythm);
  if (c.rate !== undefined) throw new RangeError('--rate applies to a synthetic ECG (--heart-rate); a record plays at its own rate');
  return new RecordEcgSource((c.record ?? bundledRecord()).replace(/\.(hea|dat)$/, ''), c.start ?? 0);
}

function device(c: SimulatorConfig): SimDevice {
  const board = { gain: c.gain, baseline: c.baseline };
  switch (c.protocol) {
    case 'openview':
      return new OpenViewBoard(ecgSource(c), c.heartRate ?? null, board);
    case 'ad8232':
      return new Ad8232Board(ecgSource(c), board);
    case 'masimo':
      return new MasimoOximeter({ pulseRate: c.heartRate });
    case 'hl7':
      return new Hl7Monitor({ intervalMs: (c.interval ?? 5) * 1000 });
  }
}

function endpoint(c: SimulatorConfig): SimEndpoint {
  const host = c.host ?? '127.0.0.1';
  if (c.pty !== undefined && c.tcp !== undefined) throw new RangeError('choose one of --pty and --tcp');
  if (c.tcp !== undefined) return c.protocol === 'hl7' ? new TcpClientEndpoint(host, c.tcp) : new TcpServerEndpoint(host, c.tcp);
  if (c.pty !== undefined) return new PtyEndpoint(path.resolve(c.pty));
  throw new RangeError('choose where the device appears: --pty [PATH] or --tcp PORT');
}

/** A simulator for the configuration, not yet started (call start()). */
export function createSimulator(c: SimulatorConfig): Simulator {
  if (!SIM_PROTOCOLS.includes(c.protocol)) throw new RangeError(`unknown protocol "${c.protocol}"; use ${SIM_PROTOCOLS.join(', ')}`);
  const ep = endpoint(c);
  return new Simulator(device(c), ep, { seed: c.seed, tickMs: c.tickMs });
}
