/**
 * Fits the short-strip classifier (dsp STRIP_MODEL: multinomial logistic regression over
 * STRIP_INPUTS) on the cinc2017 strips and scores it by record-level stratified k-fold
 * cross-validation: each strip is classified by a model fitted without it. The cross-validated
 * figures are the ones to report; the in-sample ones only show how much the fit flatters itself.
 *
 *   node dist/bench/rhythm/strip-fit.js [folds=10] [seeds=1,2,3,4,5] [l2=3]
 *
 * prints the confusion matrices and F1s, and the model fitted on every strip as a TypeScript
 * literal to freeze in packages/dsp/src/rhythm/strip/model.ts.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { classifyStrip, STRIP_CLASSES, STRIP_INPUTS, type StripClass, type StripInput, type StripModel } from '@clinic-edge/dsp';
import { formatTable, pct } from '../lib/table.js';
import { cincRows, type StripRow } from './strip-data.js';

/** The inputs the frozen model uses (see STRIP_INPUTS for the physiology of each). */
export const MODEL_INPUTS: readonly StripInput[] = [
  'logIrregularity',
  'logRawIrregularity',
  'cosen',
  'successiveShare',
  'pWaveZ',
  'fWaveShare',
  'fWaveUnmeasured',
  'cleanShare',
  'rateDeviation',
  'qrsMatchShare',
];

export interface FitOptions {
  inputs?: readonly StripInput[];
  l2?: number; // ridge penalty on the standardised weights (per strip: divided by the strip count)
  iterations?: number; // gradient steps
  step?: number; // gradient step size
}

const FIT_DEFAULTS = { l2: 3, iterations: 1500, step: 1 };

/** Strips the model is asked about (classifyStrip's own gate sends the rest to '~'). */
const modelled = (r: StripRow): boolean => classifyStrip(r.features, untrained(MODEL_INPUTS)).reason === undefined;

function untrained(inputs: readonly StripInput[]): StripModel {
  return { inputs, mean: inputs.map(() => 0), scale: inputs.map(() => 1), weights: STRIP_CLASSES.map(() => inputs.map(() => 0)), bias: STRIP_CLASSES.map(() => 0) };
}

/** Multinomial logistic regression by gradient descent on standardised inputs (missing -> mean). */
export function fitStripModel(rows: readonly StripRow[], opts: FitOptions = {}): StripModel {
  const inputs = opts.inputs ?? MODEL_INPUTS;
  const { l2, iterations, step } = { ...FIT_DEFAULTS, ...opts };
  const raw = rows.map((r) => inputs.map((k) => STRIP_INPUTS[k](r.features)));
  const mean = inputs.map((_, i) => avg(raw.map((x) => x[i]).filter(Number.isFinite)));
  const scale = inputs.map((_, i) => Math.sqrt(avg(raw.map((x) => x[i]).filter(Number.isFinite).map((v) => (v - mean[i]) ** 2))) || 1);
  const K = STRIP_CLASSES.length;
  const d = inputs.length;
  const n = rows.length;
  const X = new Float64Array(n * d); // row-major, standardised
  raw.forEach((x, s) => x.forEach((v, i) => (X[s * d + i] = Number.isFinite(v) ? (v - mean[i]) / scale[i] : 0)));
  const Y = rows.map((r) => STRIP_CLASSES.indexOf(r.truth));
  const W = new Float64Array(K * d);
  const b = new Float64Array(K);
  const gW = new Float64Array(K * d);
  const gb = new Float64Array(K);
  const z = new Float64Array(K);
  for (let it = 0; it < iterations; it++) {
    for (let j = 0; j < K * d; j++) gW[j] = (l2 * W[j]) / n;
    gb.fill(0);
    for (let s = 0; s < n; s++) {
      let top = -Infinity;
      for (let c = 0; c < K; c++) {
        let t = b[c];
        for (let i = 0; i < d; i++) t += W[c * d + i] * X[s * d + i];
        z[c] = t;
        top = Math.max(top, t);
      }
      let total = 0;
      for (let c = 0; c < K; c++) total += (z[c] = Math.exp(z[c] - top));
      for (let c = 0; c < K; c++) {
        const e = (z[c] / total - (Y[s] === c ? 1 : 0)) / n;
        gb[c] += e;
        for (let i = 0; i < d; i++) gW[c * d + i] += e * X[s * d + i];
      }
    }
    for (let j = 0; j < K * d; j++) W[j] -= step * gW[j];
    for (let c = 0; c < K; c++) b[c] -= step * gb[c];
  }
  const weights = STRIP_CLASSES.map((_, c) => Array.from(W.subarray(c * d, (c + 1) * d)));
  return { inputs, mean, scale, weights, bias: Array.from(b) };
}

export interface StripScore {
  confusion: Record<StripClass, Record<StripClass, number>>; // [truth][predicted]
  f1: Record<StripClass, number | null>; // per cent
  score: number | null; // mean F1 of N, A, O (the challenge's score), per cent
}

/** Confusion matrix and F1s of predictions against the rows' truth. */
export function scoreStrips(rows: readonly StripRow[], predicted: readonly StripClass[]): StripScore {
  const confusion = Object.fromEntries(STRIP_CLASSES.map((t) => [t, Object.fromEntries(STRIP_CLASSES.map((p) => [p, 0]))])) as StripScore['confusion'];
  rows.forEach((r, i) => confusion[r.truth][predicted[i]]++);
  const f1 = Object.fromEntries(
    STRIP_CLASSES.map((x) => {
      const row = STRIP_CLASSES.reduce((t, p) => t + confusion[x][p], 0);
      const col = STRIP_CLASSES.reduce((t, tr) => t + confusion[tr][x], 0);
      return [x, row + col > 0 ? Math.round((1e5 * 2 * confusion[x][x]) / (row + col)) / 1000 : null];
    }),
  ) as StripScore['f1'];
  const three = [f1.N, f1.A, f1.O];
  const score = three.every((v) => v !== null) ? Math.round((1000 * (three as number[]).reduce((t, v) => t + v, 0)) / 3) / 1000 : null;
  return { confusion, f1, score };
}

/** Stratified k folds by class, from a seeded shuffle: fold index per row. */
export function stratifiedFolds(rows: readonly StripRow[], k: number, seed: number): number[] {
  const random = mulberry32(seed);
  const fold = new Array<number>(rows.length).fill(0);
  for (const c of STRIP_CLASSES) {
    const ids = rows.map((r, i) => (r.truth === c ? i : -1)).filter((i) => i >= 0);
    for (let i = ids.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [ids[i], ids[j]] = [ids[j], ids[i]];
    }
    ids.forEach((id, j) => (fold[id] = j % k));
  }
  return fold;
}

/** Cross-validated predictions: each row classified by a model fitted on the other folds. */
export function crossValidate(rows: readonly StripRow[], k: number, seed: number, opts: FitOptions = {}): StripClass[] {
  const fold = stratifiedFolds(rows, k, seed);
  const out: StripClass[] = rows.map(() => '~');
  for (let f = 0; f < k; f++) {
    const model = fitStripModel(rows.filter((r, i) => fold[i] !== f && modelled(r)), opts);
    rows.forEach((r, i) => {
      if (fold[i] === f) out[i] = classifyStrip(r.features, model).label;
    });
  }
  return out;
}

export interface FitReport {
  folds: number;
  seeds: number[];
  crossValidated: ({ seed: number } & StripScore)[];
  meanCv: { afF1: number; score: number };
  inSample: StripScore;
  model: StripModel;
}

export function runStripFit(dataDir: string, folds = 10, seeds = [1, 2, 3, 4, 5], opts: FitOptions = {}): FitReport {
  const rows = cincRows(dataDir);
  const crossValidated = seeds.map((seed) => ({ seed, ...scoreStrips(rows, crossValidate(rows, folds, seed, opts)) }));
  const model = fitStripModel(rows.filter(modelled), opts);
  const inSample = scoreStrips(rows, rows.map((r) => classifyStrip(r.features, model).label));
  const meanCv = {
    afF1: round3(avg(crossValidated.map((c) => c.f1.A ?? 0))),
    score: round3(avg(crossValidated.map((c) => c.score ?? 0))),
  };
  return { folds, seeds, crossValidated, meanCv, inSample, model };
}

export function formatStripScore(s: StripScore, title: string): string {
  const rows = STRIP_CLASSES.map((t) => [`truth ${t}`, ...STRIP_CLASSES.map((p) => `${s.confusion[t][p]}`), pct(s.f1[t])]);
  return `${formatTable([title, ...STRIP_CLASSES.map((p) => `pred ${p}`), 'F1 %'], rows)}\nAF F1 ${pct(s.f1.A)} %, challenge score ${pct(s.score)} %`;
}

export function formatStripFit(r: FitReport): string {
  const cv = r.crossValidated.map((c) => `seed ${c.seed}: AF F1 ${pct(c.f1.A)}, score ${pct(c.score)}`).join('; ');
  const literal = (xs: readonly number[]): string => `[${xs.map((x) => Number(x.toPrecision(6))).join(', ')}]`;
  return [
    formatStripScore(r.crossValidated[0], `${r.folds}-fold CV, seed ${r.crossValidated[0].seed}`),
    `cross-validated (${r.folds}-fold, stratified by class, per seed): ${cv}`,
    `mean over seeds: AF F1 ${pct(r.meanCv.afF1)} %, challenge score ${pct(r.meanCv.score)} %`,
    formatStripScore(r.inSample, 'in-sample (all strips)'),
    'model fitted on every strip:',
    `  inputs: [${r.model.inputs.map((i) => `'${i}'`).join(', ')}],`,
    `  mean: ${literal(r.model.mean)},`,
    `  scale: ${literal(r.model.scale)},`,
    `  weights: [\n${r.model.weights.map((w, c) => `    ${literal(w)}, // ${STRIP_CLASSES[c]}`).join('\n')}\n  ],`,
    `  bias: ${literal(r.model.bias)},`,
  ].join('\n\n');
}

const avg = (xs: readonly number[]): number => (xs.length > 0 ? xs.reduce((t, v) => t + v, 0) / xs.length : 0);
const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** Deterministic PRNG (mulberry32), floats in [0, 1): the folds must be the same on every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const arg = (key: string): string | undefined => process.argv.slice(2).find((a) => a.startsWith(`${key}=`))?.slice(key.length + 1);
  const dataDir = process.env.CLINIC_EDGE_DATA ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/data');
  const seeds = (arg('seeds') ?? '1,2,3,4,5').split(',').map(Number);
  const report = runStripFit(dataDir, Number(arg('folds') ?? 10), seeds, { l2: Number(arg('l2') ?? FIT_DEFAULTS.l2) });
  console.log(formatStripFit(report));
}
