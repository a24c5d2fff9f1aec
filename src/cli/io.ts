/** What a command may touch of the outside world; tests pass their own to capture output. */
export interface CommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stdout is a terminal (progress bars vs plain lines). */
  readonly isTTY: boolean;
  readonly cwd: string;
}

/** A command takes its own argv (after its name) and returns the process exit code. */
export type Command = (argv: readonly string[], io: CommandIo) => Promise<number>;

export function processIo(): CommandIo {
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    isTTY: process.stdout.isTTY === true,
    cwd: process.cwd(),
  };
}
