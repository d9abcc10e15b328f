import { describe, expect, it } from 'vitest';
import { clientIdFor, gatewayStatusPayload, gatewayStatusTopic, topicFor } from './topics.js';

describe('topics', () => {
  it('builds clinic-edge/v1/<site>/<device>/<stream>', () => {
    expect(topicFor('site-a', 'ecg-1', 'alerts')).toBe('clinic-edge/v1/site-a/ecg-1/alerts');
    expect(gatewayStatusTopic('site-a')).toBe('clinic-edge/v1/site-a/gateway/status');
  });

  it('refuses names that would split or match other topics', () => {
    for (const bad of ['a/b', 'a+', '#', '', 'a b']) expect(() => topicFor(bad, 'd', 'alerts'), bad).toThrow(expect.objectContaining({ code: 'E_MQTT_CONFIG' }));
    expect(() => topicFor('s', 'd', 'bogus' as never)).toThrow(/stream/);
  });

  it('derives a stable client id from the site', () => {
    expect(clientIdFor('site-a')).toBe(clientIdFor('site-a'));
    expect(clientIdFor('site-a')).not.toBe(clientIdFor('site-b'));
  });

  it('status payloads are versioned JSON', () => {
    expect(JSON.parse(gatewayStatusPayload('online', 5).toString())).toEqual({ v: 1, state: 'online', at: 5 });
    expect(JSON.parse(gatewayStatusPayload('offline', null, 'lost').toString())).toEqual({ v: 1, state: 'offline', cause: 'lost' });
  });
});
