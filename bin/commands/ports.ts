import { Command } from 'commander';
import { formatTable } from '../../bench/lib/table.js';
import { listPorts } from '../diagnostics/port-list.js';

/** `clinic-edge ports`: the serial ports present, with what the system knows of each. */
export function portsCommand(): Command {
  return new Command('ports')
    .description('list the serial ports present, with USB vendor/product/serial where the system says')
    .option('--json', 'print the list as JSON')
    .action(async (opts: { json?: boolean }) => {
      const ports = await listPorts();
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(ports, null, 2)}\n`);
        return;
      }
      if (ports.length === 0) {
        process.stdout.write('No serial ports found. Plug the device or its USB-serial adapter in, wait a few seconds and run this again.\n');
        return;
      }
      const usb = ports.filter((p) => p.kind === 'usb');
      process.stdout.write(
        `${formatTable(
          ['port', 'type', 'vendor:product', 'maker', 'product', 'serial', 'stable name'],
          ports.map((p) => [p.path, p.kind, p.vendorId ? `${p.vendorId}:${p.productId ?? '?'}` : '-', p.manufacturer ?? '-', p.product ?? '-', p.serialNumber ?? '-', p.byId ?? '-']),
        )}\n`,
      );
      process.stdout.write(
        usb.length > 0
          ? `\n${usb.length} USB port(s). Use the stable name in the configuration where there is one; \`clinic-edge probe PORT\` tells what device talks there.\n`
          : '\nNo USB serial adapter is plugged in; on-board ports (ttyS) are listed whether or not anything is connected.\n',
      );
    });
}
