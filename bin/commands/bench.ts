import { Command, Option } from 'commander';
import path from 'node:path';
import { accuracyResultName, formatAccuracy, runAccuracy } from '../../bench/accuracy.js';
import { resultsDir, writeJson } from '../../bench/lib/results.js';
import { DATABASES, type Database } from '../../bench/lib/records.js';
import { ALLOCATION_STAGES, formatAllocation, runAllocation, type AllocationStage } from '../../bench/allocation.js';
import { formatNoiseTransfer, runNoiseTransfer } from '../../bench/noise-transfer.js';
import { formatThroughput, runThroughput } from '../../bench/throughput.js';
import { CliError } from '../lib/errors.js';
import { commaList, nonNegativeInt, positiveInt, resolveDataDir } from '../lib/options.js';
import { benchRhythmCommand } from './bench-rhythm.js';
import { benchGatewayCommand } from './bench-gateway.js';

interface CommonOptions {
  data?: string;
  records?: string[];
  json?: boolean;
  out?: string;
  write: boolean; // false with --no-write
}

interface AccuracyCliOptions extends CommonOptions {
  db: Database | 'all';
  lead?: '1' | '2';
  resample?: number;
  from?: number;
}

interface AllocationCliOptions extends CommonOptions {
  db: Database;
  stages?: string[];
  passes: number;
  warm: number;
  chunk?: number;
}

interface ThroughputCliOptions extends CommonOptions {
  db: Database;
  runs: number;
  chunk: number;
}

const dataOption = (): Option =>
  new Option('--data <dir>', 'folder holding mitdb/, svdb/, ... (default $CLINIC_EDGE_DATA, else ../shared/data)');
const recordsOption = (): Option => new Option('--records <names>', 'only these records, comma-separated (e.g. 101,118)').argParser(commaList);

export function benchCommand(): Command {
  const bench = new Command('bench').description('accuracy and throughput benchmarks on PhysioNet records');

  bench
    .command('accuracy')
    .description('QRS detection scored beat by beat against the reference annotations (EC57 rules, 150 ms)')
    .addOption(dataOption())
    .addOption(new Option('--db <db>', 'database').choices([...DATABASES, 'all']).default('mitdb'))
    .addOption(new Option('--lead <n>', 'use only lead 1 or lead 2 (default: both where there are two)').choices(['1', '2']))
    .addOption(recordsOption())
    .option('--resample <hz>', 'run on the records resampled to this rate', positiveInt('--resample'))
    .option('--from <seconds>', 'score from this time on (EC57 proper: 300; default: the whole record)', nonNegativeInt('--from'))
    .option('--json', 'print one JSON object instead of tables')
    .option('--out <file>', 'where to write the JSON (default bench/results/accuracy-<db>.json)')
    .option('--no-write', 'do not write a JSON file')
    .action((opts: AccuracyCliOptions) => {
      const settings = {
        dataDir: resolveDataDir(opts.data),
        db: opts.db,
        lead: opts.lead === undefined ? undefined : (Number(opts.lead) as 1 | 2),
        records: opts.records,
        resampleHz: opts.resample,
        fromSeconds: opts.from,
      };
      const report = runAccuracy(settings);
      emit(report, opts.json ? JSON.stringify(report, null, 2) : formatAccuracy(report), opts, accuracyResultName(settings));
    });

  bench
    .command('throughput')
    .description('samples per second of the floor loop, each filter stage and the QRS detector (records in memory)')
    .addOption(dataOption())
    .addOption(new Option('--db <db>', 'database').choices([...DATABASES]).default('mitdb'))
    .addOption(recordsOption())
    .option('--runs <n>', 'timed runs after one warm-up', positiveInt('--runs'), 5)
    .option('--chunk <n>', 'samples per push', positiveInt('--chunk'), 1024)
    .option('--json', 'print one JSON object instead of a table')
    .option('--out <file>', 'where to write the JSON (default bench/results/throughput.json)')
    .option('--no-write', 'do not write a JSON file')
    .action((opts: ThroughputCliOptions) => {
      const report = runThroughput({ dataDir: resolveDataDir(opts.data), db: opts.db, records: opts.records, runs: opts.runs, chunk: opts.chunk });
      emit(report, opts.json ? JSON.stringify(report, null, 2) : formatThroughput(report), opts, 'throughput.json');
    });

  bench
    .command('noise-transfer')
    .description("QRS detection with nstdb 118's electrode-motion noise added to the other mitdb records (a check that noise handling is not fitted to one patient)")
    .addOption(dataOption())
    .addOption(recordsOption())
    .option('--json', 'print one JSON object instead of a table')
    .option('--out <file>', 'where to write the JSON (default bench/results/noise-transfer.json)')
    .option('--no-write', 'do not write a JSON file')
    .action((opts: CommonOptions) => {
      const rows = runNoiseTransfer({ dataDir: resolveDataDir(opts.data), records: opts.records });
      emit({ rows }, opts.json ? JSON.stringify({ rows }, null, 2) : formatNoiseTransfer(rows), opts, 'noise-transfer.json');
    });

  bench
    .command('allocation')
    .description('heap bytes the streaming analysis allocates per second of ECG in steady state, per stage (each in its own process)')
    .addOption(dataOption())
    .addOption(new Option('--db <db>', 'database').choices([...DATABASES]).default('mitdb'))
    .addOption(new Option('--records <names>', 'records, comma-separated').argParser(commaList).default(['101', '201', '208']))
    .addOption(new Option('--stages <names>', `stages, comma-separated (${ALLOCATION_STAGES.join(', ')})`).argParser(commaList))
    .option('--passes <n>', 'whole passes through each record before the measured one (code run every few minutes is compiled by then)', nonNegativeInt('--passes'), 2)
    .option('--warm <seconds>', 'seconds of the measured pass pushed before measuring', positiveInt('--warm'), 1200)
    .option('--chunk <samples>', 'samples per push (default: a second); the gateway pushes each serial read, a few samples', positiveInt('--chunk'))
    .option('--json', 'print one JSON object instead of a table')
    .option('--out <file>', 'where to write the JSON (default bench/results/allocation.json)')
    .option('--no-write', 'do not write a JSON file')
    .action((opts: AllocationCliOptions) => {
      const unknown = (opts.stages ?? []).filter((s) => !(ALLOCATION_STAGES as readonly string[]).includes(s));
      if (unknown.length > 0) throw new CliError(`--stages: unknown ${unknown.join(', ')}; expected some of ${ALLOCATION_STAGES.join(', ')}`);
      const report = runAllocation({ dataDir: resolveDataDir(opts.data), db: opts.db, records: opts.records ?? [], stages: opts.stages as AllocationStage[] | undefined, passes: opts.passes, warmSeconds: opts.warm, chunk: opts.chunk ?? null });
      emit(report, opts.json ? JSON.stringify(report, null, 2) : formatAllocation(report), opts, 'allocation.json');
    });

  bench.addCommand(benchRhythmCommand());
  bench.addCommand(benchGatewayCommand());

  return bench;
}

function emit(report: unknown, text: string, opts: CommonOptions, defaultName: string): void {
  process.stdout.write(`${text}\n`);
  if (!opts.write) return;
  const file = path.resolve(opts.out ?? path.join(resultsDir(), defaultName));
  writeJson(file, report);
  if (!opts.json) process.stdout.write(`\nwrote ${file}\n`);
}
