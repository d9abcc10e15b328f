import { MainsNotchLeads, type MainsNotchChoice } from '../filters/mains-notch-leads.js';
import { QrsDetector } from '../qrs/detector.js';
import type { BeatLabel } from '../rhythm/types.js';
import { BeatClassifier } from './beat-classifier.js';

export interface LabelledBeats {
  samples: Int32Array; // R-peak sample indices
  labels: BeatLabel[]; // one per sample, same order
}

/**
 * Batch helper: QRS detection and beat labelling over one or two whole leads (mV), fed in
 * chunks of `chunk` samples (default: one second). A thin wrapper over the streaming classes,
 * wired as the analyzer is: each chunk passes the mains front end (`mains`, default both 50 and
 * 60 Hz, notched while hum is there), then the detector, then the classifier. The labels do not depend on the chunk size; short
 * chunks keep the classifier's beat queue short.
 */
export function labelBeats(leads: readonly ArrayLike<number>[], sampleRate: number /* Hz */, chunk?: number, mains: MainsNotchChoice = 'both'): LabelledBeats {
  if (leads.length !== 1 && leads.length !== 2) throw new RangeError(`labelBeats: give 1 or 2 leads, got ${leads.length}`);
  const count = leads.length as 1 | 2;
  const samples: number[] = [];
  const labels: BeatLabel[] = [];
  const classifier = new BeatClassifier({ sampleRate, leads: count }, (s, label) => {
    samples.push(s);
    labels.push(label);
  });
  const detector = new QrsDetector({ sampleRate, leads: count }, (s) => classifier.addBeat(s));
  const [a, b] = leads;
  const n = a.length;
  const step = chunk && chunk > 0 ? chunk : Math.max(1, Math.round(sampleRate));
  const notch = new MainsNotchLeads({ sampleRate, leads: count, mains, blockSamples: step });
  for (let at = 0; at < n; at += step) {
    const len = Math.min(step, n - at);
    notch.process(a, b, at, len);
    const [na, nb] = notch.out;
    detector.push(na, nb, 0, len);
    classifier.push(na, nb, 0, len);
  }
  detector.flush();
  classifier.flush();
  return { samples: Int32Array.from(samples), labels };
}
