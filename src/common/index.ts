export { HackBridgeError, isHackBridgeError, toHackBridgeError, usageError } from './errors.js';
export type { HackBridgeErrorOptions } from './errors.js';
export { KiB, MiB, secondsToMs, msToSeconds, mbToBytes, kbToBytes, bytesToKiB } from './units.js';
export { version } from './version.js';
