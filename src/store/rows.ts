/**
 * Row ↔ record mapping: snake_case columns to camelCase records, JSON text to values,
 * 0/1 to booleans, and pg's string-typed numerics (count, bigint) to numbers.
 */
import type { Selectable } from 'kysely';
import type {
  ApiTokensTable,
  EventsTable,
  SubmissionsTable,
  TasksSeenTable,
  TestResultsTable,
  UsersTable,
} from './schema.js';
import type {
  ApiToken,
  StoredEvent,
  Submission,
  SubmissionState,
  TaskSeen,
  TestResultRow,
  User,
  UserRole,
} from './types.js';

function parseJson(text: string | null): unknown {
  return text === null ? null : (JSON.parse(text) as unknown);
}

/** JSON text for a value; `undefined` is stored as JSON null. */
export function toJson(value: unknown): string {
  return JSON.stringify(value ?? null);
}

/** pg returns count(*) and bigint as strings; SQLite as numbers. */
export function num(value: string | number | bigint | null | undefined): number {
  return value === null || value === undefined ? 0 : Number(value);
}

export const toUser = (r: Selectable<UsersTable>): User => ({
  id: r.id,
  name: r.name,
  role: r.role as UserRole,
  createdAt: r.created_at,
});

export const toToken = (r: Selectable<ApiTokensTable>): ApiToken => ({
  id: r.id,
  userId: r.user_id,
  label: r.label,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
});

export const toSubmission = (r: Selectable<SubmissionsTable>): Submission => ({
  id: r.id,
  userId: r.user_id,
  taskId: r.task_id,
  code: r.code,
  state: r.state as SubmissionState,
  attempts: num(r.attempts),
  score: r.score === null ? null : Number(r.score),
  status: r.status,
  result: parseJson(r.result),
  error: r.error,
  createdAt: r.created_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
});

export const toTestResult = (r: Selectable<TestResultsTable>): TestResultRow => ({
  name: r.name,
  passed: num(r.passed) === 1,
  status: r.status,
  weight: Number(r.weight),
  hidden: num(r.hidden) === 1,
  executionTimeS: r.execution_time_s === null ? null : Number(r.execution_time_s),
  memoryKiB: r.memory_kib === null ? null : Number(r.memory_kib),
});

export const toTaskSeen = (r: Selectable<TasksSeenTable>): TaskSeen => ({
  id: r.id,
  title: r.title,
  hash: r.hash,
  firstSeenAt: r.first_seen_at,
  updatedAt: r.updated_at,
});

export const toEvent = (r: Selectable<EventsTable>): StoredEvent => ({
  id: r.id,
  type: r.type,
  userId: r.user_id,
  data: parseJson(r.data),
  createdAt: r.created_at,
});
