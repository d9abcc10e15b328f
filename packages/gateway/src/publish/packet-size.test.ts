import mqttPacket from 'mqtt-packet';
import { describe, expect, it } from 'vitest';
import { publishPacketBytes } from './packet-size.js';

describe('publishPacketBytes', () => {
  it('matches the bytes mqtt-packet generates for a QoS 1 PUBLISH, across the remaining-length boundaries', () => {
    for (const version of [4, 5] as const) {
      for (const topic of ['a', 'clinic-edge/v1/site-a/ecg-1/waveform', 'clinic-edge/v1/é/ü/alerts']) {
        for (const size of [0, 1, 80, 127, 128, 16_300, 16_400, 2_097_100, 2_097_200]) {
          const wire = mqttPacket.generate({ cmd: 'publish', topic, payload: Buffer.alloc(size), qos: 1, messageId: 7, retain: false, dup: false }, { protocolVersion: version });
          expect(publishPacketBytes(topic, size, version), `${version} ${topic} ${size}`).toBe(wire.length);
        }
      }
    }
  });
});
