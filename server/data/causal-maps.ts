// The causal why-map of a review: one versioned JSON document, and its history of saved versions.
import type { CausalMapHistoryRow, CausalMapRow, Executor } from './schema.js'

export async function findMapRow(db: Executor, reviewId: string): Promise<CausalMapRow | undefined> {
  return db.selectFrom('causal_maps').selectAll().where('review_id', '=', reviewId).executeTakeFirst()
}

/** The saved map's version only (0 when none is saved): whether a kept copy is still the map. */
export async function findMapVersion(db: Executor, reviewId: string): Promise<number> {
  const row = await db.selectFrom('causal_maps').select('version').where('review_id', '=', reviewId).executeTakeFirst()
  return row?.version ?? 0
}

export async function insertMapRow(db: Executor, row: CausalMapRow): Promise<void> {
  await db.insertInto('causal_maps').values(row).execute()
}

/** Compare-and-set: replaces the map only if it is still at `expectedVersion`; returns rows changed (0 when stale). */
export async function replaceMapIfVersion(db: Executor, reviewId: string, expectedVersion: number, row: Omit<CausalMapRow, 'review_id'>): Promise<number> {
  const result = await db.updateTable('causal_maps').set(row).where('review_id', '=', reviewId).where('version', '=', expectedVersion).executeTakeFirst()
  return Number(result.numUpdatedRows)
}

export async function insertMapHistory(db: Executor, row: CausalMapHistoryRow): Promise<void> {
  await db.insertInto('causal_map_history').values(row).execute()
}

export interface MapHistoryItem {
  id: string
  version: number
  changed_at: string
  changed_via: CausalMapHistoryRow['changed_via']
  summary: string
  changed_by_name: string | null
}

/** Newest first, without the saved documents (they can be large). */
export async function listMapHistory(db: Executor, reviewId: string, limit: number, offset = 0): Promise<MapHistoryItem[]> {
  return db.selectFrom('causal_map_history as h').leftJoin('users as u', 'u.id', 'h.changed_by')
    .select(['h.id', 'h.version', 'h.changed_at', 'h.changed_via', 'h.summary', 'u.name as changed_by_name'])
    .where('h.review_id', '=', reviewId).orderBy('h.version', 'desc').limit(limit).offset(offset).execute()
}

export async function countMapHistory(db: Executor, reviewId: string): Promise<number> {
  const row = await db.selectFrom('causal_map_history').select((eb) => eb.fn.countAll<number>().as('n')).where('review_id', '=', reviewId).executeTakeFirstOrThrow()
  return Number(row.n)
}
