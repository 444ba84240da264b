// Episodes: events from several agencies that a reviewer has linked as one real-world incident, and the
// suggested episodes a reviewer has dismissed.
import type { Executor } from './schema.js'

export interface EpisodeMembership {
  episode_id: string
  event_id: string
}

/** The episodes these events already belong to. */
export async function episodesOfEvents(db: Executor, reviewId: string, eventIds: readonly string[]): Promise<EpisodeMembership[]> {
  if (eventIds.length === 0) return []
  return db.selectFrom('chronology_episode_events').select(['episode_id', 'event_id']).where('review_id', '=', reviewId).where('event_id', 'in', eventIds).execute()
}

export async function insertEpisode(db: Executor, episode: { id: string; review_id: string; suggestion_key: string | null; created_by: string | null; created_at: string }): Promise<void> {
  await db.insertInto('chronology_episodes').values(episode).execute()
}

export async function moveEpisodeEvents(db: Executor, fromEpisodeIds: readonly string[], toEpisodeId: string): Promise<void> {
  if (fromEpisodeIds.length === 0) return
  await db.updateTable('chronology_episode_events').set({ episode_id: toEpisodeId }).where('episode_id', 'in', fromEpisodeIds).execute()
}

export async function addEpisodeEvents(db: Executor, reviewId: string, episodeId: string, eventIds: readonly string[]): Promise<void> {
  if (eventIds.length === 0) return
  await db.insertInto('chronology_episode_events').values(eventIds.map((event_id) => ({ episode_id: episodeId, event_id, review_id: reviewId }))).execute()
}

export async function removeEpisodeEvent(db: Executor, reviewId: string, eventId: string): Promise<number> {
  const result = await db.deleteFrom('chronology_episode_events').where('review_id', '=', reviewId).where('event_id', '=', eventId).executeTakeFirst()
  return Number(result.numDeletedRows)
}

/** Episodes left with fewer than two events link nothing: remove them. */
export async function deleteHollowEpisodes(db: Executor, reviewId: string): Promise<void> {
  await db
    .deleteFrom('chronology_episodes')
    .where('review_id', '=', reviewId)
    .where((eb) => eb(
      eb.selectFrom('chronology_episode_events as l').select((s) => s.fn.countAll<number>().as('n')).whereRef('l.episode_id', '=', 'chronology_episodes.id'),
      '<',
      2,
    ))
    .execute()
}

export async function episodeEventIds(db: Executor, reviewId: string, episodeId: string): Promise<string[]> {
  const rows = await db.selectFrom('chronology_episode_events').select('event_id').where('review_id', '=', reviewId).where('episode_id', '=', episodeId).execute()
  return rows.map((r) => r.event_id)
}

/** Every link in the review, as episode id → event ids. */
export async function listEpisodeLinks(db: Executor, reviewId: string): Promise<Map<string, string[]>> {
  const rows = await db.selectFrom('chronology_episode_events').select(['episode_id', 'event_id']).where('review_id', '=', reviewId).execute()
  const out = new Map<string, string[]>()
  for (const r of rows) {
    const list = out.get(r.episode_id) ?? []
    list.push(r.event_id)
    out.set(r.episode_id, list)
  }
  return out
}

export async function listDismissedKeys(db: Executor, reviewId: string): Promise<string[]> {
  const rows = await db.selectFrom('chronology_episode_dismissals').select('suggestion_key').where('review_id', '=', reviewId).execute()
  return rows.map((r) => r.suggestion_key)
}

export async function insertDismissal(db: Executor, row: { review_id: string; suggestion_key: string; dismissed_by: string | null; dismissed_at: string }): Promise<void> {
  await db.insertInto('chronology_episode_dismissals').values(row).onConflict((oc) => oc.doNothing()).execute()
}
