export { Daemon, type DaemonOptions, type SourceLike } from './daemon.js';
export { installSignalHandlers, type SignalOptions, type StoppableDaemon } from './signals.js';
export { REQUEST_POLL_MS, serveRequests } from './requests.js';
