export { StatusReporter, type StatusReporterOptions } from './status-reporter.js';
export { statusPathFor, readStatusFile, writeStatusFile, removeStatusFile, processAlive, redactUrl, type DaemonStatus, type DeviceStatusEntry } from './status-file.js';
