/** The queue's own faults. What a handler throws is a job failure, not one of these. */
import { HackBridgeError } from '../common/index.js';

export function queueUnavailable(reason: string, cause?: unknown): HackBridgeError {
  return new HackBridgeError('HB_QUEUE_UNAVAILABLE', `The job queue is unavailable: ${reason}`, {
    statusCode: 503,
    details: { reason },
    ...(cause === undefined ? {} : { cause }),
  });
}

export function queueClosed(operation: string): HackBridgeError {
  return new HackBridgeError('HB_QUEUE_CLOSED', `The job queue is closed (${operation})`, {
    statusCode: 503,
    details: { operation },
  });
}

export function payloadInvalid(id: string, path: string, reason: string): HackBridgeError {
  return new HackBridgeError(
    'HB_QUEUE_PAYLOAD_INVALID',
    `Job ${id}: invalid payload at '${path}': ${reason}`,
    {
      statusCode: 500,
      details: { id, path, reason },
    },
  );
}

export function jobIdInvalid(id: string): HackBridgeError {
  return new HackBridgeError('HB_QUEUE_JOB_ID_INVALID', `Invalid job id '${id.slice(0, 100)}'`, {
    statusCode: 500,
    details: { reason: 'expected 1–200 characters of [A-Za-z0-9_.-], not only digits' },
  });
}

export function alreadyProcessing(): HackBridgeError {
  return new HackBridgeError('HB_QUEUE_ALREADY_PROCESSING', 'process() was already called on this queue', {
    statusCode: 500,
  });
}
