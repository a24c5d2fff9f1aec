/**
 * The task file format (ARCHITECTURE §3): `tasks/<id>/task.yaml`, parsed with zod. The raw
 * schema mirrors the YAML exactly (snake_case `stdin_file` etc. as authors write them);
 * cross-field rules (function mode needs `entry`, a test has `args` or `stdin` but not both,
 * names are unique…) are refinements that report the precise path of the offending field.
 */
import { z } from 'zod';

/** `float:<tol>` — tolerance is absolute or relative (whichever is more lenient), like DMOJ. */
const FLOAT_CHECKER = /^float:(.*)$/;
const CHECKER_NAMES = 'exact, float:<tol>, unordered, tokens or custom';

export type CheckerSpec =
  | { readonly kind: 'exact' }
  | { readonly kind: 'unordered' }
  | { readonly kind: 'tokens' }
  | { readonly kind: 'custom' }
  | { readonly kind: 'float'; readonly tolerance: number };

/** Parses a checker name; returns a reason string when it is not one. */
export function parseChecker(name: string): CheckerSpec | string {
  if (name === 'exact' || name === 'unordered' || name === 'tokens' || name === 'custom')
    return { kind: name };
  const m = FLOAT_CHECKER.exec(name);
  if (m !== null) {
    const raw = m[1] ?? '';
    const tolerance = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(tolerance) || tolerance <= 0 || tolerance >= 1e6)
      return `float tolerance must be a positive number, got '${raw}'`;
    return { kind: 'float', tolerance };
  }
  return `unknown checker '${name}' (expected ${CHECKER_NAMES})`;
}

/** A path relative to the task folder that must stay inside it (no `..`, not absolute). */
const relativeFile = z
  .string()
  .min(1)
  .refine((p) => !p.startsWith('/') && !p.split(/[\\/]/).includes('..'), {
    message: 'must be a path inside the task folder',
  });

const testSchema = z
  .object({
    name: z.string().min(1, 'test name must not be empty').max(200),
    args: z.array(z.unknown(), { error: 'args must be a list of arguments' }).optional(),
    args_file: relativeFile.optional(),
    stdin: z.string({ error: 'stdin must be a string' }).optional(),
    stdin_file: relativeFile.optional(),
    expected: z.unknown().optional(),
    expected_file: relativeFile.optional(),
    stdout: z.string({ error: 'stdout must be a string' }).optional(),
    stdout_file: relativeFile.optional(),
    weight: z
      .number({ error: 'weight must be a number' })
      .finite()
      .min(0, 'weight must not be negative')
      .max(1e6)
      .default(1),
    hidden: z.boolean({ error: 'hidden must be true or false' }).default(false),
  })
  .strict();

const limitsSchema = z
  .object({
    /** CPU seconds per test. */
    time: z.number().positive('time limit must be positive').max(60).default(2),
    /** Address-space limit per test, MB (MiB). */
    memory: z.number().positive('memory limit must be positive').max(4096).default(64),
    /** Output cap per test, KB (KiB). */
    output: z.number().int().positive('output limit must be positive').max(65536).default(64),
  })
  .strict();

export const rawTaskSchema = z
  .object({
    id: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'id must be 1–64 letters, digits, - or _ (folder-safe)'),
    title: z.string().min(1, 'title must not be empty'),
    statement: z.string().default(''),
    mode: z.enum(['function', 'stdio'], { error: "mode must be 'function' or 'stdio'" }),
    entry: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'entry must be a Python identifier')
      .optional(),
    limits: limitsSchema.default(() => limitsSchema.parse({})),
    checker: z.string().default('exact'),
    tags: z.array(z.string().min(1)).default([]),
    difficulty: z.enum(['easy', 'medium', 'hard']).optional(),
    tests: z.array(testSchema).min(1, 'a task needs at least one test'),
  })
  .strict()
  .superRefine((task, ctx) => {
    const issue = (path: (string | number)[], message: string): void =>
      ctx.addIssue({ code: 'custom', path, message });
    if (task.mode === 'function' && task.entry === undefined)
      issue(['entry'], "function mode needs 'entry' (the function the tests call)");
    if (task.mode === 'stdio' && task.entry !== undefined)
      issue(['entry'], "'entry' is only for function mode");
    const checker = parseChecker(task.checker);
    if (typeof checker === 'string') issue(['checker'], checker);
    const seen = new Map<string, number>();
    task.tests.forEach((t, i) => {
      const first = seen.get(t.name);
      if (first !== undefined)
        issue(['tests', i, 'name'], `duplicate test name '${t.name}' (also tests[${first}])`);
      else seen.set(t.name, i);
      const hasArgs = t.args !== undefined || t.args_file !== undefined;
      const hasStdin = t.stdin !== undefined || t.stdin_file !== undefined;
      if (t.args !== undefined && t.args_file !== undefined)
        issue(['tests', i, 'args_file'], 'a test has args or args_file, not both');
      if (t.stdin !== undefined && t.stdin_file !== undefined)
        issue(['tests', i, 'stdin_file'], 'a test has stdin or stdin_file, not both');
      if (hasArgs && hasStdin) issue(['tests', i], 'a test has args or stdin, not both');
      if (task.mode === 'function') {
        if (hasStdin) issue(['tests', i, 'stdin'], 'function mode tests take args, not stdin');
        else if (!hasArgs) issue(['tests', i], 'function mode tests need args (a list)');
        if (t.stdout !== undefined || t.stdout_file !== undefined)
          issue(['tests', i, 'stdout'], "function mode tests compare 'expected', not stdout");
        if (t.expected === undefined && t.expected_file === undefined && task.checker !== 'custom')
          issue(['tests', i], "a test needs 'expected' (only a custom checker may omit it)");
      } else {
        if (hasArgs) issue(['tests', i, 'args'], 'stdio mode tests take stdin, not args');
        if (t.expected !== undefined || t.expected_file !== undefined)
          issue(['tests', i, 'expected'], "stdio mode tests compare 'stdout', not expected");
        if (t.stdout === undefined && t.stdout_file === undefined && task.checker !== 'custom')
          issue(['tests', i], "a test needs 'stdout' (only a custom checker may omit it)");
      }
      if (t.expected !== undefined && t.expected_file !== undefined)
        issue(['tests', i, 'expected_file'], 'a test has expected or expected_file, not both');
      if (t.stdout !== undefined && t.stdout_file !== undefined)
        issue(['tests', i, 'stdout_file'], 'a test has stdout or stdout_file, not both');
    });
    if (task.tests.length > 0 && task.tests.every((t) => t.weight === 0))
      issue(['tests'], 'the weights of all tests add up to 0');
  });

export type RawTask = z.infer<typeof rawTaskSchema>;

/** One test after loading: files resolved, defaults applied. */
export interface TaskTest {
  readonly name: string;
  /** Function mode: the arguments; stdio mode: undefined. */
  readonly args?: readonly unknown[];
  /** Stdio mode: the standard input. */
  readonly stdin?: string;
  /** Function mode: the expected return value; stdio mode: the expected stdout. */
  readonly expected: unknown;
  readonly weight: number;
  readonly hidden: boolean;
}

/** A loaded, validated task. Expected values live only here, on the Node side. */
export interface Task {
  readonly id: string;
  readonly title: string;
  readonly statement: string;
  readonly mode: 'function' | 'stdio';
  readonly entry?: string;
  readonly limits: { readonly time: number; readonly memory: number; readonly output: number };
  readonly checker: CheckerSpec;
  /** Source of checker.py for `custom`; read at load time so the task folder is never needed later. */
  readonly checkerSource?: string;
  readonly tags: readonly string[];
  readonly difficulty?: 'easy' | 'medium' | 'hard';
  readonly tests: readonly TaskTest[];
  /** The folder the task was loaded from (Node side only; never bound into a sandbox). */
  readonly dir: string;
}
