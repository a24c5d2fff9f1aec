/** Tasks seen by the grader and the append-only event log. */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { newId, nowIso } from './ids.js';
import { parseInput } from './input.js';
import { toEvent, toJson, toTaskSeen } from './rows.js';
import type { Database } from './schema.js';
import type { EventQuery, NewEvent, StoredEvent, TaskSeen, TaskSeenInput } from './types.js';
import { newEventSchema, taskSeenSchema } from './types.js';

const eventQuerySchema = z.object({
  type: z.string().optional(),
  userId: z.string().optional(),
  limit: z.number().int().min(1).max(10_000).default(100),
});

export function recordsRepository(db: Kysely<Database>) {
  return {
    async recordTask(task: TaskSeenInput): Promise<void> {
      const { id, title, hash } = parseInput(taskSeenSchema, task, 'recordTask');
      const now = nowIso();
      await db
        .insertInto('tasks_seen')
        .values({ id, title, hash, first_seen_at: now, updated_at: now })
        .onConflict((oc) =>
          oc
            .column('id')
            .doUpdateSet({ title, hash, updated_at: now })
            // updated_at marks a change of the definition, not every sighting.
            .where((eb) => eb.or([eb('tasks_seen.hash', '!=', hash), eb('tasks_seen.title', '!=', title)])),
        )
        .execute();
    },

    async listTasksSeen(): Promise<TaskSeen[]> {
      const rows = await db.selectFrom('tasks_seen').selectAll().orderBy('id').execute();
      return rows.map(toTaskSeen);
    },

    async appendEvent(event: NewEvent): Promise<StoredEvent> {
      const e = parseInput(newEventSchema, event, 'appendEvent');
      const stored: StoredEvent = {
        id: newId('evt'),
        type: e.type,
        userId: e.userId ?? null,
        data: e.data ?? null,
        createdAt: nowIso(),
      };
      await db
        .insertInto('events')
        .values({
          id: stored.id,
          type: stored.type,
          user_id: stored.userId,
          data: toJson(stored.data),
          created_at: stored.createdAt,
        })
        .execute();
      return stored;
    },

    async listEvents(query: EventQuery = {}): Promise<StoredEvent[]> {
      const { type, userId, limit } = parseInput(eventQuerySchema, query, 'listEvents');
      let q = db.selectFrom('events').selectAll();
      if (type !== undefined) q = q.where('type', '=', type);
      if (userId !== undefined) q = q.where('user_id', '=', userId);
      const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
      return rows.map(toEvent);
    },
  };
}
