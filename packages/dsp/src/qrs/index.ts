export { QrsDetector, detectQrs, type QrsDetectorOptions } from './detector.js';
