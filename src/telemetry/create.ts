import { HackBridgeError } from '../common/index.js';
import type { Telemetry, TelemetryOptions } from './types.js';

/** Creates a logger and a per-instance metrics registry. */
export function createTelemetry(options: TelemetryOptions = {}): Telemetry {
  void options;
  throw new HackBridgeError('HB_INTERNAL', 'createTelemetry is not implemented yet');
}
