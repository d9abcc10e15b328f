import { Command, Option } from 'commander';
import path from 'node:path';
import { resultsDir, writeJson } from '../../bench/lib/results.js';
import { runRhythmBench, RHYTHM_PARTS, type RhythmPart } from '../../bench/rhythm/index.js';
import { commaList, resolveDataDir } from '../lib/options.js';
import { CliError } from '../lib/errors.js';

interface RhythmCliOptions {
  data?: string;
  parts?: string[];
  json?: boolean;
  out?: string;
  write: boolean;
}

/** `clinic-edge bench rhythm`: beat labels, AF, VF, quality and the full analyzer in noise, one JSON. */
export function benchRhythmCommand(): Command {
  return new Command('rhythm')
    .description('rhythm benchmarks: V/S beat labels, AF, VF/VT, signal quality, and false urgent flags / inserted events in noise')
    .addOption(new Option('--data <dir>', 'folder holding mitdb/, nstdb/, afdb/, vfdb/, cudb/ (default $CLINIC_EDGE_DATA, else ../shared/data)'))
    .addOption(new Option('--parts <names>', `only these parts, comma-separated (${RHYTHM_PARTS.join(', ')})`).argParser(commaList))
    .option('--json', 'print one JSON object instead of tables')
    .option('--out <file>', 'where to write the JSON (default bench/results/rhythm.json)')
    .option('--no-write', 'do not write a JSON file')
    .action((opts: RhythmCliOptions) => {
      const unknown = (opts.parts ?? []).filter((p) => !(RHYTHM_PARTS as readonly string[]).includes(p));
      if (unknown.length > 0) throw new CliError(`--parts: unknown part ${unknown.join(', ')}; choose from ${RHYTHM_PARTS.join(', ')}`);
      // each part's table is printed as soon as it is done (the whole run takes minutes)
      const report = runRhythmBench({ dataDir: resolveDataDir(opts.data), parts: opts.parts as RhythmPart[] | undefined }, (_p, text) => {
        if (!opts.json) process.stdout.write(`${text}\n\n`);
      });
      if (opts.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      if (opts.write) {
        const file = path.resolve(opts.out ?? path.join(resultsDir(), 'rhythm.json'));
        writeJson(file, report);
        if (!opts.json) process.stdout.write(`wrote ${file}\n`);
      }
      const failed = Object.keys(report.errors);
      if (failed.length > 0) process.exitCode = 1;
    });
}
