// Test-only helper (excluded from the build): where the shared PhysioNet data lives.
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const dataDir = process.env.CLINIC_EDGE_DATA ?? path.resolve(repoRoot, '../shared/data');
export const hasData = existsSync(path.join(dataDir, 'mitdb', '100.hea')) || existsSync(path.join(dataDir, 'mitdb', '101.hea'));
export const noDataMessage = `PhysioNet data not found at ${dataDir} (set CLINIC_EDGE_DATA); skipping tests that read real records`;
if (!hasData) console.warn(noDataMessage);

export const data = (...parts: string[]): string => path.join(dataDir, ...parts);
export const tempDir = (): string => mkdtempSync(path.join(os.tmpdir(), 'wfdb-test-'));
