/**
 * Table shapes as Kysely sees them (snake_case, as stored). Timestamps are fixed-width ISO
 * text and JSON is text in both backends, so one set of queries serves SQLite and PostgreSQL;
 * booleans are 0/1 integers for the same reason.
 */
import type { Generated } from 'kysely';

export interface UsersTable {
  id: string;
  name: string;
  role: string;
  created_at: string;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  token_hash: string;
  label: string | null;
  created_at: string;
  /** Set once when revoked; the row stays so listings can show it. */
  revoked_at: string | null;
  last_used_at: string | null;
}

export interface TasksSeenTable {
  id: string;
  title: string;
  hash: string;
  first_seen_at: string;
  updated_at: string;
}

export interface SubmissionsTable {
  id: string;
  user_id: string;
  task_id: string;
  code: string;
  state: string;
  attempts: Generated<number>;
  score: number | null;
  status: string | null;
  result: string | null;
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export interface TestResultsTable {
  submission_id: string;
  idx: number;
  name: string;
  passed: number;
  status: string;
  weight: number;
  hidden: number;
  execution_time_s: number | null;
  memory_kib: number | null;
}

export interface EventsTable {
  id: string;
  type: string;
  user_id: string | null;
  data: string;
  created_at: string;
}

export interface Database {
  users: UsersTable;
  api_tokens: ApiTokensTable;
  tasks_seen: TasksSeenTable;
  submissions: SubmissionsTable;
  test_results: TestResultsTable;
  events: EventsTable;
}
