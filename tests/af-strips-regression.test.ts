import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runAftdb, runCinc2017 } from '../bench/rhythm/af-strips.js';
import { runStripFit } from '../bench/rhythm/strip-fit.js';

const dataDir = process.env.CLINIC_EDGE_DATA ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/data');
const has = (db: string): boolean => existsSync(path.join(dataDir, db));

// Floors a few points under the figures measured at commit time: aftdb 35/40 strips by the
// streaming detector, 37/40 by the whole-strip measure, 36/40 by the strip classifier (aftdb was
// not used to fit it); cinc2017 with the frozen model (in-sample) AF F1 89.11, challenge score
// 76.18; cross-validated (10-fold, seed 1) AF F1 86.70, score 75.13.
describe.skipIf(!has('aftdb'))('AF detector end to end on aftdb strips', () => {
  it('flags most 1-minute AF strips, streaming, whole-strip and by the strip classifier', () => {
    const r = runAftdb({ dataDir });
    expect(r.total.detected).toBeGreaterThanOrEqual(32);
    expect(r.total.stripDetected).toBeGreaterThanOrEqual(34);
    expect(r.total.modelDetected).toBeGreaterThanOrEqual(33);
  });
});

describe.skipIf(!has('cinc2017'))('AF strip classification on cinc2017', () => {
  it('keeps the AF F1 and the challenge score above their floors', () => {
    const r = runCinc2017({ dataDir });
    expect(r.f1.A).toBeGreaterThan(85);
    expect(r.score).toBeGreaterThan(73);
  });

  it('keeps the cross-validated AF F1 above its floor (the model refitted without each fold)', () => {
    const r = runStripFit(dataDir, 10, [1]);
    expect(r.crossValidated[0].f1.A).toBeGreaterThan(84);
    expect(r.crossValidated[0].score).toBeGreaterThan(71);
  }, 120_000);
});
