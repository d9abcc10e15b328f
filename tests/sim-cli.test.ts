import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DeviceSource, type EcgBlock, type VitalsReading } from '@clinic-edge/gateway';
import { socatAvailable } from '../firmware-sim/index.js';

// Runs the BUILT command (`npm test` builds first), as a technician would.
const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'dist', 'bin', 'clinic-edge.js');
const socat = socatAvailable();
const dir = mkdtempSync(path.join(os.tmpdir(), 'clinic-edge-sim-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function startSim(args: string[]): { child: ChildProcess; out: () => string; line: (re: RegExp) => Promise<RegExpMatchArray> } {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: build first with \`npx tsc -b tsconfig.build.json\` (npm test does)`);
  const child = spawn(process.execPath, [cli, 'sim', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const line = async (re: RegExp): Promise<RegExpMatchArray> => {
    const end = Date.now() + 15_000;
    for (;;) {
      const m = out.match(re);
      if (m) return m;
      if (Date.now() > end || child.exitCode !== null) throw new Error(`no ${re} in output: ${out}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return { child, out: () => out, line };
}

async function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('clinic-edge sim', () => {
  it('refuses to start without a place to appear, and an unknown protocol, with exit 2', () => {
    if (!existsSync(cli)) throw new Error(`${cli} is missing: build first`);
    const none = spawnSync(process.execPath, [cli, 'sim', 'masimo'], { cwd: root, encoding: 'utf8' });
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/--pty \[PATH\] or --tcp PORT/);
    const bad = spawnSync(process.execPath, [cli, 'sim', 'nellcor', '--pty'], { cwd: root, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/unknown protocol "nellcor".*openview, ad8232, masimo, hl7/);
  });

  it.skipIf(!socat)('openview --pty: prints the device path, plays the bundled record into it, and SIGTERM removes the pty', async () => {
    const ptyPath = path.join(dir, 'ecg');
    const sim = startSim(['openview', '--pty', ptyPath]);
    const [, device] = await sim.line(/device path: (\S+)/);
    expect(device).toBe(ptyPath);
    expect(sim.out()).toMatch(/119 lead MLII at 360 Hz/);
    const source = new DeviceSource({ id: 'ecg-cli', protocol: 'openview', port: device, sampleRate: 360 });
    let samples = 0;
    source.on('ecg', (b: EcgBlock) => (samples += b.length));
    source.start();
    try {
      const end = Date.now() + 10_000;
      while (samples < 360 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
      expect(samples).toBeGreaterThanOrEqual(360);
    } finally {
      await source.stop();
    }
    sim.child.kill('SIGTERM');
    expect(await exited(sim.child)).toBe(0);
    expect(existsSync(ptyPath)).toBe(false);
    expect(sim.out()).toMatch(/stopped: \d+ bytes sent/);
  });

  it('masimo --tcp: a serial device server the gateway reads with tcp://', async () => {
    const port = 20000 + (process.pid % 20000);
    const sim = startSim(['masimo', '--tcp', String(port)]);
    const [, url] = await sim.line(/listening on (tcp:\/\/\S+)/);
    const source = new DeviceSource({ id: 'spo2-cli', protocol: 'masimo', port: url });
    const readings: VitalsReading[] = [];
    source.on('vitals', (r) => readings.push(r));
    source.start();
    try {
      const end = Date.now() + 10_000;
      while (readings.length < 1 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
      expect(readings[0]?.vitals.map((v) => v.kind)).toEqual(['spo2', 'pulseRate']);
    } finally {
      await source.stop();
      sim.child.kill('SIGINT');
    }
    expect(await exited(sim.child)).toBe(0);
  });
});
