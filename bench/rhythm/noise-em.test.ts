import { existsSync } from 'node:fs';
import path from 'node:path';
import { readRecord } from '@clinic-edge/wfdb';
import { describe, expect, it } from 'vitest';
import { addEm, emNoise, type EmNoise } from './noise-em.js';

const DATA = process.env.CLINIC_EDGE_DATA ?? path.resolve('../shared/data');
const HAVE = existsSync(path.join(DATA, 'nstdb', '118e_6.hea')) && existsSync(path.join(DATA, 'mitdb', '118.hea'));

describe('electrode motion on other records', () => {
  it('scales the noise by the ratio of QRS amplitudes and by the SNR, from the -6 dB it was taken at', () => {
    const em: EmNoise = { residual: [Float64Array.from([0.5, -0.5, 0.25, 0])], qrsMv: [2] };
    const flat = new Float64Array(4);
    // same QRS and SNR as the source: the noise unchanged
    expect(Array.from(addEm(flat, 2, em, 0, -6))).toEqual([0.5, -0.5, 0.25, 0]);
    // half the QRS amplitude, 6 dB better (20·log10 2 ≈ 6.02): a quarter of it
    const quarter = addEm(flat, 1, em, 0, 20 * Math.log10(2) - 6);
    expect(Array.from(quarter).map((v) => Number(v.toFixed(12)))).toEqual([0.125, -0.125, 0.0625, 0]);
  });

  it.skipIf(!HAVE)('rebuilds nstdb 118e_6 and 118e06 from mitdb 118 and the noise it takes from 118e_6', () => {
    const em = emNoise(DATA);
    const clean = readRecord(path.join(DATA, 'mitdb', '118'));
    for (const [name, snr] of [['118e_6', -6], ['118e06', 6]] as const) {
      const real = readRecord(path.join(DATA, 'nstdb', name));
      for (const lead of [0, 1]) {
        const remade = addEm(clean.signals[lead], em.qrsMv[lead], em, lead, snr);
        // nstdb's records sit 1024 ADC units (5.12 mV) off mitdb's: compare after that constant
        const offset = remade[0] - real.signals[lead][0];
        expect(Math.abs(offset)).toBeGreaterThan(5);
        let worst = 0;
        // (118e06 has one odd sample 2 before its end, 3.8 mV off on both leads: its last second is left out)
        for (let i = 0; i < remade.length - 360; i += 7) worst = Math.max(worst, Math.abs(remade[i] - real.signals[lead][i] - offset));
        expect(worst).toBeLessThan(0.03); // 5-µV ADC steps, and nst measured the QRS amplitude its own way (~1 %)
      }
    }
  });
});
