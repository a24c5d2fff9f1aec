/**
 * Store: persistence over Kysely, SQLite (better-sqlite3, WAL) or PostgreSQL (pg).
 * `createStore('sqlite:./hackbridge.db' | 'sqlite::memory:' | 'postgres://…')` opens the
 * database and runs the migrations.
 */
export { createStore } from './create.js';
export {
  apiTokenSchema,
  finalSubmissionStates,
  LOCAL_USER_NAME,
  newEventSchema,
  newSubmissionSchema,
  newUserSchema,
  storedEventSchema,
  submissionOutcomeSchema,
  submissionQuerySchema,
  submissionSchema,
  submissionStateSchema,
  taskSeenRecordSchema,
  taskSeenSchema,
  testResultRowSchema,
  userRoleSchema,
  userSchema,
  userSummarySchema,
} from './types.js';
export type {
  ApiToken,
  EventQuery,
  NewEvent,
  NewSubmission,
  NewUser,
  Store,
  StoredEvent,
  StoreOptions,
  Submission,
  SubmissionOutcome,
  SubmissionQuery,
  SubmissionState,
  TaskSeen,
  TaskSeenInput,
  TestResultRow,
  TokenMatch,
  User,
  UserRole,
  UserSummary,
} from './types.js';
