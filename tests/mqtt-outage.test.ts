import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubLink, Outbox, Publisher, topicFor, type NewMessage, type PublishLink, type Stream } from '@clinic-edge/gateway';
import { Mosquitto, mosquittoAvailable, startTcpFront, subscribe, type Received } from './support/mosquitto.js';

const SITE = 'van-7';

describe.skipIf(!mosquittoAvailable())('hub outage: broker stopped, then restarted on the same port', () => {
  let dir: string;
  let broker: Mosquitto;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'clinic-edge-mqtt-outage-'));
    // Persistence keeps the hub reader's session, so nothing published while it reconnects is lost to it.
    broker = await Mosquitto.start({ persistence: true });
  });
  afterAll(async () => {
    await broker?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the outbox grows while the hub is down, then drains with alerts first, each stream in order, nothing lost', async () => {
    const reader = await subscribe(broker.url, `clinic-edge/v1/${SITE}/+/+`, { clientId: 'hub-reader', clean: false, properties: { sessionExpiryInterval: 3600 } });
    const outbox = new Outbox({ path: join(dir, 'outbox.db') });
    const link = new HubLink({ url: broker.url, site: SITE, backoff: { initialMs: 50, maxMs: 300 } });
    const publisher = new Publisher({ outbox, link, window: 64, pollMs: 100 });
    link.start();
    publisher.start();
    try {
      const counters = new Map<string, number>();
      const make = (device: string, stream: Stream): NewMessage => {
        const key = `${device}/${stream}`;
        const k = (counters.get(key) ?? 0) + 1;
        counters.set(key, k);
        return { site: SITE, device, stream, topic: topicFor(SITE, device, stream), payload: Buffer.from(JSON.stringify({ k })) };
      };
      const streams: [string, Stream][] = [['ecg-1', 'waveform'], ['ecg-2', 'waveform'], ['ecg-1', 'summary'], ['spo2-1', 'vitals'], ['ecg-1', 'alerts'], ['ecg-2', 'alerts']];
      const round = (i: number): NewMessage[] => streams.filter(([, s], j) => s === 'waveform' || i % (3 + j) === 0).map(([d, s]) => make(d, s));

      // Before the outage: a steady flow that gets through.
      for (let i = 0; i < 20; i++) outbox.enqueue(round(i));
      publisher.wake();
      await expect.poll(() => outbox.stats().messages, { timeout: 10_000 }).toBe(0);
      const warmup = [...counters.values()].reduce((a, b) => a + b, 0);
      await reader.waitFor((m) => m.filter((x) => !x.topic.endsWith('/gateway/status')).length >= warmup);

      const warmupK = new Map(counters); // messages with a higher k were enqueued during the outage
      const offline = new Promise((resolve) => link.once('offline', resolve));
      await broker.stop();
      await offline;
      const before = outbox.stats().messages;
      for (let i = 20; i < 400; i++) {
        outbox.enqueue(round(i));
        publisher.wake();
        if (i % 50 === 0) await new Promise((r) => setTimeout(r, 20)); // time passes; the link keeps retrying
      }
      const during = outbox.stats();
      expect(before).toBe(0);
      expect(during.messages).toBeGreaterThan(760); // all of it waits in the file
      expect(during.byStream.alerts.messages).toBeGreaterThan(50);
      const streamOf = (m: Received): string => m.topic.split('/').slice(3).join('/');

      await broker.start();
      const total = [...counters.values()].reduce((a, b) => a + b, 0);
      await expect.poll(() => outbox.stats().messages, { timeout: 20_000 }).toBe(0);
      await reader.waitFor((m) => new Set(m.filter((x) => !x.topic.endsWith('/gateway/status')).map(key)).size >= total, 20_000);

      // Nothing lost: every sequence number of every stream, at least once.
      for (const [name, n] of counters) {
        const got = new Set(reader.messages.filter((m) => m.topic.endsWith(`/${name}`)).map(seqOf));
        expect(got.size, name).toBe(n);
      }
      // Order kept within each stream (first arrival of each seq).
      for (const name of counters.keys()) {
        const seen = new Set<number>();
        const firsts = reader.messages.filter((m) => m.topic.endsWith(`/${name}`)).map(seqOf).filter((k) => !seen.has(k) && (seen.add(k), true));
        expect(firsts, name).toEqual([...firsts].sort((a, b) => a - b));
      }
      // Alerts first after the outage, then vitals and summaries, then waveform. A broker restart may
      // deliver some earlier messages again (QoS 1 is at least once), so only the outage's count.
      const replay = reader.messages.filter((m) => !m.topic.endsWith('/gateway/status') && seqOf(m) > warmupK.get(streamOf(m))!);
      const rank = (m: Received): number => (m.topic.endsWith('/alerts') ? 0 : m.topic.endsWith('/waveform') ? 2 : 1);
      const ranks = replay.map(rank);
      expect(ranks.indexOf(1)).toBeGreaterThan(ranks.lastIndexOf(0));
      expect(ranks.indexOf(2)).toBeGreaterThan(ranks.lastIndexOf(1));
      expect(publisher.stats().released).toBe(0); // nothing was in flight when the hub went away
    } finally {
      publisher.stop();
      await link.stop(500);
      outbox.close();
      await reader.close();
    }
  });
});

const key = (m: Received): string => `${m.topic}#${seqOf(m)}`;
const seqOf = (m: Received): number => (JSON.parse(m.payload.toString()) as { k: number }).k;

describe.skipIf(!mosquittoAvailable())('network cut with messages in flight', () => {
  let dir: string;
  let broker: Mosquitto;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'clinic-edge-mqtt-cut-'));
    broker = await Mosquitto.start();
  });
  afterAll(async () => {
    await broker?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives in-flight messages back without counting a failed attempt, and sends them again after reconnecting', async () => {
    const front = await startTcpFront(broker.port);
    const reader = await subscribe(broker.url, `clinic-edge/v1/${SITE}/+/waveform`); // straight to the broker: it keeps running
    // maxAttempts 1: if losing the link counted as a failed attempt, the messages would be dead-lettered.
    const outbox = new Outbox({ path: join(dir, 'cut.db'), maxAttempts: 1, maxInFlightPerStream: 128 });
    const link = new HubLink({ url: `mqtt://127.0.0.1:${front.port}`, site: SITE, backoff: { initialMs: 50, maxMs: 100 } });
    let published = 0;
    // The cut happens right after the 1000th PUBLISH is handed to the socket: that one is surely in flight.
    const cutting: PublishLink = {
      get online() {
        return link.online;
      },
      get info() {
        return link.info;
      },
      on: link.on.bind(link),
      off: link.off.bind(link),
      publish: (topic, payload, retain, done) => {
        const sent = link.publish(topic, payload, retain, done);
        if (sent && ++published === 1000) front.cut();
        return sent;
      },
    } as PublishLink;
    const publisher = new Publisher({ outbox, link: cutting, window: 256 });
    const n = 2500;
    const devices = ['ecg-1', 'ecg-2', 'ecg-3', 'ecg-4'];
    try {
      const msgs: NewMessage[] = Array.from({ length: n }, (_, i) => {
        const device = devices[i % 4];
        return { site: SITE, device, stream: 'waveform', topic: topicFor(SITE, device, 'waveform'), payload: Buffer.from(JSON.stringify({ k: Math.floor(i / 4) + 1 })) };
      });
      outbox.enqueue(msgs);
      let offline = 0;
      link.on('offline', () => offline++);
      link.start();
      publisher.start();
      await expect.poll(() => outbox.stats().messages, { timeout: 20_000 }).toBe(0);
      await reader.waitFor((m) => new Set(m.map(key)).size >= n);
      expect(offline).toBe(1);
      expect(publisher.stats().released).toBeGreaterThan(0);
      expect(outbox.stats().deadLettered).toBe(0);
      for (const d of devices) {
        const got = new Set(reader.messages.filter((m) => m.topic.includes(`/${d}/`)).map(seqOf));
        expect(got.size, d).toBe(n / 4);
      }
      // Any duplicate is byte-identical to the first copy.
      const first = new Map<string, string>();
      for (const m of reader.messages) {
        const k = key(m);
        const body = m.payload.toString('hex');
        if (first.has(k)) expect(body).toBe(first.get(k));
        else first.set(k, body);
      }
    } finally {
      publisher.stop();
      await link.stop(500);
      outbox.close();
      await reader.close();
      await front.close();
    }
  });
});
