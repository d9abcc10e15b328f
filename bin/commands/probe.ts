import { parsePortSpec, SerialError } from '@clinic-edge/gateway';
import { Command, InvalidArgumentError } from 'commander';
import { existsSync, realpathSync } from 'node:fs';
import { capture, type Capture } from '../diagnostics/probe/capture.js';
import { identify, type Identification } from '../diagnostics/probe/identify.js';
import { diagnose, lineStats } from '../diagnostics/probe/line-stats.js';
import { hex } from '../diagnostics/format.js';
import { CliError, EXIT_FAILURE } from '../lib/errors.js';

export const PROBE_BAUDS = [9600, 19200, 38400, 57600, 115200] as const;

const NAMES: Record<Identification['protocol'], string> = {
  masimo: 'Masimo ASCII (pulse oximeter)',
  openview: 'ProtoCentral ADS1292R ECG (OpenView frames)',
  ad8232: 'AD8232 ASCII ECG',
  hl7: 'HL7 ORU^R01 over MLLP (patient monitor)',
};
const UNIT: Record<Identification['protocol'], string> = { masimo: 'line', openview: 'frame', ad8232: 'value', hl7: 'message' };

interface ProbeOptions {
  seconds: number;
  baud?: number[];
  json?: boolean;
}

const seconds = (v: string): number => {
  const n = Number(v);
  if (!(n > 0 && n <= 60)) throw new InvalidArgumentError(`--seconds must be a number of seconds between 0 and 60, got "${v}".`);
  return n;
};

/** `clinic-edge probe <port>`: which device, protocol and baud rate talk on a port. */
export function probeCommand(): Command {
  return new Command('probe')
    .description('find what talks on a port: tries the usual baud rates and every known protocol')
    .argument('<port>', 'a serial port (/dev/ttyUSB0) or a device server (tcp://HOST:PORT)')
    .option('--seconds <s>', 'how long to listen at each baud rate', seconds, 3)
    .option('--baud <list>', `baud rates to try, comma-separated (default ${PROBE_BAUDS.join(',')})`, (v) => v.split(',').map((x) => Number(x.trim())))
    .option('--json', 'print the findings as JSON')
    .action(async (port: string, opts: ProbeOptions) => {
      let spec;
      try {
        spec = parsePortSpec(port);
      } catch (err) {
        throw new CliError((err as Error).message);
      }
      if (spec.kind === 'mllp-listener') throw new CliError('mllp:// is where the gateway listens for monitors; to test a monitor, run the gateway or give the monitor\'s serial port.');
      if (spec.kind === 'serial' && !existsSync(spec.path)) throw new CliError(`no such port: ${spec.path}. \`clinic-edge ports\` lists the ports present; check the cable and that the adapter is plugged in.`);
      const pty = spec.kind === 'serial' && realpathSync(spec.path).startsWith('/dev/pts/');
      const bauds = spec.kind === 'tcp' ? [0] : (opts.baud ?? [...PROBE_BAUDS]);
      const tries: { baud: number; cap: Capture }[] = [];
      for (const baud of bauds) {
        const where = baud ? `${port} at ${baud} 8N1` : port;
        if (!opts.json) process.stderr.write(`listening on ${where} for ${opts.seconds} s...\n`);
        let cap: Capture;
        try {
          cap = await capture(port, baud || 9600, opts.seconds * 1000);
        } catch (err) {
          const os = (err as SerialError).context?.os;
          const why = (err as Error).message;
          if (os === 'EACCES') throw new CliError(`cannot open ${port}: permission denied. Add the gateway user to the dialout group (sudo usermod -aG dialout $USER, then log in again).`);
          if (os === 'EBUSY' || /busy|lock/i.test(why)) throw new CliError(`cannot open ${port}: another program has it open (the gateway daemon? stop it first: systemctl stop clinic-edge).`);
          throw new CliError(`cannot open ${port}: ${why}`, spec.kind === 'tcp' ? EXIT_FAILURE : undefined);
        }
        tries.push({ baud, cap });
        const { best } = await identify(cap.bytes, cap.seconds);
        if (best) return found(port, baud, pty, best, cap, opts.json === true);
      }
      await nothing(port, tries, opts.json === true);
    });
}

function found(port: string, baud: number, pty: boolean, m: Identification, cap: Capture, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify({ port, found: true, protocol: m.protocol, baud: baud || null, pty, ratePerSecond: m.rate, details: m.details, framesOk: m.framesOk, framesBad: m.framesBad })}\n`);
    return;
  }
  const at = baud ? ` at ${baud} 8N1` : '';
  const rate = m.rate >= 0.5 ? Math.round(m.rate) : Number(m.rate.toFixed(2));
  process.stdout.write(`${port}: ${NAMES[m.protocol]}${at}, ${rate} ${UNIT[m.protocol]}${rate === 1 ? '' : 's'}/s${m.details ? `, ${m.details}` : ''}\n`);
  if (m.framesBad > 0) process.stdout.write(`  ${m.framesBad} unreadable ${UNIT[m.protocol]}s among ${m.framesOk} good ones: check the cable and its connectors.\n`);
  if (pty) process.stdout.write('  (a pseudo-terminal: the baud rate is not on the wire, so any setting reads it)\n');
  if (m.protocol === 'openview' || m.protocol === 'ad8232') process.stdout.write(`  configuration: "protocol": "${m.protocol}", "sampleRate": ${Math.round(m.rate)} (the board's sketch sets the true rate)\n`);
  process.stdout.write(`  ${cap.bytes.length} bytes in ${cap.seconds.toFixed(1)} s\n`);
}

async function nothing(port: string, tries: { baud: number; cap: Capture }[], json: boolean): Promise<void> {
  const rows = tries.map(({ baud, cap }) => ({ baud, cap, stats: lineStats(cap.bytes, cap.seconds), sample: hex(cap.bytes, 24) }));
  const busiest = rows.reduce((a, b) => (b.stats.bytes > a.stats.bytes ? b : a), rows[0]);
  // 7-bit data with parity read as 8N1: clear bit 7 and see whether a protocol reads it then.
  let parity: string | null = null;
  if (busiest.stats.highBit > 0.1 && busiest.stats.printable7 > 0.9) {
    const { best } = await identify(busiest.cap.bytes.map((b) => b & 0x7f), busiest.cap.seconds);
    if (best) parity = `with bit 7 cleared it reads as ${NAMES[best.protocol]}${busiest.baud ? ` at ${busiest.baud}` : ''}`;
  }
  const verdict = diagnose(busiest.stats, parity);
  if (json) {
    process.stdout.write(`${JSON.stringify({ port, found: false, tries: rows.map(({ cap: _, ...r }) => r), diagnosis: verdict })}\n`);
  } else {
    process.stdout.write(`${port}: no known device answered.\n`);
    for (const r of rows) {
      const s = r.stats;
      process.stdout.write(`  ${r.baud ? `${r.baud} baud`.padEnd(12) : 'tcp'.padEnd(12)} ${Math.round(s.bytesPerSecond)} bytes/s${s.bytes ? `, ${Math.round(100 * s.printable)}% text, ${Math.round(100 * s.zeros)}% 0x00: ${r.sample}` : ''}\n`);
    }
    process.stdout.write(`likely cause: ${verdict}\n`);
  }
  process.exitCode = EXIT_FAILURE;
}
