/**
 * MIT annotation codes and mnemonics, as in WFDB's ecgcodes.h and the tables of annot.c/ecgmap.h.
 */

export const annotationCodes = {
  NOTQRS: 0, NORMAL: 1, LBBB: 2, RBBB: 3, ABERR: 4, PVC: 5, FUSION: 6, NPC: 7, APC: 8, SVPB: 9,
  VESC: 10, NESC: 11, PACE: 12, UNKNOWN: 13, NOISE: 14, ARFCT: 16, STCH: 18, TCH: 19, SYSTOLE: 20,
  DIASTOLE: 21, NOTE: 22, MEASURE: 23, PWAVE: 24, BBB: 25, PACESP: 26, TWAVE: 27, RHYTHM: 28,
  UWAVE: 29, LEARN: 30, FLWAV: 31, VFON: 32, VFOFF: 33, AESC: 34, SVESC: 35, LINK: 36, NAPC: 37,
  PFUS: 38, WFON: 39, PQ: 39, WFOFF: 40, JPT: 40, RONT: 41,
} as const;

/** Largest code that is an annotation type; 59..63 are the pseudo-words below. */
export const ACMAX = 49;

/** Pseudo-annotation codes of the MIT format (top 6 bits of a word). */
export const pseudoCodes = { SKIP: 59, NUM: 60, SUB: 61, CHN: 62, AUX: 63 } as const;

// WFDB's default mnemonic table (annot.c cstring/astring); index = code.
const MNEMONICS: readonly string[] = [
  ' ', 'N', 'L', 'R', 'a', 'V', 'F', 'J', 'A', 'S',
  'E', 'j', '/', 'Q', '~', '[15]', '|', '[17]', 's', 'T',
  '*', 'D', '"', '=', 'p', 'B', '^', 't', '+', 'u',
  '?', '!', '[', ']', 'e', 'n', '@', 'x', 'f', '(',
  ')', 'r', '[42]', '[43]', '[44]', '[45]', '[46]', '[47]', '[48]', '[49]',
];

const DESCRIPTIONS: readonly (string | undefined)[] = [
  '', 'Normal beat', 'Left bundle branch block beat', 'Right bundle branch block beat',
  'Aberrated atrial premature beat', 'Premature ventricular contraction', 'Fusion of ventricular and normal beat',
  'Nodal (junctional) premature beat', 'Atrial premature beat', 'Supraventricular premature or ectopic beat',
  'Ventricular escape beat', 'Nodal (junctional) escape beat', 'Paced beat', 'Unclassifiable beat',
  'Change in signal quality', undefined, 'Isolated QRS-like artifact', undefined, 'ST segment change',
  'T-wave change', 'Systole', 'Diastole', 'Comment annotation', 'Measurement annotation', 'P-wave peak',
  'Bundle branch block beat (unspecified)', '(Non-captured) pacemaker artifact', 'T-wave peak', 'Rhythm change',
  'U-wave peak', 'Beat not classified during learning', 'Ventricular flutter wave',
  'Start of ventricular flutter/fibrillation', 'End of ventricular flutter/fibrillation', 'Atrial escape beat',
  'Supraventricular escape beat', 'Link to external data (aux contains URL)', 'Non-conducted P-wave (blocked APC)',
  'Fusion of paced and normal beat', 'Waveform onset', 'Waveform end', 'R-on-T premature ventricular contraction',
];

// ecgmap.h isqrs: which codes denote a QRS complex (a beat).
const BEATS = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 25, 30, 31, 34, 35, 38, 41]);

const BY_MNEMONIC = new Map<string, number>(MNEMONICS.map((m, code) => [m, code] as const).filter(([, c]) => c > 0));

/** Mnemonic of a code (`N`, `V`, `+`, `"` ...); `[n]` for codes without one, as WFDB prints them. */
export function mnemonicOf(code: number): string {
  return MNEMONICS[code] ?? `[${code}]`;
}

/** Code of a mnemonic, or undefined when no code has it. */
export function codeOf(mnemonic: string): number | undefined {
  const code = BY_MNEMONIC.get(mnemonic);
  if (code !== undefined) return code;
  const m = /^\[(\d+)\]$/.exec(mnemonic);
  return m ? Number(m[1]) : undefined;
}

export function describeCode(code: number): string | undefined {
  return DESCRIPTIONS[code];
}

/** True for codes WFDB counts as beats (isqrs): N L R a V F J A S E j / Q B ? ! e n f r. */
export function isBeatCode(code: number): boolean {
  return BEATS.has(code);
}
