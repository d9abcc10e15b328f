import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { socatAvailable } from '../firmware-sim/index.js';

// The diagnostics a technician runs, as processes of the BUILT command (`npm test` builds first).
const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'dist', 'bin', 'clinic-edge.js');
const socat = socatAvailable();
const dir = mkdtempSync(path.join(os.tmpdir(), 'clinic-edge-diag-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function run(args: string[], timeout = 60_000): { status: number | null; stdout: string; stderr: string } {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: build first with \`npx tsc -b tsconfig.build.json\` (npm test does)`);
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', timeout, env: { ...process.env, CLINIC_EDGE_CONFIG: path.join(dir, 'none.json') } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function spawnCli(args: string[]): { child: ChildProcess; out: () => string } {
  const child = spawn(process.execPath, [cli, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return { child, out: () => out };
}

async function until(what: string, ok: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

const exited = (c: ChildProcess): Promise<number | null> => (c.exitCode !== null ? Promise.resolve(c.exitCode) : new Promise((r) => c.once('exit', (code) => r(code))));

describe('clinic-edge config check', () => {
  it('reports three mistakes together, each with its key and what to write, and exits 2', () => {
    const file = path.join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        siteId: 'van 07',
        devices: [
          { id: 'ecg-1', protocol: 'openveiw', port: '/dev/ttyUSB0' },
          { id: 'spo2-1', protocol: 'masimo', port: '/dev/ttyUSB1', baud: 'fast' },
        ],
        hub: { url: 'mqtt://127.0.0.1:1883' },
        store: { path: path.join(dir, 'outbox.db') },
      }),
    );
    const r = run(['config', 'check', file]);
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/3 problems/);
    expect(r.stdout).toMatch(/1\. siteId\n\s+found:\s+"van 07"/);
    expect(r.stdout).toMatch(/devices\[0\]\.protocol\n\s+found:\s+"openveiw"[\s\S]*write:\s+one of masimo, openview/);
    expect(r.stdout).toMatch(/devices\[1\]\.baud\n\s+found:\s+"fast"[\s\S]*write:\s+a standard rate/);
    expect(r.stderr).toMatch(/3 problems/);
  });

  it('says OK and exits 0 for a configuration the daemon would start with; a missing file is exit 2', () => {
    const file = path.join(dir, 'good.json');
    writeFileSync(file, JSON.stringify({ version: 1, siteId: 'van-07', devices: [{ id: 'spo2-1', protocol: 'masimo', port: '/dev/ttyUSB1' }], hub: { url: 'mqtt://127.0.0.1:1883' }, store: { path: path.join(dir, 'ok.db') } }));
    const r = run(['config', 'check', file]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/OK\. Site van-07, 1 device \(spo2-1\)/);
    const missing = run(['config', 'check', path.join(dir, 'nope.json')]);
    expect(missing.status).toBe(2);
    expect(missing.stdout).toMatch(/the file does not exist/);
  });
});

describe('clinic-edge status', () => {
  it('says plainly that no daemon runs (exit 1), and what to do', () => {
    const r = run(['status', '--status-file', path.join(dir, 'none.status.json')]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/NOT RUNNING: the gateway daemon is not running/);
    expect(r.stdout).toMatch(/clinic-edge run --config/);
    const noConfig = run(['status']);
    expect(noConfig.status).toBe(2);
    expect(noConfig.stderr).toMatch(/no configuration at .*--config FILE/);
  });

  it('reports a crashed daemon from the pid it left behind', () => {
    const file = path.join(dir, 'crashed.status.json');
    const dead = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid!; // a pid that has just ended
    const t = Date.now() - 60_000;
    writeFileSync(file, JSON.stringify({ v: 1, pid: dead, site: 's', startedAt: t, updatedAt: t, state: 'running', devices: [], hub: { url: 'x', online: false, since: null, lastError: null }, outbox: { messages: 12, bytes: 1, oldestAgeMs: 1, byStream: {}, deadLetters: 0, evicted: 0 }, lastError: null }));
    const r = run(['status', '--status-file', file]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/ended without stopping cleanly/);
    expect(r.stdout).toMatch(/12 message\(s\) were waiting/);
  });

  it('of a running daemon: device online, hub not reachable, outbox growing; then stopped cleanly', async () => {
    // Simulator and daemon are processes of their own: run() blocks this one.
    const simPort = await freePort();
    const sim = spawnCli(['sim', 'masimo', '--tcp', String(simPort)]);
    await until('the simulator', () => /listening on/.test(sim.out()));
    const server = { address: `tcp://127.0.0.1:${simPort}` };
    try {
      const config = path.join(dir, 'run.json');
      const db = path.join(dir, 'run.db');
      writeFileSync(config, JSON.stringify({ version: 1, siteId: 'van-07', devices: [{ id: 'spo2-1', protocol: 'masimo', port: server.address }], hub: { url: `mqtt://127.0.0.1:${await freePort()}` }, store: { path: db }, logging: { level: 'warn' } }));
      const daemon = spawnCli(['run', '--config', config]);
      let r = run(['status', '--config', config]);
      await until('the device online in status', () => {
        r = run(['status', '--config', config]);
        return /spo2-1.*ONLINE/.test(r.stdout) && /outbox: [1-9]/.test(r.stdout);
      });
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^RUNNING: gateway van-07, process \d+/);
      expect(r.stdout).toMatch(/hub mqtt:\/\/127\.0\.0\.1:\d+: NOT CONNECTED/);
      expect(r.stdout).toMatch(/last error: hub: /);
      const json = JSON.parse(run(['status', '--config', config, '--json']).stdout) as { verdict: string; status: { devices: { state: string }[] } };
      expect(json.verdict).toBe('running');
      expect(json.status.devices[0].state).toBe('online');
      daemon.child.kill('SIGTERM');
      expect(await exited(daemon.child)).toBe(0);
      r = run(['status', '--config', config]);
      expect(r.status).toBe(1);
      expect(r.stdout).toMatch(/stopped cleanly/);
    } finally {
      sim.child.kill('SIGTERM');
      await exited(sim.child);
    }
  });
});

describe('clinic-edge ports', () => {
  it('lists ports (or says none) and gives JSON', () => {
    const r = run(['ports']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^port\s+type|No serial ports found/);
    const j = run(['ports', '--json']);
    const list = JSON.parse(j.stdout) as { path: string; source: string }[];
    expect(Array.isArray(list)).toBe(true);
    for (const p of list) expect(p.path).toMatch(/^\/dev\//);
  });
});

describe('clinic-edge probe', () => {
  it('no such port: exit 2 and where to look', () => {
    const r = run(['probe', path.join(dir, 'ttyNOPE')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no such port: .*clinic-edge ports/);
  });

  it.skipIf(!socat)('nothing talking on a pty: exit 1, bytes per second at each baud and a plain cause', async () => {
    const a = path.join(dir, 'quiet-a');
    const b = path.join(dir, 'quiet-b');
    const pair = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: 'ignore' });
    children.push(pair);
    try {
      await until('the pty pair', () => existsSync(a) && existsSync(b));
      const r = run(['probe', a, '--seconds', '0.5']);
      expect(r.status).toBe(1);
      expect(r.stdout).toMatch(/no known device answered/);
      for (const baud of [9600, 19200, 38400, 57600, 115200]) expect(r.stdout).toMatch(new RegExp(`${baud} baud\\s+0 bytes/s`));
      expect(r.stdout).toMatch(/likely cause: nothing arrives/);
    } finally {
      pair.kill('SIGTERM');
      await exited(pair);
    }
  });

  it.skipIf(!socat)('finds the Masimo simulator on a pty, with its values', async () => {
    const pty = path.join(dir, 'masimo');
    const sim = spawnCli(['sim', 'masimo', '--pty', pty]);
    try {
      await until('the simulator pty', () => /device path:/.test(sim.out()));
      const r = run(['probe', pty, '--seconds', '2.5']);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/Masimo ASCII \(pulse oximeter\) at 9600 8N1, 1 line\/s, SpO2 9\d%, pulse \d+\/min, sensor on/);
    } finally {
      sim.child.kill('SIGTERM');
      expect(await exited(sim.child)).toBe(0);
    }
  });

  it.skipIf(!socat)('a device at the wrong baud rate: nothing reads, and the cause named is the baud rate', async () => {
    const pty = path.join(dir, 'masimo-baud');
    const sim = spawnCli(['sim', 'masimo', '--pty', pty, '--wrong-baud', '57600']);
    try {
      await until('the simulator pty', () => /device path:/.test(sim.out()));
      const r = run(['probe', pty, '--seconds', '2', '--baud', '9600']);
      expect(r.status).toBe(1);
      expect(r.stdout).toMatch(/likely cause: .*wrong baud rate/);
    } finally {
      sim.child.kill('SIGTERM');
      await exited(sim.child);
    }
  });
});

describe('clinic-edge monitor', () => {
  it('shows Masimo readings live and stops by itself after --duration', async () => {
    // The simulator runs as its own process: run() blocks this one while the command works.
    const port = await freePort();
    const sim = spawnCli(['sim', 'masimo', '--tcp', String(port)]);
    try {
      await until('the simulator', () => /listening on/.test(sim.out()));
      const r = run(['monitor', `tcp://127.0.0.1:${port}`, '--protocol', 'masimo', '--duration', '3']);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/device ONLINE/);
      expect(r.stdout).toMatch(/SpO2 9\d %, pulse \d+ \/min/);
      expect(r.stdout).toMatch(/stopped: [1-9]\d* good frames/);
    } finally {
      sim.child.kill('SIGTERM');
      await exited(sim.child);
    }
  });

  it('for an ECG: a heart rate line each second in a pipe, and lead-off named', async () => {
    const port = await freePort();
    const sim = spawnCli(['sim', 'ad8232', '--tcp', String(port), '--heart-rate', '75', '--lead-off-every', '5', '--lead-off-for', '2']);
    try {
      await until('the simulator', () => /listening on/.test(sim.out()));
      const r = run(['monitor', `tcp://127.0.0.1:${port}`, '--protocol', 'ad8232', '--duration', '8']);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/heart rate 7\d \/min/);
      expect(r.stdout).toMatch(/LEAD OFF/);
      expect(r.stdout).not.toMatch(/\x1b\[/); // no cursor movement in a pipe
    } finally {
      sim.child.kill('SIGTERM');
      await exited(sim.child);
    }
  });

  it('refuses an unknown protocol with exit 2', () => {
    const r = run(['monitor', '/dev/ttyUSB0', '--protocol', 'nellcor']);
    expect(r.status).toBe(2);
  });
});

describe('clinic-edge sim fault options', () => {
  it('refuses ECG noise on a device that sends no ECG, with exit 2', async () => {
    const r = run(['sim', 'masimo', '--tcp', String(await freePort()), '--noise-every', '1']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/applies to openview and ad8232, not masimo/);
  });

  it('lists the fault options in its help', () => {
    const r = run(['sim', '--help']);
    for (const o of ['--noise-every', '--noise-kind', '--lead-off-every', '--silence-every', '--clock-drift', '--clock-jump', '--wrong-baud']) expect(r.stdout).toContain(o);
  });
});

