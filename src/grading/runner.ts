/**
 * The slice of the engine the grader needs. Written structurally (only the fields grading
 * reads) so the real `Engine` from src/engine satisfies it and the non-sandbox parts can be
 * unit-tested; the end-to-end grading tests use the real engine.
 */
export interface RunCall {
  readonly entry: string;
  readonly args: readonly unknown[];
}

export interface RunRequest {
  stdin?: string;
  /** CPU seconds. */
  timeLimit?: number;
  /** Wall seconds. */
  wallTimeLimit?: number;
  /** MB (MiB). */
  memoryLimit?: number;
  /** KB (KiB). */
  outputLimit?: number;
  filename?: string;
  call?: { entry: string; args: unknown[] };
}

export type RunStatus =
  | 'success'
  | 'syntax_error'
  | 'runtime_error'
  | 'timeout'
  | 'memory_limit'
  | 'output_limit'
  | 'security_violation'
  | 'internal_error';

export interface RunError {
  readonly type: string;
  readonly message: string;
  readonly line?: number | null | undefined;
  readonly phase?: 'compile' | 'import' | 'call' | null | undefined;
}

export type ReturnValue =
  | { readonly kind: 'json'; readonly json: string }
  | { readonly kind: 'unserialisable'; readonly type: string; readonly repr: string };

export interface RunOutcome {
  readonly status: RunStatus;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall seconds. */
  readonly executionTime: number;
  /** CPU seconds. */
  readonly cpuTime: number;
  /** Peak KiB. */
  readonly memoryUsage: number;
  readonly error?: RunError | null | undefined;
  readonly returnValue?: ReturnValue | null | undefined;
}

/** `Pick<Engine, 'run'>`, structurally. */
export interface Runner {
  run(code: string, options?: RunRequest): Promise<RunOutcome>;
}
