import type { GatewayLogger } from '../log/logger.js';
import type { Outbox } from '../store/outbox.js';
import type { TakenRequest } from '../store/requests.js';

/** How often the daemon looks for requests from the command line, ms: a technician waits on it. */
export const REQUEST_POLL_MS = 500;

/**
 * Serves what `clinic-edge queue` left in the outbox file for the running daemon (store/requests.ts),
 * in the daemon's own process, so that the queue's totals it keeps in memory stay right. Each
 * request is taken once and answered with its result or `{ error }`; none can stop the daemon.
 */
export function serveRequests(outbox: Outbox, wake: () => void, log: GatewayLogger, now: number): void {
  let taken: TakenRequest[];
  try {
    taken = outbox.requests.take(now);
  } catch (err) {
    log.warn({ err: (err as Error).message }, 'could not read requests from the command line; trying again');
    return;
  }
  for (const r of taken) {
    const result = serve(r, outbox, wake, log);
    try {
      outbox.requests.answer(r.id, result, now);
    } catch (err) {
      log.error({ err: (err as Error).message, request: r.id }, 'could not answer a request from the command line');
    }
  }
}

function serve(r: TakenRequest, outbox: Outbox, wake: () => void, log: GatewayLogger): unknown {
  if (r.kind !== 'requeue-dead') return { error: `unknown request kind ${JSON.stringify(r.kind)}` };
  const ids = requeueIds(r.args);
  if (ids === false) return { error: 'requeue-dead: args.ids must be a list of message ids' };
  try {
    const result = outbox.requeueDead(ids);
    // message ids name site, device, stream and seq: no patient identifier
    log.info({ requeued: result.requeued.length, kept: result.kept.length }, 'dead letters put back in the queue at the command line\'s request');
    if (result.requeued.length > 0) wake();
    return result;
  } catch (err) {
    log.error({ err: (err as Error).message }, 'requeue of dead letters failed');
    return { error: (err as Error).message };
  }
}

/** The ids a requeue request names: undefined for every dead letter, false when malformed. */
function requeueIds(args: unknown): string[] | undefined | false {
  if (args === null || typeof args !== 'object') return false;
  const ids = (args as { ids?: unknown }).ids;
  if (ids === undefined) return undefined;
  return Array.isArray(ids) && ids.every((x) => typeof x === 'string') ? ids : false;
}
