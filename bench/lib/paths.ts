import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root, found from this file's own location so it works from `bench/lib/` (vitest)
 * and from `dist/bench/lib/` (built) alike.
 */
export function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'clinic-edge') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('clinic-edge package.json not found above the bench module');
    dir = parent;
  }
}
