/**
 * How the strip classifier's inputs were chosen, and what that choice costs in optimism:
 * backward elimination over every STRIP_INPUTS candidate, scored by an inner stratified 5-fold
 * cross-validation (AF F1 + 0.3 x challenge score), keeping the best subset on the path; and the
 * same procedure nested inside an outer 10-fold cross-validation, so each outer fold's strips are
 * classified by a model whose inputs AND weights were chosen without them.
 *
 *   node dist/bench/rhythm/strip-select.js [seed=1]     (about 10 min on one core)
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { classifyStrip, STRIP_INPUTS, type StripClass, type StripInput } from '@clinic-edge/dsp';
import { cincRows, type StripRow } from './strip-data.js';
import { fitStripModel, formatStripScore, scoreStrips, stratifiedFolds, type FitOptions } from './strip-fit.js';

export const CANDIDATE_INPUTS = Object.keys(STRIP_INPUTS) as StripInput[];
const SELECT_FIT: FitOptions = { iterations: 600 }; // enough to rank subsets; the final fit runs longer
const INNER_FOLDS = 5;
const INNER_SEED = 11;
const MIN_INPUTS = 4;

const modelled = (r: StripRow): boolean => r.features.beats >= 5 && r.features.heartRate !== null && r.features.heartRate >= 30 && r.features.heartRate <= 220;

/** Cross-validated predictions of `rows` with a fixed input list. */
function cvPredict(rows: readonly StripRow[], inputs: readonly StripInput[], k: number, seed: number, fit: FitOptions): StripClass[] {
  const fold = stratifiedFolds(rows, k, seed);
  const out: StripClass[] = rows.map(() => '~');
  for (let f = 0; f < k; f++) {
    const model = fitStripModel(rows.filter((r, i) => fold[i] !== f && modelled(r)), { ...fit, inputs });
    rows.forEach((r, i) => {
      if (fold[i] === f) out[i] = classifyStrip(r.features, model).label;
    });
  }
  return out;
}

function objective(rows: readonly StripRow[], inputs: readonly StripInput[]): number {
  const s = scoreStrips(rows, cvPredict(rows, inputs, INNER_FOLDS, INNER_SEED, SELECT_FIT));
  return (s.f1.A ?? 0) + 0.3 * (s.score ?? 0);
}

/** Backward elimination from every candidate; the best-scoring subset met on the way. */
export function selectInputs(rows: readonly StripRow[], candidates: readonly StripInput[] = CANDIDATE_INPUTS): { inputs: StripInput[]; path: { dropped: StripInput; objective: number }[] } {
  let current = [...candidates];
  let best = { inputs: current, value: objective(rows, current) };
  const trail: { dropped: StripInput; objective: number }[] = [];
  while (current.length > MIN_INPUTS) {
    const trials = current.map((d) => ({ d, value: objective(rows, current.filter((x) => x !== d)) }));
    trials.sort((a, b) => b.value - a.value);
    current = current.filter((x) => x !== trials[0].d);
    trail.push({ dropped: trials[0].d, objective: Math.round(trials[0].value * 100) / 100 });
    if (trials[0].value > best.value) best = { inputs: current, value: trials[0].value };
  }
  return { inputs: best.inputs, path: trail };
}

/** Outer k-fold CV with the input selection repeated inside each training part. */
export function nestedCrossValidate(
  rows: readonly StripRow[],
  k = 10,
  seed = 1,
  onFold: (fold: number, inputs: StripInput[]) => void = () => {},
): { predicted: StripClass[]; chosen: StripInput[][] } {
  const fold = stratifiedFolds(rows, k, seed);
  const predicted: StripClass[] = rows.map(() => '~');
  const chosen: StripInput[][] = [];
  for (let f = 0; f < k; f++) {
    const train = rows.filter((_, i) => fold[i] !== f);
    const { inputs } = selectInputs(train);
    chosen.push(inputs);
    onFold(f, inputs);
    const model = fitStripModel(train.filter(modelled), { inputs });
    rows.forEach((r, i) => {
      if (fold[i] === f) predicted[i] = classifyStrip(r.features, model).label;
    });
  }
  return { predicted, chosen };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const seed = Number(process.argv.slice(2).find((a) => a.startsWith('seed='))?.slice(5) ?? 1);
  const dataDir = process.env.CLINIC_EDGE_DATA ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/data');
  const rows = cincRows(dataDir);
  const { predicted } = nestedCrossValidate(rows, 10, seed, (f, c) => console.log(`outer fold ${f}: ${c.length} inputs: ${c.join(', ')}`));
  console.log(formatStripScore(scoreStrips(rows, predicted), `nested 10-fold CV, seed ${seed}`));
}
