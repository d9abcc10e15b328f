import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HubLink, Outbox, PublishError, Publisher, topicFor, type HubLinkOptions, type LinkInfo } from '@clinic-edge/gateway';
import { makeCertificates, Mosquitto, mosquittoAvailable, subscribe, writePasswordFile, type Certificates } from './support/mosquitto.js';

let dir: string;
const cleanups: (() => Promise<void> | void)[] = [];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'clinic-edge-mqtt-sec-'));
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function link(options: Partial<HubLinkOptions> & { url: string }): HubLink {
  const hub = new HubLink({ site: 'site-a', backoff: { initialMs: 50, maxMs: 200 }, connectTimeoutMs: 3000, ...options });
  cleanups.push(() => hub.stop(500));
  return hub;
}

/** Resolves with the first `online` or the first `failure`, whichever comes first. */
function firstOutcome(hub: HubLink): Promise<LinkInfo | PublishError> {
  return new Promise((resolve) => {
    hub.once('online', resolve);
    hub.once('failure', resolve);
  });
}

describe.skipIf(!mosquittoAvailable())('TLS to a real Mosquitto', () => {
  let certs: Certificates;
  let broker: Mosquitto;
  beforeAll(async () => {
    const certDir = join(dir, 'certs');
    rmSync(certDir, { recursive: true, force: true });
    mkdirSync(certDir);
    certs = makeCertificates(certDir);
    broker = await Mosquitto.start({ tls: { caFile: certs.caFile, certFile: certs.serverCert, keyFile: certs.serverKey, requireCertificate: true } });
  });
  afterAll(async () => {
    await broker?.dispose();
  });

  it('connects with the CA and a client certificate, and messages arrive', async () => {
    const tls = { caFile: certs.caFile, certFile: certs.clientCert, keyFile: certs.clientKey };
    const hub = link({ url: broker.url, tls });
    const outcome = firstOutcome(hub);
    hub.start();
    expect(await outcome).toMatchObject({ protocolVersion: 5 });
    let got = -1;
    await new Promise<void>((resolve) => hub.publish(topicFor('site-a', 'ecg-1', 'alerts'), Buffer.from('{}'), false, (o) => ((got = o), resolve())));
    expect(got).toBe(0);
  });

  it('refuses a broker whose certificate was not signed by the configured CA (E_MQTT_TLS) and never goes online', async () => {
    const hub = link({ url: broker.url, tls: { caFile: certs.otherCaFile, certFile: certs.clientCert, keyFile: certs.clientKey } });
    const outcome = firstOutcome(hub);
    hub.start();
    const err = await outcome;
    expect(err).toBeInstanceOf(PublishError);
    expect((err as PublishError).code).toBe('E_MQTT_TLS');
    expect((err as PublishError).message).toMatch(/caFile/);
    expect(hub.online).toBe(false);
  });

  it('names the missing CA file at start', () => {
    const hub = link({ url: broker.url, tls: { caFile: join(dir, 'nope.crt') } });
    expect(() => hub.start()).toThrow(expect.objectContaining({ code: 'E_MQTT_TLS', message: expect.stringContaining('nope.crt') }));
  });
});

describe.skipIf(!mosquittoAvailable())('per-site passwords and ACL on a real Mosquitto', () => {
  let broker: Mosquitto;
  beforeAll(async () => {
    const passwords = join(dir, 'passwd');
    writePasswordFile(passwords, { 'site-a': 'correct horse', 'site-b': 'battery staple', hub: 'reader' });
    const acl = join(dir, 'acl');
    writeFileSync(acl, ['user hub', 'topic read clinic-edge/v1/#', '', 'pattern write clinic-edge/v1/%u/#', ''].join('\n'));
    broker = await Mosquitto.start({ passwordFile: passwords, aclFile: acl });
  });
  afterAll(async () => {
    await broker?.dispose();
  });

  it('connects with the password from a file, or from the environment', async () => {
    const file = join(dir, 'site-a.pw');
    writeFileSync(file, 'correct horse\n', { mode: 0o600 });
    const a = link({ url: broker.url, username: 'site-a', passwordFile: file });
    const outcomeA = firstOutcome(a);
    a.start();
    expect(await outcomeA).toMatchObject({ protocolVersion: 5 });

    const b = link({ url: broker.url, site: 'site-b', usernameEnv: 'HUB_USER', passwordEnv: 'HUB_PASSWORD', env: { HUB_USER: 'site-b', HUB_PASSWORD: 'battery staple' } });
    const outcomeB = firstOutcome(b);
    b.start();
    expect(await outcomeB).toMatchObject({ protocolVersion: 5 });
  });

  it('a wrong password fails clearly (E_MQTT_AUTH naming the user, never the password) and is retried', async () => {
    const hub = link({ url: broker.url, username: 'site-a', passwordEnv: 'PW', env: { PW: 'wrong password' } });
    const failures: PublishError[] = [];
    hub.on('failure', (e) => failures.push(e));
    hub.start();
    await expect.poll(() => failures.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    expect(failures[0].code).toBe('E_MQTT_AUTH');
    expect(failures[0].message).toMatch(/site-a/);
    expect(failures[0].message).not.toMatch(/wrong password/);
    expect(JSON.stringify(failures[0].context)).not.toMatch(/wrong password/);
    expect(hub.online).toBe(false);
  });

  it('an unset password variable is a typed error at start', () => {
    const hub = link({ url: broker.url, username: 'site-a', passwordEnv: 'NOT_SET', env: {} });
    expect(() => hub.start()).toThrow(expect.objectContaining({ code: 'E_MQTT_CREDENTIALS', message: expect.stringContaining('NOT_SET') }));
  });

  it('a publish outside the site prefix is refused (PUBACK 0x87), dead-lettered at once, and does not block the queue', async () => {
    const reader = await subscribe(broker.url, 'clinic-edge/v1/#', { username: 'hub', password: 'reader' });
    cleanups.push(() => reader.close());
    const pw = join(dir, 'a.pw');
    writeFileSync(pw, 'correct horse');
    const outbox = new Outbox({ path: join(dir, 'acl-outbox.db') });
    const hub = link({ url: broker.url, username: 'site-a', passwordFile: pw });
    const pub = new Publisher({ outbox, link: hub });
    cleanups.push(() => {
      pub.stop();
      outbox.close();
    });
    const msg = (topic: string, n: number) => ({ site: 'site-a', device: 'ecg-1', stream: 'alerts' as const, topic, payload: Buffer.from(JSON.stringify({ n })) });
    const own = topicFor('site-a', 'ecg-1', 'alerts');
    // A misconfigured producer wrote one alert under another site's prefix, between two good ones.
    outbox.enqueue([msg(own, 1), msg(topicFor('site-b', 'ecg-1', 'alerts'), 2), msg(own, 3)]);
    outbox.enqueue([{ site: 'site-a', device: 'spo2', stream: 'vitals', topic: topicFor('site-a', 'spo2', 'vitals'), payload: Buffer.from('{"n":4}') }]);
    hub.start();
    pub.start();
    await reader.waitFor((m) => m.filter((x) => !x.topic.endsWith('/status')).length >= 3);
    await expect.poll(() => outbox.stats().messages).toBe(0);
    const data = reader.messages.filter((x) => !x.topic.endsWith('/status')).map((x) => JSON.parse(x.payload.toString()).n as number);
    // Mosquitto 2.0 closes the connection just after its PUBACK 0x87 (its log: "Bad socket read/write"),
    // and the close can overtake PUBACKs the gateway had not read yet; those messages go again on the
    // next connection. So each good message arrives at least once (the hub de-duplicates by id), first
    // arrivals in order, and the refused one never.
    expect([...new Set(data)]).toEqual([1, 3, 4]);
    const dead = outbox.deadLetters();
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ id: 'site-a/ecg-1/alerts/2', attempts: 1 });
    expect(dead[0].reason).toMatch(/0x87 not authorized/);
    expect(pub.stats()).toMatchObject({ refused: 1, deadLettered: 1, acked: 3 });
  });
});
