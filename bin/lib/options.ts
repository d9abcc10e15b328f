import { InvalidArgumentError } from 'commander';
import path from 'node:path';

/** commander parser for a non-negative integer option. */
export function nonNegativeInt(name: string): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`${name} must be a whole number >= 0, got "${value}".`);
    return Number(value);
  };
}

/** commander parser for a positive integer option. */
export function positiveInt(name: string): (value: string) => number {
  return (value) => {
    const n = nonNegativeInt(name)(value);
    if (n < 1) throw new InvalidArgumentError(`${name} must be at least 1, got "${value}".`);
    return n;
  };
}

/** Data folder: --data, else $CLINIC_EDGE_DATA, else ../shared/data from the working directory. */
export function resolveDataDir(option: string | undefined): string {
  return path.resolve(option ?? process.env.CLINIC_EDGE_DATA ?? '../shared/data');
}

/** commander parser for a list of one or two signal numbers, "0" or "0,2". */
export function channelList(name: string): (value: string) => number[] {
  return (value) => {
    const parts = commaList(value);
    if (parts.length < 1 || parts.length > 2) throw new InvalidArgumentError(`${name} takes one or two signal numbers, as 0 or 0,2; got "${value}".`);
    return parts.map((p) => nonNegativeInt(name)(p));
  };
}

/** "101,118, 203" -> ['101', '118', '203'] */
export function commaList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
