/**
 * The Store contract: what HackBridge persists (users, API tokens, tasks seen, submissions,
 * per-test results, events) behind one small interface with a SQLite and a PostgreSQL
 * implementation. Records are plain JSON-serialisable objects; their zod schemas are the
 * source of the types and can be reused by the bridge contract.
 *
 * Conventions: ids are strings (`usr_…`, `tok_…`, `sub_…`, `evt_…`; a prefix and random
 * base32); timestamps are ISO-8601 UTC strings with milliseconds (`2026-01-01T00:00:00.000Z`).
 */
import { z } from 'zod';

export const userRoleSchema = z.enum(['participant', 'organiser']);
export type UserRole = z.infer<typeof userRoleSchema>;

export const userSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: userRoleSchema,
  createdAt: z.string(),
});
export type User = z.infer<typeof userSchema>;

export const newUserSchema = z.object({
  /** Unique; 1–100 printable characters. */
  name: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[^\s\p{Cc}][^\p{Cc}]*$/u, 'no leading whitespace or control characters'),
  role: userRoleSchema,
});
export type NewUser = z.infer<typeof newUserSchema>;

/** An API token as stored: only the hash of the secret is kept, never the secret. */
export const apiTokenSchema = z.object({
  id: z.string(),
  userId: z.string(),
  label: z.string().nullable(),
  createdAt: z.string(),
  /** When it last authenticated a request, to about a minute (callers throttle the writes); null if never. */
  lastUsedAt: z.string().nullable(),
  /** When it was revoked; null while it is active. */
  revokedAt: z.string().nullable(),
});
export type ApiToken = z.infer<typeof apiTokenSchema>;

/** A token found by its hash, with its user; `token.revokedAt` says whether it still works. */
export interface TokenMatch {
  readonly token: ApiToken;
  readonly user: User;
}

/** `queued` → `running` → `done` | `failed`. `done` and `failed` are final. */
export const submissionStateSchema = z.enum(['queued', 'running', 'done', 'failed']);
export type SubmissionState = z.infer<typeof submissionStateSchema>;
export const finalSubmissionStates = ['done', 'failed'] as const;

export const submissionSchema = z.object({
  id: z.string(),
  userId: z.string(),
  taskId: z.string(),
  code: z.string(),
  state: submissionStateSchema,
  /** How many times a worker has claimed it (1 on the first run; more after a crash or retry). */
  attempts: z.number().int(),
  /** 0–100 once final; null before. */
  score: z.number().nullable(),
  /** The grading verdict (e.g. `accepted`, `wrong_answer`), owned by grading; null before. */
  status: z.string().nullable(),
  /** The full grading result as JSON, owned by grading; null before. */
  result: z.unknown(),
  /** Why a `failed` submission failed (HackBridge's fault, not the code's); null otherwise. */
  error: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type Submission = z.infer<typeof submissionSchema>;

export const newSubmissionSchema = z.object({
  /** Optional caller-chosen id (e.g. the queue job id); generated when absent. */
  id: z.string().min(1).max(100).optional(),
  userId: z.string().min(1),
  taskId: z.string().min(1).max(200),
  code: z.string(),
});
export type NewSubmission = z.infer<typeof newSubmissionSchema>;

/** One test of a graded submission, stored as its own row. */
export const testResultRowSchema = z.object({
  name: z.string(),
  passed: z.boolean(),
  /** The run status of this test (`success`, `timeout`, …). */
  status: z.string(),
  weight: z.number().min(0),
  hidden: z.boolean(),
  executionTimeS: z.number().min(0).nullable(),
  memoryKiB: z.number().min(0).nullable(),
});
export type TestResultRow = z.infer<typeof testResultRowSchema>;

export const submissionOutcomeSchema = z.object({
  state: z.enum(finalSubmissionStates),
  score: z.number().min(0).max(100),
  status: z.string().min(1),
  result: z.unknown(),
  error: z.string().optional(),
  /** Per-test rows, written in the same transaction as the final state. */
  tests: z.array(testResultRowSchema).optional(),
});
export type SubmissionOutcome = z.infer<typeof submissionOutcomeSchema>;

export const submissionQuerySchema = z.object({
  userId: z.string().optional(),
  taskId: z.string().optional(),
  limit: z.number().int().min(1).max(1000).default(50),
  /** Cursor: the id of the last submission of the previous page (newest first). */
  before: z.string().optional(),
});
export type SubmissionQuery = z.input<typeof submissionQuerySchema>;

export const userSummarySchema = z.object({
  userId: z.string(),
  submissions: z.number().int(),
  byState: z.record(submissionStateSchema, z.number().int()),
  /** Tasks with a `done` submission scoring 100, sorted. */
  solvedTaskIds: z.array(z.string()),
  bestScoreByTask: z.record(z.string(), z.number()),
  /** The 10 newest submissions. */
  recent: z.array(submissionSchema),
});
export type UserSummary = z.infer<typeof userSummarySchema>;

export const taskSeenSchema = z.object({
  id: z.string().min(1).max(200),
  title: z.string(),
  /** Content hash of the task definition, to notice when a task changed. */
  hash: z.string(),
});
export type TaskSeenInput = z.infer<typeof taskSeenSchema>;
export const taskSeenRecordSchema = taskSeenSchema.extend({ firstSeenAt: z.string(), updatedAt: z.string() });
export type TaskSeen = z.infer<typeof taskSeenRecordSchema>;

export const newEventSchema = z.object({
  type: z.string().min(1).max(100),
  userId: z.string().optional(),
  data: z.unknown(),
});
export type NewEvent = z.infer<typeof newEventSchema>;
export const storedEventSchema = z.object({
  id: z.string(),
  type: z.string(),
  userId: z.string().nullable(),
  data: z.unknown(),
  createdAt: z.string(),
});
export type StoredEvent = z.infer<typeof storedEventSchema>;
export type EventQuery = { type?: string; userId?: string; limit?: number };

/** The name `ensureLocalUser()` creates for desktop mode. */
export const LOCAL_USER_NAME = 'local';

/**
 * Persistence for HackBridge. Every method validates its input with the schemas above and
 * throws HackBridgeError (`HB_STORE_*`) only for HackBridge's own faults (database down, a
 * duplicate id or name, an unknown user).
 */
export interface Store {
  readonly kind: 'sqlite' | 'postgres';

  /** Throws HB_STORE_CONFLICT when the name is taken. */
  createUser(input: NewUser): Promise<User>;
  getUser(id: string): Promise<User | undefined>;
  getUserByName(name: string): Promise<User | undefined>;
  listUsers(): Promise<User[]>;
  /** Stores the hash of a token for a user; HB_STORE_NOT_FOUND for an unknown user. */
  addToken(userId: string, tokenHash: string, label?: string): Promise<ApiToken>;
  /** A user's tokens, revoked ones included, oldest first. */
  listTokens(userId: string): Promise<ApiToken[]>;
  /**
   * Revokes one token (its row stays, with `revokedAt`). True when it was active and is now
   * revoked; false when unknown or already revoked, so a repeated revoke changes nothing.
   */
  revokeToken(tokenId: string): Promise<boolean>;
  /** Revokes every active token of a user; returns how many. HB_STORE_NOT_FOUND for an unknown user. */
  revokeUserTokens(userId: string): Promise<number>;
  /** The user of an active token; undefined for an unknown or revoked one. */
  findUserByTokenHash(tokenHash: string): Promise<User | undefined>;
  /** The token with this hash and its user, revoked or not; undefined when unknown. */
  findToken(tokenHash: string): Promise<TokenMatch | undefined>;
  /** Sets `lastUsedAt` to now. A write: callers throttle it (see the service's authenticator). */
  markTokenUsed(tokenId: string): Promise<void>;
  /** Desktop mode: the one local user (name `local`, role `organiser`), created on first call. */
  ensureLocalUser(): Promise<User>;

  /** A new submission in state `queued`. HB_STORE_CONFLICT for a duplicate id. */
  createSubmission(input: NewSubmission): Promise<Submission>;
  /**
   * A worker takes the submission: `queued`|`running` → `running`, attempts + 1, startedAt
   * set. `running` is accepted again so a job re-delivered after a worker crash can resume.
   * False when the submission is unknown or already final.
   */
  claimSubmission(id: string): Promise<boolean>;
  /**
   * Moves a non-final submission to its final state, with its per-test rows, in one
   * transaction. A submission reaches a final state exactly once: of concurrent calls only one
   * returns true; the others (and any later call) return false and change nothing.
   */
  finishSubmission(id: string, outcome: SubmissionOutcome): Promise<boolean>;
  getSubmission(id: string): Promise<Submission | undefined>;
  /** Per-test rows of a final submission, in the order they were given. */
  listTestResults(submissionId: string): Promise<TestResultRow[]>;
  /** Newest first. */
  listSubmissions(query: SubmissionQuery): Promise<Submission[]>;
  /** `queued` and `running` submissions, oldest first: what to re-enqueue after a restart. */
  listUnfinishedSubmissions(): Promise<Submission[]>;
  getUserSummary(userId: string): Promise<UserSummary>;

  /** Upserts a task definition seen by the grader. */
  recordTask(task: TaskSeenInput): Promise<void>;
  listTasksSeen(): Promise<TaskSeen[]>;

  appendEvent(event: NewEvent): Promise<StoredEvent>;
  /** Newest first; limit defaults to 100. */
  listEvents(query?: EventQuery): Promise<StoredEvent[]>;

  /** Releases the connection(s). Idempotent. */
  close(): Promise<void>;
}

/** Options for `createStore(url, options)`. */
export interface StoreOptions {
  /**
   * PostgreSQL only: the schema to use (created when missing; set as search_path), so tests
   * and several deployments can share one database. Defaults to `public`.
   */
  readonly schema?: string;
}
