import { execFileSync } from 'node:child_process';
import { repoRoot } from './paths.js';

/**
 * The commit the benchmark ran on, with "-dirty" when there were uncommitted
 * changes (in what the benchmarks run: dsp, wfdb, bin, bench), so a figure can be traced to the code that produced it. Undefined outside a git checkout.
 */
export function sourceRevision(): string | undefined {
  const git = (...args: string[]): string =>
    execFileSync('git', args, { cwd: repoRoot(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    const sha = git('rev-parse', '--short=12', 'HEAD');
    const dirty = git('status', '--porcelain', '--untracked-files=no', '--', 'packages/dsp', 'packages/wfdb', 'bin', 'bench') !== '';
    return dirty ? `${sha}-dirty` : sha;
  } catch {
    return undefined;
  }
}
