export * from './types.js';
export { StoreError, type StoreErrorCode } from './errors.js';
export { PRIORITY_OF, EVICTION_ORDER } from './priority.js';
export { formatId, parseId, type ParsedId } from './message-id.js';
export { MIGRATIONS, SCHEMA_VERSION, migrate, type Migration } from './migrations.js';
export { Outbox, type OutboxFileOptions } from './outbox.js';
export { Enqueuer, type EnqueuerOptions, type Schedule } from './enqueuer.js';
export { RateLimiter, type RateLimiterOptions } from './rate-limiter.js';
export { measureOutboxThroughput, type ThroughputOptions, type ThroughputResult, type PhaseResult } from './measure.js';
