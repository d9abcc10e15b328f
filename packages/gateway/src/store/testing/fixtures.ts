import type { NewMessage, OutboxOptions, OutboxStore, Stream } from '../types.js';

/** A clock the test moves by hand. */
export class FakeClock {
  constructor(public t = 1_700_000_000_000) {}
  readonly now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

/** A message of `bytes` payload bytes; topic is one byte so stored bytes = payload + 1. */
export function msg(stream: Stream, device = 'dev1', bytes = 10, fill = 0): NewMessage {
  return { site: 'van1', device, stream, topic: 't', payload: new Uint8Array(bytes).fill(fill) };
}

/** Deterministic PRNG (mulberry32) so randomized cases replay exactly. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What an implementation provides to run the contract against it. */
export interface OutboxHarness {
  /** Opens the store; after close(), opening again must reach the same storage. */
  open(options: OutboxOptions): OutboxStore;
  /** Removes the storage. */
  dispose(): void;
}

export interface ContractContext {
  clock: FakeClock;
  /** Opens with the fake clock; stores are closed after each test. */
  open(options?: OutboxOptions): OutboxStore;
}
