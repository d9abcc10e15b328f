import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './paths.js';

/** Where benchmark JSON goes by default: bench/results/ in the repository (not committed). */
export function resultsDir(): string {
  return path.join(repoRoot(), 'bench', 'results');
}

export function writeJson(file: string, value: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}
