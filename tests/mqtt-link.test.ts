import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HubLink, Outbox, Publisher, topicFor, type HubLinkOptions, type LinkInfo, type PublisherOptions, type Stream } from '@clinic-edge/gateway';
import { Mosquitto, mosquittoAvailable, startV311OnlyFront, subscribe, type Received, type Subscriber } from './support/mosquitto.js';

const SITE = 'site-a';
let dir: string;
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'clinic-edge-mqtt-link-'));
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let dbCount = 0;
function gateway(link: Partial<HubLinkOptions> & { url: string }, publisher: Partial<PublisherOptions> = {}) {
  const outbox = new Outbox({ path: join(dir, `outbox-${++dbCount}.db`) });
  const hub = new HubLink({ site: SITE, backoff: { initialMs: 50, maxMs: 400 }, ...link });
  const pub = new Publisher({ outbox, link: hub, pollMs: 100, ...publisher });
  const counters = new Map<string, number>();
  cleanups.push(async () => {
    pub.stop();
    await hub.stop(500);
    outbox.close();
  });
  /** Enqueues `n` messages whose payload carries the expected seq (a fresh file numbers from 1). */
  const put = (device: string, stream: Stream, n: number, size = 0): void => {
    const msgs = Array.from({ length: n }, () => {
      const key = `${device}/${stream}`;
      const k = (counters.get(key) ?? 0) + 1;
      counters.set(key, k);
      return { site: SITE, device, stream, topic: topicFor(SITE, device, stream), payload: Buffer.from(JSON.stringify({ k, pad: 'x'.repeat(size) })) };
    });
    const stored = outbox.enqueue(msgs);
    stored.forEach((m, i) => expect(m.seq).toBe(JSON.parse(msgs[i].payload.toString()).k));
    pub.wake();
  };
  const online = (): Promise<LinkInfo> => (hub.info ? Promise.resolve(hub.info) : new Promise((resolve) => hub.once('online', resolve)));
  return { outbox, hub, pub, put, online };
}

const seqOf = (m: Received): number => (JSON.parse(m.payload.toString()) as { k: number }).k;
const dataOf = (msgs: Received[]): Received[] => msgs.filter((m) => !m.topic.endsWith('/gateway/status'));

describe.skipIf(!mosquittoAvailable())('HubLink + Publisher on a real Mosquitto', () => {
  let broker: Mosquitto;
  let sub: Subscriber;
  beforeAll(async () => {
    broker = await Mosquitto.start({ maxPacketSize: 4096 });
  });
  afterAll(async () => {
    await broker?.dispose();
  });

  it('publishes every message QoS 1 on its topic with its bytes, deletes it only after PUBACK, and says online (retained)', async () => {
    sub = await subscribe(broker.url, `clinic-edge/v1/${SITE}/#`);
    cleanups.push(() => sub.close());
    const g = gateway({ url: broker.url });
    g.hub.start();
    g.pub.start();
    const info = await g.online();
    expect(info.protocolVersion).toBe(5);
    expect(info.maximumPacketSize).toBe(4096);
    g.put('ecg-1', 'waveform', 40);
    g.put('ecg-1', 'alerts', 3);
    g.put('spo2-1', 'vitals', 25);
    await sub.waitFor((m) => dataOf(m).length >= 68);
    const data = dataOf(sub.messages);
    expect(data).toHaveLength(68);
    for (const [device, stream, n] of [['ecg-1', 'waveform', 40], ['ecg-1', 'alerts', 3], ['spo2-1', 'vitals', 25]] as const) {
      const got = data.filter((m) => m.topic === `clinic-edge/v1/${SITE}/${device}/${stream}`).map(seqOf);
      expect(got).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    }
    await expect.poll(() => g.outbox.stats().messages).toBe(0);
    expect(g.pub.stats()).toMatchObject({ published: 68, acked: 68, refused: 0, inFlight: 0 });

    // A hub reader connecting later still learns the gateway is online (retained birth).
    const late = await subscribe(broker.url, `clinic-edge/v1/${SITE}/gateway/status`);
    cleanups.push(() => late.close());
    await late.waitFor((m) => m.length >= 1);
    expect(late.messages[0].retain).toBe(true);
    expect(JSON.parse(late.messages[0].payload.toString())).toMatchObject({ v: 1, state: 'online' });
  });

  it('dead-letters a message over the broker maximum packet size before sending it, and the stream goes on', async () => {
    sub = await subscribe(broker.url, `clinic-edge/v1/${SITE}/ecg-2/#`);
    cleanups.push(() => sub.close());
    const g = gateway({ url: broker.url });
    g.put('ecg-2', 'waveform', 2);
    g.put('ecg-2', 'waveform', 1, 5000); // k = 3: over 4096 bytes
    g.put('ecg-2', 'waveform', 2);
    g.hub.start();
    g.pub.start();
    await sub.waitFor((m) => m.length >= 4);
    expect(sub.messages.map(seqOf)).toEqual([1, 2, 4, 5]);
    await expect.poll(() => g.outbox.stats().messages).toBe(0);
    const dead = g.outbox.deadLetters();
    expect(dead.map((d) => d.id)).toEqual([`${SITE}/ecg-2/waveform/3`]);
    expect(dead[0].reason).toMatch(/maximum packet size 4096/);
    expect(g.hub.online).toBe(true); // refused locally: the broker never saw it, so it did not drop us
  });

  it('on MQTT 3.1.1, finds the message the broker closes the connection on, dead-letters it, and the link settles', async () => {
    // A 3.1.1 CONNACK announces no packet limit, so the gateway cannot refuse the big message itself;
    // Mosquitto closes the connection on it, as 3.1.1 brokers do for a publish they will not take.
    sub = await subscribe(broker.url, `clinic-edge/v1/${SITE}/ecg-6/#`);
    cleanups.push(() => sub.close());
    const g = gateway({ url: broker.url, protocol: 4 });
    let drops = 0;
    g.hub.on('offline', () => (drops += 1));
    g.put('ecg-6', 'waveform', 1);
    g.put('ecg-6', 'waveform', 1, 5000); // k = 2: over the broker's 4096 bytes
    g.put('ecg-6', 'waveform', 2);
    g.put('ecg-6', 'alerts', 1);
    g.hub.start();
    g.pub.start();
    const waveform = (m: Received[]) => [...new Set(m.filter((x) => x.topic.endsWith('/waveform')).map(seqOf))];
    await sub.waitFor((m) => waveform(m).length >= 3 && m.some((x) => x.topic.endsWith('/alerts')), 20_000);
    expect(waveform(sub.messages)).toEqual([1, 3, 4]); // at least once, in order, without the culprit
    await expect.poll(() => g.outbox.stats().messages).toBe(0);
    const dead = g.outbox.deadLetters();
    expect(dead.map((d) => d.id)).toEqual([`${SITE}/ecg-6/waveform/2`]);
    expect(dead[0].reason).toMatch(/closed the connection each time this message was sent alone \(3 times in a row/);
    expect(g.pub.stats()).toMatchObject({ droppedLink: 1, deadLettered: 1, refused: 0 });
    // Two drops with others in flight, then three with it alone; none once it is gone.
    expect(drops).toBe(5);
    g.put('ecg-6', 'waveform', 3);
    await sub.waitFor((m) => waveform(m).length >= 6);
    expect(waveform(sub.messages)).toEqual([1, 3, 4, 5, 6, 7]);
    expect(drops).toBe(5);
    expect(g.hub.online).toBe(true);
  }, 30_000);

  it('keeps to the message rate limit (fake clock): only the burst leaves until time passes', async () => {
    sub = await subscribe(broker.url, `clinic-edge/v1/${SITE}/ecg-3/#`);
    cleanups.push(() => sub.close());
    let now = 1_000_000;
    const g = gateway({ url: broker.url }, { rate: { messagesPerSecond: 10 }, now: () => now });
    g.hub.start();
    g.pub.start();
    await g.online();
    g.put('ecg-3', 'vitals', 35);
    await sub.waitFor((m) => m.length >= 10);
    await new Promise((r) => setTimeout(r, 300)); // the fake clock stands still: nothing more may leave
    expect(sub.messages.length).toBe(10);
    now += 1000;
    await sub.waitFor((m) => m.length >= 20);
    await new Promise((r) => setTimeout(r, 300));
    expect(sub.messages.length).toBe(20);
    now += 60_000; // a long pause refills only one burst (1 s worth), not 60 s worth
    await sub.waitFor((m) => m.length >= 30);
    await new Promise((r) => setTimeout(r, 300));
    expect(sub.messages.length).toBe(30);
    expect(sub.messages.map(seqOf)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });

  it('resumes its persistent session after a restart: same client id from the site, session kept by the broker', async () => {
    const first = gateway({ url: broker.url, site: 'site-session' });
    first.hub.start();
    expect((await first.online()).sessionPresent).toBe(false);
    expect(first.hub.clientId).toBe('clinic-edge-gw-site-session');
    await first.hub.stop();
    const second = new HubLink({ url: broker.url, site: 'site-session' }); // a new process, same site
    cleanups.push(() => second.stop(500));
    const info = new Promise<LinkInfo>((resolve) => second.once('online', resolve));
    second.start();
    expect(await info).toMatchObject({ sessionPresent: true, protocolVersion: 5 });
  });

  it('a clean stop leaves a retained offline with cause stopped', async () => {
    const g = gateway({ url: broker.url, site: 'site-stop' });
    g.hub.start();
    await g.online();
    await g.hub.stop();
    const reader = await subscribe(broker.url, 'clinic-edge/v1/site-stop/gateway/status');
    cleanups.push(() => reader.close());
    await reader.waitFor((m) => m.length >= 1);
    expect(JSON.parse(reader.messages[0].payload.toString())).toMatchObject({ state: 'offline', cause: 'stopped' });
  });

  it('falls back to MQTT 3.1.1 when the broker refuses 5, and remembers it across reconnects', async () => {
    const front = await startV311OnlyFront(broker.port);
    cleanups.push(() => front.close());
    sub = await subscribe(broker.url, `clinic-edge/v1/${SITE}/ecg-4/#`);
    cleanups.push(() => sub.close());
    const g = gateway({ url: `mqtt://127.0.0.1:${front.port}`, clientId: 'fallback-test' });
    const seen: LinkInfo[] = [];
    g.hub.on('online', (info) => seen.push(info));
    g.hub.start();
    g.pub.start();
    await g.online();
    expect(g.hub.protocolVersion).toBe(4);
    expect(seen[0].protocolVersion).toBe(4);
    g.put('ecg-4', 'alerts', 5);
    await sub.waitFor((m) => m.length >= 5);
    expect(sub.messages.map(seqOf)).toEqual([1, 2, 3, 4, 5]);

    // Drop the connection: the link comes back on 3.1.1 straight away, without asking for 5 again.
    const offline = new Promise((resolve) => g.hub.once('offline', resolve));
    await front.close();
    await offline;
    const again = await startV311OnlyFrontOn(front.port, broker.port);
    cleanups.push(() => again.close());
    await g.online();
    expect(again.refusedV5()).toBe(0);
    expect(front.refusedV5()).toBe(1);
  });

  it('sends the retained last will offline when the process holding the link is SIGKILLed', async () => {
    const reader = await subscribe(broker.url, 'clinic-edge/v1/site-kill/gateway/status');
    cleanups.push(() => reader.close());
    const child = await startLinkChild(broker.url, 'site-kill');
    await reader.waitFor((m) => m.some((x) => JSON.parse(x.payload.toString()).state === 'online'));
    child.kill('SIGKILL');
    await reader.waitFor((m) => m.some((x) => JSON.parse(x.payload.toString()).state === 'offline'));
    const last = reader.messages.at(-1)!;
    expect(JSON.parse(last.payload.toString())).toMatchObject({ v: 1, state: 'offline', cause: 'lost' });

    // Retained: a reader arriving afterwards learns the gateway is offline.
    const late = await subscribe(broker.url, 'clinic-edge/v1/site-kill/gateway/status');
    cleanups.push(() => late.close());
    await late.waitFor((m) => m.length >= 1);
    expect(late.messages[0].retain).toBe(true);
    expect(JSON.parse(late.messages[0].payload.toString()).state).toBe('offline');
  });
});

/** The 3.1.1-only front again on a given port (so the link's URL stays valid). */
async function startV311OnlyFrontOn(port: number, target: number) {
  for (let i = 0; i < 50; i++) {
    try {
      return await startV311OnlyFront(target, port);
    } catch {
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  throw new Error(`port ${port} did not free up`);
}

const gatewaySrc = join(dirname(fileURLToPath(import.meta.url)), '..', 'packages', 'gateway', 'src');

/**
 * Node 20 cannot run TypeScript: the child runs a plain transpile of the link's sources, with mqtt
 * imported by absolute URL. It prints `online` and then just holds the connection.
 */
async function startLinkChild(url: string, site: string) {
  const out = join(dir, 'child');
  const mqttUrl = pathToFileURL(createRequire(import.meta.url).resolve('mqtt')).href;
  const files = [join(gatewaySrc, 'errors.ts'), join(gatewaySrc, 'backoff.ts'), join(gatewaySrc, 'store', 'types.ts'), ...readdirSync(join(gatewaySrc, 'publish')).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).map((f) => join(gatewaySrc, 'publish', f))];
  for (const file of files) {
    const js = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText.replace(/from 'mqtt'/g, `from '${mqttUrl}'`);
    const target = join(out, relative(gatewaySrc, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, js);
  }
  writeFileSync(join(out, 'package.json'), '{ "type": "module" }');
  writeFileSync(
    join(out, 'child.js'),
    `import { HubLink } from './publish/hub-link.js';
const link = new HubLink({ url: process.argv[2], site: process.argv[3] });
link.on('online', () => console.log('online'));
link.start();
`,
  );
  const proc = spawn(process.execPath, [join(out, 'child.js'), url, site], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => (stderr += d));
  cleanups.push(() => {
    proc.kill('SIGKILL');
  });
  await new Promise<void>((resolve, reject) => {
    proc.stdout.on('data', (d: Buffer) => d.toString().includes('online') && resolve());
    proc.on('exit', () => reject(new Error(`link child exited: ${stderr}`)));
  });
  return proc;
}
