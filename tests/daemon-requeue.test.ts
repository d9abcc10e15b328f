/**
 * Dead letters put back while the daemon runs, against a real Mosquitto: the hub's ACL refuses a
 * monitor's vitals (PUBACK 0x87), the daemon dead-letters them and carries on; the ACL is fixed and
 * reloaded; `clinic-edge queue --requeue-dead` hands the requeue to the running daemon (through the
 * outbox file), which sends every refused message at once, without a restart and without losing
 * count of its queue.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Outbox } from '@clinic-edge/gateway';
import { createSimulator, type Simulator } from '../firmware-sim/index.js';
import { cliPath, DaemonProcess, freePort, Subscriber, tempDir, writeConfig } from '../bench/gateway/e2e.js';
import { cliAsync } from './support/cli.js';
import { Mosquitto, mosquittoAvailable } from './support/mosquitto.js';

const built = existsSync(cliPath());
if (!built) console.warn('daemon requeue test: skipped (build first: npx tsc -b tsconfig.build.json tsconfig.cli.json)');

/** Anonymous clients (the ACL lines before any `user`): the hub reads everything; the site writes its gateway topics, and the monitor's once fixed. */
function acl(monitorAllowed: boolean): string {
  const lines = ['topic read clinic-edge/v1/#', 'topic write clinic-edge/v1/site-r/gateway/#'];
  if (monitorAllowed) lines.push('topic write clinic-edge/v1/site-r/monitor-1/#');
  return `${lines.join('\n')}\n`;
}

/** The dead letters' ids, read from the file as another process sees it. */
function deadIds(db: string): string[] {
  const box = new Outbox({ path: db });
  try {
    return box.deadLetters(1000).map((d) => d.id);
  } finally {
    box.close();
  }
}

describe.skipIf(!built || !mosquittoAvailable())('clinic-edge queue --requeue-dead with the daemon running', () => {
  const tmp = tempDir('clinic-edge-requeue-');
  const sims: Simulator[] = [];
  let broker: Mosquitto | null = null;
  let sub: Subscriber | null = null;
  let daemon: DaemonProcess | null = null;
  afterAll(async () => {
    if (daemon && daemon.proc.exitCode === null) daemon.kill('SIGKILL');
    await sub?.stop();
    for (const s of sims) await s.stop();
    await broker?.dispose();
    tmp.remove();
  });

  it('sends what the hub refused once the hub is fixed, without a restart', async () => {
    const aclFile = path.join(tmp.dir, 'acl');
    writeFileSync(aclFile, acl(false));
    broker = await Mosquitto.start({ aclFile, extra: ['log_type information'] });
    const mllpPort = await freePort();
    const db = path.join(tmp.dir, 'outbox.db');
    const config = writeConfig(path.join(tmp.dir, 'gateway.json'), { site: 'site-r', brokerPort: broker.port, dbPath: db, devices: [{ id: 'monitor-1', protocol: 'hl7-mllp', listenPort: mllpPort }] });
    daemon = new DaemonProcess(config);
    await daemon.waitFor('gateway started');
    const monitor = createSimulator({ protocol: 'hl7', tcp: mllpPort, interval: 0.5 });
    await monitor.start();
    sims.push(monitor);
    await expect.poll(() => deadIds(db).length, { timeout: 20_000, interval: 200 }).toBeGreaterThanOrEqual(3);
    await monitor.stop();
    sims.pop();
    // Let the last vitals the monitor sent meet the same refusal before the hub is fixed.
    let before = -1;
    await expect.poll(() => {
      const n = deadIds(db).length;
      const settled = n === before;
      before = n;
      return settled;
    }, { timeout: 10_000, interval: 1000 }).toBe(true);
    const refused = deadIds(db);

    writeFileSync(aclFile, acl(true));
    await broker.reload();
    sub = new Subscriber(broker.url, 'site-r');
    await sub.start();
    const r = await cliAsync('queue', '--db', db, '--requeue-dead');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`requeued ${refused.length} dead letter(s)`);
    expect(r.stdout).toContain(`by the running daemon (pid ${daemon.proc.pid}), which sends them now`);
    await expect.poll(() => refused.filter((id) => !sub!.firstById.has(id)), { timeout: 15_000, interval: 100 }).toEqual([]);
    expect(deadIds(db)).toEqual([]);
    const stats = JSON.parse(spawnSync(process.execPath, [cliPath(), 'queue', '--db', db, '--json'], { encoding: 'utf8' }).stdout) as { messages: number; deadLetters: number };
    expect(stats).toMatchObject({ messages: 0, deadLetters: 0 });

    daemon.kill('SIGTERM');
    expect((await daemon.exited).code, daemon.output).toBe(0);
    expect(daemon.output).toContain('dead letters put back in the queue');
    // The daemon's totals followed the requeue: on stop it reports nothing waiting.
    expect(daemon.output).toMatch(/"waiting":0,"msg":"gateway stopped"/);
  }, 90_000);
});
