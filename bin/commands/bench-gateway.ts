import { Command } from 'commander';
import path from 'node:path';
import { formatE2e, runE2e } from '../../bench/gateway/e2e.js';
import { formatPublishBench, runPublishBench } from '../../bench/gateway/publish.js';
import { formatWaveformBits, runWaveformBits } from '../../bench/gateway/waveform-bits.js';
import { resultsDir, writeJson } from '../../bench/lib/results.js';
import { resolveDataDir } from '../lib/options.js';

interface Options {
  data?: string;
  json?: boolean;
  write: boolean;
}

/** `clinic-edge bench gateway <part>`: the gateway's end-to-end, publishing and waveform-size benchmarks. */
export function benchGatewayCommand(): Command {
  const gateway = new Command('gateway').description('gateway benchmarks: end to end through a local Mosquitto, QoS 1 publishing, waveform bits per sample');
  const out = (report: unknown, text: string, opts: Options, name: string): void => {
    process.stdout.write(`${opts.json ? JSON.stringify(report, null, 2) : text}\n`);
    if (opts.write) writeJson(path.join(resultsDir(), name), report);
  };
  gateway
    .command('e2e')
    .description('simulated devices -> daemon -> Mosquitto -> subscriber: outbox and publish rates, alert latency, RSS with 16 devices')
    .option('--json', 'print one JSON object')
    .option('--no-write', 'do not write bench/results/gateway-e2e.json')
    .action(async (opts: Options) => {
      const report = await runE2e({});
      out(report, formatE2e(report), opts, 'gateway-e2e.json');
    });
  gateway
    .command('publish')
    .description('QoS 1 publish rate from a filled outbox, drain after an outage, alert latency with an empty queue')
    .option('--json', 'print one JSON object')
    .option('--no-write', 'do not write bench/results/publish.json')
    .action(async (opts: Options) => {
      const report = await runPublishBench();
      out(report, formatPublishBench(report), opts, 'publish.json');
    });
  gateway
    .command('waveform-bits')
    .description('bits per sample of the lossless waveform codec on every MIT-BIH record')
    .option('--data <dir>', 'folder holding mitdb/ (default $CLINIC_EDGE_DATA, else ../shared/data)')
    .option('--json', 'print one JSON object')
    .option('--no-write', 'do not write bench/results/waveform-bits.json')
    .action((opts: Options) => {
      const report = runWaveformBits({ dataDir: resolveDataDir(opts.data) });
      out(report, formatWaveformBits(report), opts, 'waveform-bits.json');
    });
  return gateway;
}
