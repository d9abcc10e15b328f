/**
 * Finds a message the hub answers by closing the connection.
 *
 * MQTT 3.1.1 has no way to refuse one PUBLISH: many brokers close the connection instead (AWS IoT
 * and HiveMQ on a publish the client may not make, Mosquitto on a packet over its max_packet_size).
 * The publisher gives everything in flight back to the outbox at a drop, without counting an
 * attempt (a flaky link must never dead-letter an alarm), so such a message was sent again on every
 * reconnect: the link flapped for ever, the hub saw the gateway go online and offline, and the
 * message's stream never moved on.
 *
 * A drop hits every message in flight, so one drop says nothing about which is at fault. This guard:
 *  1. counts, per message, the drops it was in flight at; once one has been at `isolateAfterDrops`,
 *     the publisher sends one message at a time (`isolating`), after the hub has acknowledged the
 *     connection's first publish (its birth message: the link has just made a round trip);
 *  2. then a drop within `quickDropMs` of sending a message alone is that message's "quick" drop,
 *     and at `deadAfterQuickDrops` of them on consecutive connections it is condemned (dead-lettered);
 *     a message that stays in flight alone longer than `quickDropMs` before a drop starts again at
 *     none (a slow upload on a weak link, not a hub that refuses it at once).
 * A broker that refuses a packet closes the connection within milliseconds of it; a weak link would
 * have to die within seconds of a proven round trip, with the same message alone in flight, on three
 * connections in a row.
 *
 * Isolation ends when no message it tracks is still at the bar (each was acknowledged, refused or
 * condemned), or after `calmMs` online without a drop (the message it waits for may have expired
 * from the outbox): a culprit still pending then drops the link again and comes back quickly.
 * State is in memory only: after a restart the guard starts afresh, as the publisher does.
 */
export interface DropGuardOptions {
  /** Drops a message must have been in flight at before messages go one at a time. Default 2. */
  isolateAfterDrops?: number;
  /** Quick drops, alone in flight, that condemn a message; 0 turns the guard off. Default 3. */
  deadAfterQuickDrops?: number;
  /** A drop this soon after sending a message alone is its quick drop, ms. Default 5000. */
  quickDropMs?: number;
  /** Isolation ends after this long online without a drop, ms. Default 60 000. */
  calmMs?: number;
}

interface Suspect {
  drops: number; // drops the message was in flight at (with others or alone)
  quickDrops: number; // consecutive quick drops while alone in flight
}

/** What a drop decided: the messages to condemn, with how often the hub dropped the link on each. */
export interface DropVerdict {
  condemned: { id: string; quickDrops: number }[];
}

/** Most messages tracked at once: far above any in-flight window (the broker's Receive Maximum caps it at 65 535). */
const MAX_TRACKED = 100_000;

export class DropGuard {
  readonly isolateAfterDrops: number;
  readonly deadAfterQuickDrops: number;
  readonly quickDropMs: number;
  readonly calmMs: number;
  private readonly suspects = new Map<string, Suspect>();
  private atBar = 0; // suspects with drops >= isolateAfterDrops
  private aloneId: string | null = null; // the one message in flight while isolating
  private aloneSince = 0; // ms
  private onlineSince: number | null = null; // ms

  constructor(options: DropGuardOptions = {}) {
    this.isolateAfterDrops = options.isolateAfterDrops ?? 2;
    this.deadAfterQuickDrops = options.deadAfterQuickDrops ?? 3;
    this.quickDropMs = options.quickDropMs ?? 5000;
    this.calmMs = options.calmMs ?? 60_000;
  }

  get enabled(): boolean {
    return this.deadAfterQuickDrops > 0;
  }

  /** Whether the publisher must send one message at a time, each after the link's first round trip (forgets every suspect once calmMs passed online without a drop). */
  isolating(now: number): boolean {
    if (!this.enabled || this.atBar === 0) return false;
    if (this.onlineSince !== null && now - this.onlineSince >= this.calmMs) this.forgetAll();
    return this.atBar > 0;
  }

  online(now: number): void {
    this.onlineSince = now;
  }

  /** A message handed to the link; `alone` when nothing else is in flight. */
  sent(id: string, alone: boolean, now: number): void {
    if (!alone || !this.enabled) return;
    this.aloneId = id;
    this.aloneSince = now;
  }

  /** The message left flight without a drop (acknowledged, refused, condemned): it is no suspect. */
  settled(id: string): void {
    if (this.aloneId === id) this.aloneId = null;
    const s = this.suspects.get(id);
    if (!s) return;
    if (s.drops >= this.isolateAfterDrops) this.atBar -= 1;
    this.suspects.delete(id);
  }

  /** The link dropped with these messages in flight (before their PUBACK). */
  dropped(inFlight: readonly string[], now: number): DropVerdict {
    this.onlineSince = null;
    const condemned: DropVerdict['condemned'] = [];
    if (!this.enabled) return { condemned };
    const alone = inFlight.length === 1 && inFlight[0] === this.aloneId ? this.aloneId : null;
    const quick = alone !== null && now - this.aloneSince <= this.quickDropMs;
    this.aloneId = null;
    for (const id of inFlight) {
      const s = this.track(id);
      if (s.drops === this.isolateAfterDrops - 1) this.atBar += 1;
      s.drops += 1;
      if (id !== alone) continue;
      s.quickDrops = quick ? s.quickDrops + 1 : 0;
      if (s.quickDrops >= this.deadAfterQuickDrops) condemned.push({ id, quickDrops: s.quickDrops });
    }
    for (const c of condemned) this.settled(c.id);
    return { condemned };
  }

  /** Suspects tracked (for stats and tests). */
  get size(): number {
    return this.suspects.size;
  }

  private track(id: string): Suspect {
    let s = this.suspects.get(id);
    if (s) return s;
    if (this.suspects.size >= MAX_TRACKED) this.forgetAll();
    s = { drops: 0, quickDrops: 0 };
    this.suspects.set(id, s);
    return s;
  }

  private forgetAll(): void {
    this.suspects.clear();
    this.atBar = 0;
    this.aloneId = null;
  }
}
