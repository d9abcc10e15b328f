import { existsSync, readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import path from 'node:path';

/** One serial port and what the system says about it; fields are null where nothing is known. */
export interface PortInfo {
  path: string; // /dev/ttyUSB0
  byId: string | null; // /dev/serial/by-id/... (stable across reboots: use it in the configuration)
  kind: 'usb' | 'on-board' | 'unknown';
  driver: string | null;
  vendorId: string | null; // USB idVendor, hex
  productId: string | null;
  manufacturer: string | null;
  product: string | null;
  serialNumber: string | null;
  source: 'serialport' | 'sysfs' | 'dev';
}

const read = (file: string): string | null => {
  try {
    return readFileSync(file, 'utf8').trim() || null;
  } catch {
    return null;
  }
};

/** Links in /dev/serial/by-id, by the device they point to. */
function byIdLinks(): Map<string, string> {
  const dir = '/dev/serial/by-id';
  const out = new Map<string, string>();
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    try {
      out.set(realpathSync(path.join(dir, name)), path.join(dir, name));
    } catch {
      // a dangling link: the adapter was just pulled out
    }
  }
  return out;
}

/** Walks up from a tty's sysfs device to the USB device that holds idVendor/idProduct. */
function usbParent(deviceDir: string): string | null {
  let dir: string;
  try {
    dir = realpathSync(deviceDir);
  } catch {
    return null;
  }
  for (let i = 0; i < 6 && dir !== '/'; i++, dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'idVendor'))) return dir;
  }
  return null;
}

/** From /sys/class/tty: every tty backed by a device (virtual consoles and ptys have none). */
export function listFromSysfs(root = '/sys/class/tty'): PortInfo[] {
  if (!existsSync(root)) return [];
  const ids = byIdLinks();
  const ports: PortInfo[] = [];
  for (const name of readdirSync(root)) {
    const deviceDir = path.join(root, name, 'device');
    if (!existsSync(deviceDir)) continue;
    let driver: string | null = null;
    try {
      driver = path.basename(readlinkSync(path.join(deviceDir, 'driver')));
    } catch {
      driver = /DRIVER=(.*)/.exec(read(path.join(deviceDir, 'uevent')) ?? '')?.[1] ?? null;
    }
    // serial8250 lists 4-32 ttyS ports whether or not a UART is fitted; keep those, they may be real.
    const usb = usbParent(deviceDir);
    const dev = path.join('/dev', name);
    ports.push({
      path: dev,
      byId: ids.get(dev) ?? null,
      kind: usb ? 'usb' : 'on-board',
      driver,
      vendorId: usb ? read(path.join(usb, 'idVendor')) : null,
      productId: usb ? read(path.join(usb, 'idProduct')) : null,
      manufacturer: usb ? read(path.join(usb, 'manufacturer')) : null,
      product: usb ? read(path.join(usb, 'product')) : null,
      serialNumber: usb ? read(path.join(usb, 'serial')) : null,
      source: 'sysfs',
    });
  }
  return ports;
}

/** Last resort (no sysfs): the device nodes themselves. */
export function listFromDev(dir = '/dev'): PortInfo[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => /^tty(S|USB|ACM|AMA)\d+$/.test(n))
    .map((n) => ({ path: path.join(dir, n), byId: null, kind: /USB|ACM/.test(n) ? ('usb' as const) : ('unknown' as const), driver: null, vendorId: null, productId: null, manufacturer: null, product: null, serialNumber: null, source: 'dev' as const }));
}

/** serialport's list() (udev where present), completed from sysfs and /dev for what it misses. */
export async function listPorts(): Promise<PortInfo[]> {
  const found = new Map<string, PortInfo>();
  try {
    const { SerialPort } = await import('serialport');
    for (const p of await SerialPort.list()) {
      found.set(p.path, {
        path: p.path,
        byId: p.pnpId ? `/dev/serial/by-id/${p.pnpId}` : null,
        kind: p.vendorId ? 'usb' : 'unknown',
        driver: null,
        vendorId: p.vendorId ?? null,
        productId: p.productId ?? null,
        manufacturer: p.manufacturer ?? null,
        product: null,
        serialNumber: p.serialNumber ?? null,
        source: 'serialport',
      });
    }
  } catch {
    // udevadm missing (containers, minimal images): sysfs below says as much
  }
  const sysfs = listFromSysfs();
  for (const p of sysfs.length > 0 ? sysfs : listFromDev()) {
    const have = found.get(p.path);
    if (!have) found.set(p.path, p);
    else for (const k of Object.keys(p) as (keyof PortInfo)[]) if (have[k] === null && p[k] !== null) (have as unknown as Record<string, unknown>)[k] = p[k];
  }
  return [...found.values()].sort((a, b) => (a.kind === b.kind ? a.path.localeCompare(b.path, 'en', { numeric: true }) : a.kind === 'usb' ? -1 : 1));
}
