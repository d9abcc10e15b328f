import { Command, InvalidArgumentError, Option } from 'commander';
import { SYNTHETIC_RHYTHMS, type SyntheticRhythm } from '@clinic-edge/dsp';
import os from 'node:os';
import path from 'node:path';
import { createSimulator, SIM_PROTOCOLS, type SimProtocol, type Simulator, type SimulatorConfig } from '../../firmware-sim/index.js';
import { CliError } from '../lib/errors.js';
import { nonNegativeInt, positiveInt } from '../lib/options.js';

const positiveNumber = (name: string) => (v: string): number => {
  const n = Number(v);
  if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError(`${name} must be a number > 0, got "${v}".`);
  return n;
};

interface SimOptions {
  record?: string;
  start?: number;
  heartRate?: number;
  rhythm?: SyntheticRhythm;
  rate?: number;
  gain?: number;
  baseline?: number;
  interval?: number;
  pty?: string | true;
  tcp?: number;
  host: string;
  seed?: number;
  garbageEvery?: number;
  garbageBytes?: number;
  unplugEvery?: number;
  unplugFor?: number;
  noiseEvery?: number;
  noiseFor?: number;
  noiseKind?: 'emg' | 'motion';
  noiseMv?: number;
  leadOffEvery?: number;
  leadOffFor?: number;
  silenceEvery?: number;
  silenceFor?: number;
  clockDrift?: number;
  clockJumpEvery?: number;
  clockJump?: number;
  wrongBaud?: number;
  listenBaud?: number;
}

const finiteNumber = (name: string) => (v: string): number => {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`${name} must be a number, got "${v}".`);
  return n;
};

/** `clinic-edge sim <protocol>`: one simulated device on a pty or a TCP port until Ctrl-C / SIGTERM. */
export function simCommand(): Command {
  return new Command('sim')
    .description('run a simulated device that speaks the real protocol on a pseudo-terminal or a TCP port')
    .argument('<protocol>', `device protocol: ${SIM_PROTOCOLS.join(', ')} (ads1292r = openview)`)
    .option('--record <path>', 'ECG: WFDB record to play at its real rate, looping (default: bundled MIT-BIH 119)')
    .option('--start <seconds>', 'ECG: where in the record to start', nonNegativeInt('--start'))
    .option('--heart-rate <bpm>', 'ECG: synthetic ECG at this heart rate instead of a record; Masimo: pulse rate', positiveNumber('--heart-rate'))
    .addOption(new Option('--rhythm <rhythm>', 'ECG: synthetic rhythm instead of a record (default 72 bpm unless --heart-rate)').choices([...SYNTHETIC_RHYTHMS]))
    .option('--rate <hz>', 'ECG: sample rate of the synthetic ECG (default 250)', positiveNumber('--rate'))
    .option('--gain <counts-per-mV>', 'ECG: ADC counts per mV (defaults match the gateway: openview 200, ad8232 31)', positiveNumber('--gain'))
    .option('--baseline <counts>', 'ECG: ADC count at 0 mV (openview 0, ad8232 512)', Number)
    .option('--interval <seconds>', 'HL7: seconds between ORU^R01 messages (default 5)', positiveNumber('--interval'))
    .option('--pty [path]', 'appear on a new pseudo-terminal at this path (default /tmp/clinic-edge-<protocol>-<pid>)')
    .option('--tcp <port>', 'ECG/Masimo: listen on this TCP port (a serial device server); HL7: connect to the gateway\'s MLLP listener there', positiveInt('--tcp'))
    .option('--host <host>', 'TCP host to listen on or connect to', '127.0.0.1')
    .option('--seed <n>', 'seed for the fault bytes', nonNegativeInt('--seed'))
    .addOption(new Option('--garbage-every <seconds>', 'fault: write line noise this often').argParser(positiveNumber('--garbage-every')))
    .addOption(new Option('--garbage-bytes <n>', 'fault: bytes of noise each time (default 16)').argParser(positiveInt('--garbage-bytes')))
    .addOption(new Option('--unplug-every <seconds>', 'fault: unplug the port this often').argParser(positiveNumber('--unplug-every')))
    .addOption(new Option('--unplug-for <seconds>', 'fault: how long it stays unplugged (default 3)').argParser(positiveNumber('--unplug-for')))
    .addOption(new Option('--noise-every <seconds>', 'fault (ECG): a noise burst on the ECG this often').argParser(positiveNumber('--noise-every')))
    .addOption(new Option('--noise-for <seconds>', 'fault (ECG): how long each burst lasts (default 3)').argParser(positiveNumber('--noise-for')))
    .addOption(new Option('--noise-kind <kind>', 'fault (ECG): emg (muscle) or motion (electrode motion)').choices(['emg', 'motion']))
    .addOption(new Option('--noise-mv <mV>', 'fault (ECG): noise RMS in mV (default 0.2 emg, 0.5 motion)').argParser(positiveNumber('--noise-mv')))
    .addOption(new Option('--lead-off-every <seconds>', 'fault: electrodes (ECG) or sensor (Masimo) off this often').argParser(positiveNumber('--lead-off-every')))
    .addOption(new Option('--lead-off-for <seconds>', 'fault: how long they stay off (default 5)').argParser(positiveNumber('--lead-off-for')))
    .addOption(new Option('--silence-every <seconds>', 'fault: the device falls silent this often (the port stays)').argParser(positiveNumber('--silence-every')))
    .addOption(new Option('--silence-for <seconds>', 'fault: how long it stays silent (default 5)').argParser(positiveNumber('--silence-for')))
    .addOption(new Option('--clock-drift <ppm>', 'fault: the device crystal runs this many ppm fast (negative: slow)').argParser(finiteNumber('--clock-drift')))
    .addOption(new Option('--clock-jump-every <seconds>', 'fault (Masimo, HL7): the device wall clock jumps this often').argParser(positiveNumber('--clock-jump-every')))
    .addOption(new Option('--clock-jump <seconds>', 'fault: by how much it jumps, may be negative (default 3600)').argParser(finiteNumber('--clock-jump')))
    .addOption(new Option('--wrong-baud <bps>', 'fault: the device sends at this baud while the port is read at the usual one (what a UART then reads is simulated)').argParser(positiveInt('--wrong-baud')))
    .addOption(new Option('--listen-baud <bps>', 'fault: the baud the port is read at, for --wrong-baud (default: the protocol\'s usual rate)').argParser(positiveInt('--listen-baud')))
    .action(async (protocolArg: string, opts: SimOptions) => {
      const protocol = (protocolArg === 'ads1292r' ? 'openview' : protocolArg) as SimProtocol;
      if (!SIM_PROTOCOLS.includes(protocol)) throw new CliError(`unknown protocol "${protocolArg}": use one of ${SIM_PROTOCOLS.join(', ')}.`);
      if (opts.pty === undefined && opts.tcp === undefined) throw new CliError('say where the device appears: --pty [PATH] or --tcp PORT.');
      const config: SimulatorConfig = {
        protocol,
        record: opts.record,
        start: opts.start,
        heartRate: opts.heartRate,
        rhythm: opts.rhythm,
        rate: opts.rate,
        gain: opts.gain,
        baseline: opts.baseline,
        interval: opts.interval,
        pty: opts.pty === true ? path.join(os.tmpdir(), `clinic-edge-${protocol}-${process.pid}`) : opts.pty,
        tcp: opts.tcp,
        host: opts.host,
        seed: opts.seed,
      };
      let sim: Simulator;
      try {
        sim = createSimulator(config);
        await sim.start();
      } catch (err) {
        throw new CliError(`cannot start the ${protocol} simulator: ${(err as Error).message}`);
      }
      if (opts.noiseEvery !== undefined && protocol !== 'openview' && protocol !== 'ad8232') {
        await sim.stop();
        throw new CliError(`--noise-every adds noise to an ECG: it applies to openview and ad8232, not ${protocol}.`);
      }
      sim.schedule({
        garbageEverySeconds: opts.garbageEvery,
        garbageBytes: opts.garbageBytes,
        unplugEverySeconds: opts.unplugEvery,
        unplugForSeconds: opts.unplugFor,
        noiseEverySeconds: opts.noiseEvery,
        noiseForSeconds: opts.noiseFor,
        noiseKind: opts.noiseKind,
        noiseMv: opts.noiseMv,
        leadOffEverySeconds: opts.leadOffEvery,
        leadOffForSeconds: opts.leadOffFor,
        silenceEverySeconds: opts.silenceEvery,
        silenceForSeconds: opts.silenceFor,
        clockDriftPpm: opts.clockDrift,
        clockJumpEverySeconds: opts.clockJumpEvery,
        clockJumpSeconds: opts.clockJump,
        wrongBaud: opts.wrongBaud,
        listenBaud: opts.listenBaud,
      });
      process.stdout.write(`${sim.device.description}\n`);
      if (opts.tcp !== undefined && protocol === 'hl7') process.stdout.write(`sending to the MLLP listener at ${sim.address}\n`);
      else if (opts.tcp !== undefined) process.stdout.write(`listening on ${sim.address} (gateway port: "${sim.address}")\n`);
      else process.stdout.write(`device path: ${sim.address}\n`);
      process.stdout.write('Ctrl-C stops it.\n');
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void sim.stop().then(resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      const s = sim.stats;
      process.stdout.write(
        `stopped: ${s.bytesWritten} bytes sent, ${s.garbageBursts} garbage bursts, ${s.unplugs} unplugs, ${s.noiseBursts} noise bursts, ` +
          `${s.leadOffs} lead-offs, ${s.silences} silences, ${s.clockJumps} clock jumps, ${s.framingErrors} framing errors\n`,
      );
    });
}
