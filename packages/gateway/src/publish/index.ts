export { PublishError, type PublishErrorCode } from './errors.js';
export { TOPIC_ROOT, GATEWAY_DEVICE, topicFor, gatewayStatusTopic, clientIdFor, gatewayStatusPayload, type GatewayState } from './topics.js';
export { publishPacketBytes, varintBytes, MQTT_MAX_PACKET_BYTES } from './packet-size.js';
export { REASON, isRefusal, isPermanentRefusal, reasonText } from './reason-codes.js';
export { isLoopback, parseBrokerUrl, assertEncryptedOrLoopback, readCredentials, readTls, type BrokerUrl, type CredentialOptions, type Credentials, type TlsOptions, type TlsMaterial } from './security.js';
export { realTimers, silentLogger, type Timers, type LinkLogger } from './runtime.js';
export { HubLink, LOST, type HubLinkOptions, type LinkInfo, type LinkEvents, type PublishOutcome } from './hub-link.js';
export { Publisher, type PublisherOptions, type PublisherStats, type PublishLink, type RateOptions } from './publisher.js';
export { DropGuard, type DropGuardOptions, type DropVerdict } from './drop-guard.js';
