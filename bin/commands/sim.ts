import { Command, InvalidArgumentError, Option } from 'commander';
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
}

/** `clinic-edge sim <protocol>`: one simulated device on a pty or a TCP port until Ctrl-C / SIGTERM. */
export function simCommand(): Command {
  return new Command('sim')
    .description('run a simulated device that speaks the real protocol on a pseudo-terminal or a TCP port')
    .argument('<protocol>', `device protocol: ${SIM_PROTOCOLS.join(', ')} (ads1292r = openview)`)
    .option('--record <path>', 'ECG: WFDB record to play at its real rate, looping (default: bundled MIT-BIH 119)')
    .option('--start <seconds>', 'ECG: where in the record to start', nonNegativeInt('--start'))
    .option('--heart-rate <bpm>', 'ECG: synthetic ECG at this heart rate instead of a record; Masimo: pulse rate', positiveNumber('--heart-rate'))
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
    .action(async (protocolArg: string, opts: SimOptions) => {
      const protocol = (protocolArg === 'ads1292r' ? 'openview' : protocolArg) as SimProtocol;
      if (!SIM_PROTOCOLS.includes(protocol)) throw new CliError(`unknown protocol "${protocolArg}": use one of ${SIM_PROTOCOLS.join(', ')}.`);
      if (opts.pty === undefined && opts.tcp === undefined) throw new CliError('say where the device appears: --pty [PATH] or --tcp PORT.');
      const config: SimulatorConfig = {
        protocol,
        record: opts.record,
        start: opts.start,
        heartRate: opts.heartRate,
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
      sim.schedule({ garbageEverySeconds: opts.garbageEvery, garbageBytes: opts.garbageBytes, unplugEverySeconds: opts.unplugEvery, unplugForSeconds: opts.unplugFor });
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
      process.stdout.write(`stopped: ${s.bytesWritten} bytes sent, ${s.garbageBursts} garbage bursts, ${s.unplugs} unplugs\n`);
    });
}
