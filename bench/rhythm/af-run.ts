// Tiny runner for the AF benchmarks while the CLI wiring is pending:
//   node dist/bench/rhythm/af-run.js afdb|afdb-loo|mitdb|aftdb|cinc2017 [labels=classifier|reference|none] [atrial=max|lead0|none] [key=value detector overrides...]
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { resultsDir } from '../lib/results.js';
import * as af from './af.js';
import * as loo from './af-loo.js';
import * as strips from './af-strips.js';

const [which = 'afdb', ...args] = process.argv.slice(2);
const labels = args.find((a) => a.startsWith('labels='))?.slice(7) as af.AfLabelSource | undefined;
const atrial = args.find((a) => a.startsWith('atrial='))?.slice(7) as af.AtrialSource | undefined;
const rest = args.filter((a) => !a.startsWith('labels=') && !a.startsWith('atrial='));
const dataDir = process.env.CLINIC_EDGE_DATA ?? path.resolve(resultsDir(), '../../../shared/data');
const detector = Object.fromEntries(rest.map((kv) => kv.split('=')).map(([k, v]) => [k, Number.isNaN(Number(v)) ? v : Number(v)]));
const runs: Record<string, () => [unknown, string]> = {
  afdb: () => { const r = af.runAfdb({ dataDir, detector }); return [r, af.formatAfLong(r)]; },
  'afdb-loo': () => { const r = loo.runAfLoo(dataDir); return [r, loo.formatAfLoo(r)]; },
  mitdb: () => { const r = af.runMitdbAf({ dataDir, detector, labels, atrial }); return [r, af.formatAfLong(r)]; },
  aftdb: () => { const r = strips.runAftdb({ dataDir, labels, atrial, detector: rest.length ? { ...strips.STRIP_DETECTOR, ...detector } : undefined }); return [r, strips.formatAftdb(r)]; },
  cinc2017: () => { const r = strips.runCinc2017({ dataDir, labels, atrial, detector: rest.length ? { ...strips.STRIP_DETECTOR, ...detector } : undefined }); return [r, strips.formatCinc2017(r)]; },
};
const [report, text] = runs[which]();
console.log(text);
if (rest.length === 0 && labels === undefined && atrial === undefined) {
  mkdirSync(resultsDir(), { recursive: true });
  writeFileSync(path.join(resultsDir(), `af-${which}.json`), `${JSON.stringify(report, null, 2)}\n`);
}
