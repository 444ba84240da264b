// Key practice episodes and the chronology events and quotes each one draws on.
import type { Updateable } from 'kysely'
import type { Database, Executor, KeyPracticeEpisode } from './schema.js'

export async function insertEpisode(db: Executor, row: KeyPracticeEpisode): Promise<void> {
  await db.insertInto('key_practice_episodes').values(row).execute()
}

export async function findEpisode(db: Executor, reviewId: string, id: string): Promise<KeyPracticeEpisode | undefined> {
  return db.selectFrom('key_practice_episodes').selectAll().where('review_id', '=', reviewId).where('id', '=', id).executeTakeFirst()
}

/** The review's episodes in time order (then in the order they were added). */
export async function listEpisodes(db: Executor, reviewId: string): Promise<KeyPracticeEpisode[]> {
  return db.selectFrom('key_practice_episodes').selectAll().where('review_id', '=', reviewId)
    .orderBy('date_start').orderBy('date_end').orderBy('position').execute()
}

export async function nextEpisodePosition(db: Executor, reviewId: string): Promise<number> {
  const row = await db.selectFrom('key_practice_episodes').select((eb) => eb.fn.max('position').as('max')).where('review_id', '=', reviewId).executeTakeFirst()
  return Number(row?.max ?? 0) + 1
}

/** Updates an episode only if it is still at `version`; returns the number of rows changed (0 when stale). */
export async function updateEpisodeIfVersion(db: Executor, reviewId: string, id: string, version: number, changes: Updateable<Database['key_practice_episodes']>): Promise<number> {
  const result = await db.updateTable('key_practice_episodes').set({ ...changes, version: version + 1 })
    .where('review_id', '=', reviewId).where('id', '=', id).where('version', '=', version).executeTakeFirst()
  return Number(result.numUpdatedRows)
}

export async function deleteEpisode(db: Executor, reviewId: string, id: string): Promise<number> {
  const result = await db.deleteFrom('key_practice_episodes').where('review_id', '=', reviewId).where('id', '=', id).executeTakeFirst()
  return Number(result.numDeletedRows)
}

export async function replaceEpisodeEvents(db: Executor, kpeId: string, eventIds: readonly string[]): Promise<void> {
  await db.deleteFrom('kpe_events').where('kpe_id', '=', kpeId).execute()
  for (let i = 0; i < eventIds.length; i += 400) {
    await db.insertInto('kpe_events').values(eventIds.slice(i, i + 400).map((event_id) => ({ kpe_id: kpeId, event_id }))).execute()
  }
}

export async function replaceEpisodeQuotes(db: Executor, kpeId: string, quoteIds: readonly string[]): Promise<void> {
  await db.deleteFrom('kpe_quotes').where('kpe_id', '=', kpeId).execute()
  for (let i = 0; i < quoteIds.length; i += 400) {
    await db.insertInto('kpe_quotes').values(quoteIds.slice(i, i + 400).map((quote_id) => ({ kpe_id: kpeId, quote_id }))).execute()
  }
}

/** Event ids linked to each episode, in time order. */
export async function episodeEventIds(db: Executor, kpeIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(kpeIds.map((id) => [id, []]))
  if (kpeIds.length === 0) return out
  const rows = await db.selectFrom('kpe_events as k').innerJoin('chronology_events as e', 'e.id', 'k.event_id')
    .select(['k.kpe_id', 'k.event_id']).where('k.kpe_id', 'in', kpeIds).orderBy('e.sort_key').orderBy('e.agency_key').orderBy('e.source_row').execute()
  for (const r of rows) out.get(r.kpe_id)?.push(r.event_id)
  return out
}

/** Quote ids linked to each episode, by conversation date and place in the notes. */
export async function episodeQuoteIds(db: Executor, kpeIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(kpeIds.map((id) => [id, []]))
  if (kpeIds.length === 0) return out
  const rows = await db.selectFrom('kpe_quotes as k').innerJoin('quotes as q', 'q.id', 'k.quote_id').innerJoin('conversations as c', 'c.id', 'q.conversation_id')
    .select(['k.kpe_id', 'k.quote_id']).where('k.kpe_id', 'in', kpeIds).orderBy('c.held_on').orderBy('c.id').orderBy('q.start_offset').execute()
  for (const r of rows) out.get(r.kpe_id)?.push(r.quote_id)
  return out
}

/** Which of these ids are episodes of the review. */
export async function existingEpisodeIds(db: Executor, reviewId: string, ids: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>()
  const unique = [...new Set(ids)]
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db.selectFrom('key_practice_episodes').select('id').where('review_id', '=', reviewId).where('id', 'in', unique.slice(i, i + 500)).execute()
    rows.forEach((r) => found.add(r.id))
  }
  return found
}

export async function countEpisodes(db: Executor, reviewId: string): Promise<{ total: number; appraised: number }> {
  const row = await db.selectFrom('key_practice_episodes')
    .select([(eb) => eb.fn.countAll<number>().as('total'), (eb) => eb.fn.count<number>('judgement').as('appraised')])
    .where('review_id', '=', reviewId).executeTakeFirstOrThrow()
  return { total: Number(row.total), appraised: Number(row.appraised) }
}

/** Quote ids by their exact words (for the demo seeder, whose case file cites quotes by text). */
export async function quoteIdsByText(db: Executor, reviewId: string, texts: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  const unique = [...new Set(texts)]
  for (let i = 0; i < unique.length; i += 400) {
    const rows = await db.selectFrom('quotes').select(['id', 'text']).where('review_id', '=', reviewId).where('text', 'in', unique.slice(i, i + 400)).orderBy('created_at').execute()
    for (const r of rows) if (!out.has(r.text)) out.set(r.text, r.id)
  }
  return out
}
