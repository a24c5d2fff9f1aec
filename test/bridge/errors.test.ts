import { describe, expect, it } from 'vitest';
import { HackBridgeError } from '../../src/common/index.js';
import { mapError } from '../../src/bridge/index.js';

describe('error mapping', () => {
  it('keeps a HackBridgeError’s code, status and details', () => {
    const mapped = mapError(
      new HackBridgeError('HB_NOT_FOUND', 'No task x', { statusCode: 404, details: { id: 'x' } }),
    );
    expect(mapped.statusCode).toBe(404);
    expect(mapped.body).toEqual({
      error: { code: 'HB_NOT_FOUND', message: 'No task x', details: { id: 'x' } },
    });
  });

  it('turns anything else into HB_INTERNAL with a generic message', () => {
    const mapped = mapError(new Error('db password is hunter2'), { production: true });
    expect(mapped.statusCode).toBe(500);
    expect(mapped.body).toEqual({ error: { code: 'HB_INTERNAL', message: 'Internal error', details: {} } });
    expect(JSON.stringify(mapped.body)).not.toContain('hunter2');
  });

  it('shows the cause and stack only outside production', () => {
    const mapped = mapError(new Error('boom'));
    expect(mapped.body.error.details).toMatchObject({ cause: 'boom' });
    expect(String(mapped.body.error.details['stack'])).toContain('Error: boom');
  });

  it('sets Retry-After for rate limits', () => {
    const mapped = mapError(
      new HackBridgeError('HB_RATE_LIMITED', 'slow down', { statusCode: 429, details: { retryAfterS: 7 } }),
    );
    expect(mapped.headers).toEqual({ 'retry-after': '7' });
  });
});
