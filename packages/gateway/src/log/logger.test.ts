import { Writable } from 'node:stream';
import { Sensitive } from '@clinic-edge/devices';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

function capture(): { lines: () => Record<string, unknown>[]; destination: Writable } {
  let text = '';
  const destination = new Writable({
    write(chunk, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  return { destination, lines: () => text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('createLogger', () => {
  it('redacts patient fields, payloads and credentials wherever a caller put them by mistake', () => {
    const out = capture();
    const log = createLogger({ destination: out.destination });
    log.info({ pid: 'MRN-42', patient: { family: 'DOE' }, msg2: { pid: 'x', payload: 'PID|||42' }, password: 'hunter2', name: 'DOE^JANE', device: 'ecg-1' }, 'oops');
    log.info({ order: new Sensitive('ORD-7') }, 'sensitive box');
    const text = JSON.stringify(out.lines());
    for (const secret of ['MRN-42', 'DOE', 'PID|||42', 'hunter2', 'ORD-7']) expect(text).not.toContain(secret);
    const [first] = out.lines();
    expect(first.device).toBe('ecg-1');
    expect(first.pid).toBe('[redacted]');
    expect(typeof first.processId).toBe('number'); // the process id survives, under another name
  });

  it('honours the configured level', () => {
    const out = capture();
    const log = createLogger({ level: 'warn', destination: out.destination });
    log.info({}, 'quiet');
    log.warn({}, 'loud');
    expect(out.lines().map((l) => l.msg)).toEqual(['loud']);
  });
});
