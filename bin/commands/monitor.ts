import { DeviceSource, type DeviceProtocolName, type VitalsReading } from '@clinic-edge/gateway';
import { Command, Option } from 'commander';
import { EcgView } from '../diagnostics/monitor/ecg-view.js';
import { CliError } from '../lib/errors.js';
import { positiveInt } from '../lib/options.js';

interface MonitorOptions {
  protocol: string;
  baud?: number;
  sampleRate?: number;
  duration?: number;
}

const clock = (): string => new Date().toTimeString().slice(0, 8);

function vitalsLine(r: VitalsReading): string {
  if (r.sensorOff) return `${r.deviceId}: SENSOR OFF (${r.quality}): put the sensor back on the finger`;
  const names: Record<string, string> = { spo2: 'SpO2', pulseRate: 'pulse', heartRate: 'HR', nibpSystolic: 'NIBP sys', nibpDiastolic: 'dia', nibpMean: 'mean', temperature: 'temp', respirationRate: 'resp' };
  const values = r.vitals.map((v) => `${names[v.kind] ?? v.kind} ${v.value} ${v.unit === 'mm[Hg]' ? 'mmHg' : v.unit === 'Cel' ? 'C' : v.unit}`).join(', ');
  const alarms = r.alarms.length ? `; device alarms: ${r.alarms.join(', ')}` : '';
  return `${values || 'no values'}${r.quality !== 'ok' ? ` (${r.quality})` : ''}${r.deviceTime ? ` [device time ${r.deviceTime}]` : ''}${alarms}`;
}

/** `clinic-edge monitor <port> --protocol P`: the readings of one device, live. */
export function monitorCommand(): Command {
  return new Command('monitor')
    .description('show what a device sends, decoded and live: vitals, or for an ECG heart rate, beats, a small trace and quality warnings')
    .argument('<port>', 'serial port, tcp://HOST:PORT, or mllp://HOST:PORT to listen for an HL7 monitor')
    .addOption(new Option('--protocol <p>', 'the device protocol').choices(['masimo', 'openview', 'ad8232', 'hl7', 'hl7-mllp']).makeOptionMandatory())
    .option('--baud <bps>', 'serial baud rate (default: the protocol\'s usual one)', positiveInt('--baud'))
    .option('--sample-rate <hz>', 'ECG samples per second (default: the protocol\'s usual one)', positiveInt('--sample-rate'))
    .option('--duration <seconds>', 'stop by itself after this long', positiveInt('--duration'))
    .action(async (port: string, opts: MonitorOptions) => {
      const protocol = (opts.protocol === 'hl7-mllp' ? 'hl7' : opts.protocol) as DeviceProtocolName;
      let source: DeviceSource;
      try {
        source = new DeviceSource({ id: 'monitor', protocol, port, baudRate: opts.baud, sampleRate: opts.sampleRate });
      } catch (err) {
        throw new CliError((err as Error).message);
      }
      const tty = process.stdout.isTTY === true;
      const ecg = protocol === 'openview' || protocol === 'ad8232' ? new EcgView(source.config.sampleRate) : null;
      let drawn = 0;
      let samples = 0;
      let beatsBefore = 0;
      let garbled = 0;
      const say = (line: string): void => {
        if (tty && drawn > 0) {
          process.stdout.write(`\x1b[${drawn}F\x1b[J`); // the ECG panel is redrawn below the new line
          drawn = 0;
        }
        process.stdout.write(`${clock()} ${line}\n`);
      };
      source.on('status', (s) => say(`device ${s.state.toUpperCase()}: ${s.reason}`));
      source.on('vitals', (r) => say(vitalsLine(r)));
      source.on('garbled', (g) => {
        garbled++;
        if (garbled === 1 || garbled % 50 === 0) say(`unreadable input (${g.code}), ${g.counters.bytesDiscarded} bytes discarded so far: check baud rate and cable`);
      });
      source.on('ecg', (b) => {
        samples += b.length;
        ecg?.push(b);
      });
      process.stdout.write(`monitoring ${source.transport.description} as ${protocol}${opts.duration ? ` for ${opts.duration} s` : ''}; Ctrl-C stops.\n`);
      source.start();
      const second = setInterval(() => {
        if (!ecg) return;
        const hr = ecg.heartRate();
        const total = ecg.beatCount;
        const newBeats = Math.max(0, total - beatsBefore);
        beatsBefore = total;
        const warn = ecg.warnings();
        const head = `ECG ${samples} samples/s, heart rate ${hr === null ? '--' : hr === 0 ? 'NO BEATS (pause?)' : `${Math.round(hr)} /min`}, ${newBeats} beat${newBeats === 1 ? '' : 's'}${warn.length ? ` | ${warn.join(' | ')}` : ' | signal ok'}`;
        samples = 0;
        ecg.nextSecond();
        if (tty) {
          if (drawn > 0) process.stdout.write(`\x1b[${drawn}F\x1b[J`);
          const lines = [`${clock()} ${head}`, ...ecg.traceLines()];
          process.stdout.write(`${lines.join('\n')}\n`);
          drawn = lines.length;
        } else {
          process.stdout.write(`${clock()} ${head}\n`);
        }
      }, 1000);
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
        if (opts.duration) setTimeout(stop, opts.duration * 1000).unref();
      });
      clearInterval(second);
      await source.stop();
      const c = source.counters();
      process.stdout.write(`stopped: ${c.framesOk} good frames, ${c.framesBad} bad, ${c.bytesDiscarded} bytes discarded\n`);
    });
}
