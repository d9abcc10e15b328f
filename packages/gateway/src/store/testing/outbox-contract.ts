import { afterEach, beforeEach, describe } from 'vitest';
import type { OutboxStore } from '../types.js';
import { boundsCases } from './contract-bounds.js';
import { deliveryCases } from './contract-delivery.js';
import { orderingCases } from './contract-ordering.js';
import type { ContractContext, OutboxHarness } from './fixtures.js';
import { FakeClock } from './fixtures.js';

export type { OutboxHarness } from './fixtures.js';

/**
 * The behaviour every OutboxStore must have (ordering, delivery, bounds, reopening).
 * Run it from a test file: `outboxContract('Outbox (SQLite)', () => harness)`.
 */
export function outboxContract(name: string, makeHarness: () => OutboxHarness): void {
  describe(`${name}: outbox contract`, () => {
    let harness: OutboxHarness;
    let opened: OutboxStore[] = [];
    const ctx: ContractContext = {
      clock: new FakeClock(),
      open: (options = {}) => {
        const store = harness.open({ now: ctx.clock.now, ...options });
        opened.push(store);
        return store;
      },
    };
    beforeEach(() => {
      ctx.clock = new FakeClock();
      harness = makeHarness();
    });
    afterEach(() => {
      for (const store of opened) store.close();
      opened = [];
      harness.dispose();
    });
    orderingCases(ctx);
    deliveryCases(ctx);
    boundsCases(ctx);
  });
}
