import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// `clinic-edge demo` as a user runs it (`npm run demo`), from the BUILT command.
const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'dist', 'bin', 'clinic-edge.js');

/** Processes whose parent is `pid` (from /proc, so no ps needed). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(name));
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

const demoDirs = (): string[] => readdirSync(os.tmpdir()).filter((n) => n.startsWith('clinic-edge-demo-'));

function start(args: string[]): { child: ChildProcess; out: () => string; exit: Promise<number | null> } {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: build first with \`npx tsc -b tsconfig.build.json\` (npm test does)`);
  const child = spawn(process.execPath, [cli, 'demo', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, out: () => out, exit };
}

describe.skipIf(process.platform !== 'linux')('clinic-edge demo', () => {
  it('runs the whole chain, cuts and restores the link, loses nothing, ends by itself with exit 0 and leaves nothing behind', async () => {
    const before = new Set(demoDirs());
    const demo = start(['--duration', '24']);
    let maxChildren = 0;
    const watch = setInterval(() => (maxChildren = Math.max(maxChildren, childrenOf(demo.child.pid!).length)), 500);
    const code = await demo.exit;
    clearInterval(watch);
    const out = demo.out();
    expect(code, out).toBe(0);
    expect(out).toMatch(/embedded MQTT broker \(aedes\)/);
    expect(out).toMatch(/the link to the hub is CUT/);
    expect(out).toMatch(/link down; outbox holds [1-9]\d* messages/);
    expect(out).toMatch(/the link is BACK/);
    expect(out).toMatch(/SpO2 9\d %/);
    expect(out).toMatch(/NIBP 12\d\/80 mmHg/);
    expect(out).toMatch(/ecg-1\/waveform\s+\d+ received, highest\s+\d+, none missing/);
    expect(out).toMatch(/NOTHING LOST/);
    expect(out).not.toMatch(/MISSING|WARNING/);
    expect(maxChildren).toBe(0); // everything runs in the one process: nothing to leave behind
    expect(demoDirs().filter((d) => !before.has(d))).toEqual([]);
  });

  it('stops on Ctrl-C within seconds, closing everything', async () => {
    const before = new Set(demoDirs());
    const demo = start(['--duration', '120']);
    const end = Date.now() + 20_000;
    while (!/hub sees:/.test(demo.out()) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    const asked = Date.now();
    demo.child.kill('SIGINT');
    const code = await demo.exit;
    expect(code, demo.out()).toBe(0);
    expect(Date.now() - asked).toBeLessThan(20_000);
    expect(demo.out()).toMatch(/stopping \(Ctrl-C\)/);
    expect(demoDirs().filter((d) => !before.has(d))).toEqual([]);
  });

  it('keeps the detector-only view', async () => {
    const demo = start(['--detector-only', '--beats', '3']);
    expect(await demo.exit).toBe(0);
    expect(demo.out()).toMatch(/record 119: .*360 Hz/);
    expect(demo.out()).toMatch(/Se \d+\.\d+%, \+P \d+\.\d+%/);
  });
});
