import type { CommandIo } from '../../src/cli/io.js';

/** A CommandIo that records what a command prints. */
export function captureIo(isTTY = false, cwd = process.cwd()): CommandIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    isTTY,
    cwd,
    stdout: (t: string) => void (io.out += t),
    stderr: (t: string) => void (io.err += t),
  };
  return io;
}
