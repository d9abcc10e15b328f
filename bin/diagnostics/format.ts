/** Durations and sizes in the words a technician reads at a glance. */
export function ago(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return '-';
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  if (ms < 86_400_000) return `${(ms / 3_600_000).toFixed(1)} h`;
  return `${(ms / 86_400_000).toFixed(1)} days`;
}

export function bytes(n: number): string {
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(1)} MiB`;
  if (n >= 1 << 10) return `${(n / (1 << 10)).toFixed(1)} KiB`;
  return `${n} B`;
}

export function hex(b: Uint8Array, max = 32): string {
  return Array.from(b.subarray(0, max), (x) => x.toString(16).padStart(2, '0')).join(' ') + (b.length > max ? ' ...' : '');
}

/** The configuration a command looks at when none is named: $CLINIC_EDGE_CONFIG, else the installed one. */
export function defaultConfigPath(): string {
  return process.env.CLINIC_EDGE_CONFIG ?? '/etc/clinic-edge/gateway.json';
}
