export { NoisyEcgSource, ECG_NOISE_KINDS, type EcgNoiseKind } from './ecg-noise.js';
export { misreadUart, type UartResult } from './uart-mismatch.js';
export { DeviceClockFault } from './device-clock.js';
export { runFaultSchedule, type FaultSchedule, type FaultTarget } from './schedule.js';
