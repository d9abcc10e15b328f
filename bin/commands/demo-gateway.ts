import { createLogger, Daemon, loadConfig, Outbox, type OutboxStats } from '@clinic-edge/gateway';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createSimulator, type Simulator } from '../../firmware-sim/index.js';
import { EmbeddedBroker } from '../diagnostics/demo/embedded-broker.js';
import { HubView } from '../diagnostics/demo/hub-view.js';
import { LinkCutter } from '../diagnostics/demo/link-cutter.js';
import { Timeline } from '../diagnostics/demo/timeline.js';
import { CliError } from '../lib/errors.js';

export interface GatewayDemoOptions {
  duration: number; // s, whole demo
  hub?: string; // mqtt://host:port of a real broker; default an embedded aedes
  record?: string; // ECG record to play (default bundled MIT-BIH 119)
  print: (line: string) => void;
}

export interface GatewayDemoResult {
  messages: number;
  alerts: number;
  lost: number; // sequence numbers missing at the hub, all streams
  leftInOutbox: number;
  alertsFirst: boolean | null; // null when no alert was raised during the cut
  interrupted: boolean;
}

const SITE = 'demo-clinic';

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

function hostPort(url: string): { host: string; port: number } {
  const m = /^mqtt:\/\/([^:/]+):(\d+)\/?$/.exec(url);
  if (!m) throw new CliError(`--hub ${url}: write mqtt://HOST:PORT (the demo speaks plain MQTT; TLS hubs are for clinic-edge run)`);
  return { host: m[1], port: Number(m[2]) };
}

function outboxLine(s: OutboxStats | null): string {
  if (!s) return 'outbox: -';
  const b = s.byStream;
  return `outbox holds ${s.messages} messages (alerts ${b.alerts.messages}, vitals ${b.vitals.messages}, summary ${b.summary.messages}, status ${b.status.messages}, waveform ${b.waveform.messages})`;
}

/**
 * The whole chain on one machine with only Node.js: a hub (embedded aedes, or --hub), three simulated
 * devices on TCP (an ECG board playing MIT-BIH 119 with its bigeminy, a Masimo oximeter, an HL7 monitor),
 * the gateway daemon with a temporary outbox, and a hub view. A relay between gateway and hub cuts the
 * link from 30 % to 60 % of the run; the outbox fills, then drains alerts first; at the end every
 * stream's sequence numbers are checked for gaps. Everything runs in this process and is closed and
 * deleted at the end or on Ctrl-C.
 */
export async function runGatewayDemo(o: GatewayDemoOptions): Promise<GatewayDemoResult> {
  const p = o.print;
  const tl = new Timeline();
  const onSignal = (): void => {
    p('stopping (Ctrl-C): closing everything...');
    tl.stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'clinic-edge-demo-'));
  const logs: string[] = [];
  const cleanups: (() => Promise<void> | void)[] = [() => rmSync(tmp, { recursive: true, force: true })];
  let daemon: Daemon | null = null;
  let view: HubView | null = null;
  const sims: Simulator[] = [];
  try {
    let hubUrl = o.hub;
    if (!hubUrl) {
      const broker = new EmbeddedBroker();
      await broker.start();
      cleanups.push(() => broker.close());
      hubUrl = broker.url;
      p(`county hub: embedded MQTT broker (aedes) at ${hubUrl}`);
    } else p(`county hub: ${hubUrl}`);
    const target = hostPort(hubUrl);
    const cutter = new LinkCutter(target.host, target.port);
    await cutter.start();
    cleanups.push(() => cutter.close());

    const mllpPort = await freePort();
    // MIT-BIH 119's first bigeminy runs from 21 s and the analyzer flags it about 9 s later: start the
    // bundled record so that this alert falls inside the link cut whatever the duration.
    const start = o.record ? 0 : Math.max(0, Math.round(30 - 0.45 * o.duration));
    const ecg = createSimulator({ protocol: 'openview', record: o.record, start, tcp: 0 });
    const spo2 = createSimulator({ protocol: 'masimo', tcp: 0 });
    const monitor = createSimulator({ protocol: 'hl7', tcp: mllpPort, interval: 5 });
    for (const s of [ecg, spo2, monitor]) {
      await s.start();
      sims.push(s);
      cleanups.push(() => s.stop());
    }
    p(`devices: ECG board ${ecg.address} (${ecg.device.description})`);
    p(`         pulse oximeter ${spo2.address} (${spo2.device.description})`);
    p(`         bedside monitor sending HL7 to the gateway at mllp://127.0.0.1:${mllpPort}`);

    const configFile = path.join(tmp, 'gateway.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        version: 1,
        siteId: SITE,
        devices: [
          { id: 'ecg-1', protocol: 'openview', port: ecg.address, sampleRate: 360 },
          { id: 'spo2-1', protocol: 'masimo', port: spo2.address },
          { id: 'monitor-1', protocol: 'hl7-mllp', port: `mllp://127.0.0.1:${mllpPort}` },
        ],
        hub: { url: `mqtt://127.0.0.1:${cutter.port}` },
        store: { path: path.join(tmp, 'outbox.db') },
        logging: { level: 'warn' },
      }),
    );
    const config = loadConfig(configFile);
    view = new HubView(hubUrl, SITE, p);
    await view.start();
    const logger = createLogger({ level: 'warn', destination: { write: (line: string) => void logs.push(line) } });
    daemon = new Daemon({ config, logger, hubBackoff: { initialMs: 250, maxMs: 1000 }, drainMs: 3000 });
    daemon.start();
    p(`gateway: site ${SITE}, outbox ${config.store.path}`);
    p('');

    const d = o.duration;
    const cutAt = Math.round(d * 0.3);
    const restoreAt = Math.round(d * 0.6);
    let restored = 0;
    let held = 0;
    const events: { at: number; run: () => void }[] = [];
    for (let t = 5; t < d; t += 5) if (t < cutAt || t > restoreAt) events.push({ at: t, run: () => p(`${t} s: ${view!.line()}`) });
    for (let t = cutAt + 3; t < restoreAt; t += 3) events.push({ at: t, run: () => p(`${t} s: link down; ${outboxLine(daemon!.outboxStats)}`) });
    events.push({
      at: cutAt,
      run: () => {
        cutter.cut();
        p(`--- ${cutAt} s: the link to the hub is CUT (the van is out of coverage); the gateway keeps everything ---`);
      },
    });
    events.push({
      at: restoreAt,
      run: () => {
        p(`--- ${restoreAt} s: ${outboxLine(daemon!.outboxStats)}; the link is BACK ---`);
        restored = view!.arrivals.length;
        held = daemon!.outboxStats?.messages ?? 0;
        cutter.restore();
      },
    });
    events.sort((a, b) => a.at - b.at);
    for (const ev of events) {
      if (!(await tl.until(ev.at))) break;
      ev.run();
    }
    if (!tl.stopRequested) await tl.until(d);

    // Let the gateway send what it holds, then stop it (which flushes the last frames and drains).
    if (cutter.cutNow) cutter.restore();
    const drainEnd = Date.now() + 15_000;
    while (Date.now() < drainEnd && (daemon.outboxStats?.messages ?? 0) > 0) await new Promise((r) => setTimeout(r, 100));
    await daemon.stop('demo over');
    daemon = null;
    const outbox = new Outbox({ path: config.store.path });
    const left = outbox.stats().messages;
    outbox.close();
    for (const s of sims.splice(0)) await s.stop();
    await new Promise((r) => setTimeout(r, 500)); // the last PUBACKed messages reach the view
    return report(p, view, restored, held, tl, left);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (daemon) await daemon.stop('demo interrupted').catch(() => {});
    await view?.stop().catch(() => {});
    for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => {});
    if (process.env.CLINIC_EDGE_DEBUG && logs.length) process.stderr.write(logs.join(''));
  }
}

function report(p: (l: string) => void, view: HubView, restoredFrom: number, held: number, tl: Timeline, left: number): GatewayDemoResult {
  p('');
  p(view.line());
  // The backlog: the first `held` arrivals once the link was back (the publisher sends by priority from
  // the outbox, so an alert raised just then may join it, as it should).
  const backlog = view.arrivals.slice(restoredFrom, restoredFrom + held);
  const firstOther = backlog.findIndex((a) => a.stream !== 'alerts');
  const lastAlert = backlog.map((a) => a.stream).lastIndexOf('alerts');
  const alertsFirst = lastAlert < 0 ? null : firstOther < 0 || lastAlert < firstOther;
  const counts = (s: string): number => backlog.filter((a) => a.stream === s).length;
  if (restoredFrom > 0 || backlog.length > 0) {
    p(`after the outage the hub received ${backlog.length} held messages in this order: alerts ${counts('alerts')}, then vitals ${counts('vitals')}, summary ${counts('summary')} and status ${counts('status')}, waveform ${counts('waveform')} last`);
    if (alertsFirst === null) p('(no alert was raised while the link was down)');
    else p(alertsFirst ? 'alerts arrived FIRST, before any other held message' : 'WARNING: an alert arrived after other held messages');
  }
  const gaps = view.gaps();
  let lost = 0;
  p('');
  p('per stream at the hub (sequence numbers 1..highest):');
  for (const g of gaps) {
    lost += g.missing.length;
    p(`  ${g.key.padEnd(20)} ${String(g.received).padStart(5)} received, highest ${String(g.highest).padStart(5)}, ${g.missing.length === 0 ? 'none missing' : `MISSING ${g.missing.slice(0, 10).join(', ')}${g.missing.length > 10 ? ' ...' : ''}`}`);
  }
  p(`duplicates (same id sent twice, harmless): ${view.duplicates}`);
  p(lost === 0 && left === 0 ? `NOTHING LOST: every sequence number of every stream reached the hub (${view.total} messages, ${view.alerts} alerts).` : `LOST: ${lost} sequence numbers missing at the hub, ${left} still in the outbox.`);
  return { messages: view.total, alerts: view.alerts, lost, leftInOutbox: left, alertsFirst, interrupted: tl.stopRequested };
}
