import { readAnnotations } from '@clinic-edge/wfdb';
import type { ScoredAnnotation } from '../scoring/ec57.js';

/** Reference annotations of a record (`<record>.<annotator>`), reduced to what scoring needs. */
export function readReference(recordPath: string, annotator = 'atr'): ScoredAnnotation[] {
  return readAnnotations(`${recordPath}.${annotator}`).map((a) => ({ sample: a.sample, symbol: a.symbol, aux: a.aux }));
}
