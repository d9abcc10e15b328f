import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubLink, Outbox, Publisher, topicFor } from '@clinic-edge/gateway';
import { freePort, makeCertificates, Mosquitto, mosquittoAvailable, subscribe, writePasswordFile } from './support/mosquitto.js';

const exampleDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'config', 'mosquitto');

/** config/mosquitto/mosquitto.conf with only ports and file paths swapped for temporary ones. */
function adaptExample(paths: Record<string, string>, tlsPort: number, localPort: number): string {
  const conf = readFileSync(join(exampleDir, 'mosquitto.conf'), 'utf8')
    .replace(/^listener 8883$/m, `listener ${tlsPort} 127.0.0.1`)
    .replace(/^listener 1883 127\.0\.0\.1$/m, `listener ${localPort} 127.0.0.1`)
    .replace(/^log_dest syslog$/m, 'log_dest stderr')
    .replace(/^(cafile|certfile|keyfile|password_file|acl_file|persistence_location) .*$/gm, (_l, key: string) => `${key} ${paths[key]}`);
  return conf + (process.getuid?.() === 0 ? 'user root\n' : '');
}

describe.skipIf(!mosquittoAvailable())('config/mosquitto example, run as it is', () => {
  let dir: string;
  let broker: Mosquitto;
  let tlsUrl: string;
  let localUrl: string;
  let caFile: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'clinic-edge-example-hub-'));
    mkdirSync(join(dir, 'certs'));
    const certs = makeCertificates(join(dir, 'certs'));
    caFile = certs.caFile;
    writePasswordFile(join(dir, 'passwd'), { 'site-a': 'pw-a', 'site-b': 'pw-b', 'hub-reader': 'pw-hub' });
    const [tlsPort, localPort] = [await freePort(), await freePort()];
    const conf = adaptExample({ cafile: certs.caFile, certfile: certs.serverCert, keyfile: certs.serverKey, password_file: join(dir, 'passwd'), acl_file: join(exampleDir, 'acl'), persistence_location: `${dir}/` }, tlsPort, localPort);
    writeFileSync(join(dir, 'hub.conf'), conf);
    broker = await Mosquitto.fromConfig(join(dir, 'hub.conf'), localPort);
    tlsUrl = `mqtts://127.0.0.1:${tlsPort}`;
    localUrl = `mqtt://127.0.0.1:${localPort}`;
  });
  afterAll(async () => {
    await broker?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a site gets in over TLS with its password, writes under its own prefix only, and the hub reader sees it', async () => {
    const reader = await subscribe(tlsUrl, 'clinic-edge/v1/#', { username: 'hub-reader', password: 'pw-hub', ca: readFileSync(caFile) });
    const outbox = new Outbox({ path: join(dir, 'outbox.db') });
    const link = new HubLink({ url: tlsUrl, site: 'site-a', tls: { caFile }, username: 'site-a', passwordEnv: 'PW', env: { PW: 'pw-a' } });
    const publisher = new Publisher({ outbox, link });
    try {
      const alert = (topic: string, n: number) => ({ site: 'site-a', device: 'ecg-1', stream: 'alerts' as const, topic, payload: Buffer.from(`{"n":${n}}`) });
      outbox.enqueue([alert(topicFor('site-a', 'ecg-1', 'alerts'), 1), alert(topicFor('site-b', 'ecg-1', 'alerts'), 2), alert(topicFor('site-a', 'ecg-1', 'alerts'), 3)]);
      link.start();
      publisher.start();
      await expect.poll(() => outbox.stats().messages, { timeout: 10_000 }).toBe(0);
      await reader.waitFor((m) => m.filter((x) => x.topic.endsWith('/alerts')).length >= 2);
      expect(reader.messages.filter((x) => x.topic.endsWith('/alerts')).map((x) => x.payload.toString())).toEqual(['{"n":1}', '{"n":3}']);
      expect(outbox.deadLetters().map((d) => d.id)).toEqual(['site-a/ecg-1/alerts/2']);
      expect(reader.messages.some((x) => x.topic === 'clinic-edge/v1/site-a/gateway/status' && x.payload.toString().includes('online'))).toBe(true);
    } finally {
      publisher.stop();
      await link.stop(500);
      outbox.close();
      await reader.close();
    }
  });

  it('refuses anonymous clients, and the hub reader may not write', async () => {
    const anonymous = new HubLink({ url: localUrl, site: 'site-a', backoff: { initialMs: 50, maxMs: 100 } });
    const failure = new Promise((resolve) => anonymous.once('failure', resolve));
    anonymous.start();
    expect(await failure).toMatchObject({ code: 'E_MQTT_AUTH' });
    await anonymous.stop();

    const asReader = new HubLink({ url: localUrl, site: 'hub-reader', username: 'hub-reader', passwordEnv: 'PW', env: { PW: 'pw-hub' } });
    asReader.start();
    await new Promise((resolve) => asReader.once('online', resolve));
    const outcome = await new Promise<number>((resolve) => asReader.publish(topicFor('site-a', 'ecg-1', 'alerts'), Buffer.from('{}'), false, resolve));
    expect(outcome).toBe(0x87);
    await asReader.stop();
  });
});
