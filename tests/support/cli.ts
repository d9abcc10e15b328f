import { spawn } from 'node:child_process';
import { cliPath } from '../../bench/gateway/e2e.js';

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The built CLI in a child process, without blocking this one (which may have to answer it meanwhile). */
export function cliAsync(...args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath(), ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
