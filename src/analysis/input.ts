/**
 * Input checks before parsing: size, binary content, broken Unicode. These are faults of the
 * request (thrown HackBridgeErrors), unlike what the code does (returned as issues).
 */
import { HackBridgeError } from '../common/index.js';

/** UTF-8 length without allocating an encoded copy. */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

export function checkSource(code: unknown, maxSourceBytes: number): { bytes: number } {
  if (typeof code !== 'string') {
    throw new HackBridgeError('HB_USAGE', 'Code to analyse must be a string', {
      statusCode: 400,
      details: { type: typeof code },
    });
  }
  const bytes = utf8Length(code);
  if (bytes > maxSourceBytes) {
    throw new HackBridgeError(
      'HB_ANALYSIS_INPUT_TOO_LARGE',
      `Source is ${bytes} bytes; the limit is ${maxSourceBytes}`,
      {
        statusCode: 413,
        details: { bytes, maxSourceBytes },
      },
    );
  }
  const nul = code.indexOf('\0');
  if (nul >= 0) {
    throw new HackBridgeError(
      'HB_ANALYSIS_INPUT_BINARY',
      'Source contains NUL bytes; it looks like a binary file',
      {
        statusCode: 400,
        details: { offset: nul, reason: 'nul-byte' },
      },
    );
  }
  // Lone surrogates cannot come from valid UTF-8: the text was not decoded from it.
  const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.exec(code);
  if (lone !== null) {
    throw new HackBridgeError('HB_ANALYSIS_INPUT_ENCODING', 'Source is not valid Unicode text', {
      statusCode: 400,
      details: { offset: lone.index, reason: 'lone-surrogate' },
    });
  }
  return { bytes };
}

/** Decodes bytes from a file or request body as strict UTF-8 (a BOM is dropped). */
export function decodeSource(data: Uint8Array, maxSourceBytes: number): string {
  if (data.length > maxSourceBytes) {
    throw new HackBridgeError(
      'HB_ANALYSIS_INPUT_TOO_LARGE',
      `Source is ${data.length} bytes; the limit is ${maxSourceBytes}`,
      {
        statusCode: 413,
        details: { bytes: data.length, maxSourceBytes },
      },
    );
  }
  if (data.includes(0)) {
    throw new HackBridgeError(
      'HB_ANALYSIS_INPUT_BINARY',
      'Source contains NUL bytes; it looks like a binary file',
      {
        statusCode: 400,
        details: { offset: data.indexOf(0), reason: 'nul-byte' },
      },
    );
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(data);
  } catch (cause) {
    throw new HackBridgeError('HB_ANALYSIS_INPUT_ENCODING', 'Source is not valid UTF-8', {
      statusCode: 400,
      details: { reason: 'invalid-utf8' },
      cause,
    });
  }
}
