import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runAftdb, runCinc2017 } from '../bench/rhythm/af-strips.js';

const dataDir = process.env.CLINIC_EDGE_DATA ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/data');
const has = (db: string): boolean => existsSync(path.join(dataDir, db));

// Floors a few points under the figures measured at commit time: aftdb 33/40 strips by the
// streaming detector, 36/40 by the whole-strip measure; cinc2017 AF F1 81.97, challenge score 69.8.
describe.skipIf(!has('aftdb'))('AF detector end to end on aftdb strips', () => {
  it('flags most 1-minute AF strips, streaming and whole-strip', () => {
    const r = runAftdb({ dataDir });
    expect(r.total.detected).toBeGreaterThanOrEqual(31);
    expect(r.total.stripDetected).toBeGreaterThanOrEqual(34);
  });
});

describe.skipIf(!has('cinc2017'))('AF strip classification on cinc2017', () => {
  it('keeps the AF F1 and the challenge score above their floors', () => {
    const r = runCinc2017({ dataDir });
    expect(r.f1.A).toBeGreaterThan(79);
    expect(r.score).toBeGreaterThan(66);
  });
});
