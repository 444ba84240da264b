// Contributory factors: why practice was as it was. Each is linked to one or more key practice episodes and
// cites evidence (events, quotes, documents) by id.
import type { Updateable } from 'kysely'
import type { ContributoryFactor, Database, Executor } from './schema.js'
import type { EvidenceRef } from './evidence.js'

export async function insertFactor(db: Executor, row: ContributoryFactor): Promise<void> {
  await db.insertInto('contributory_factors').values(row).execute()
}

export async function findFactor(db: Executor, reviewId: string, id: string): Promise<ContributoryFactor | undefined> {
  return db.selectFrom('contributory_factors').selectAll().where('review_id', '=', reviewId).where('id', '=', id).executeTakeFirst()
}

/** The review's factors in the order they were added; only those linked to `kpeId` when given. */
export async function listFactors(db: Executor, reviewId: string, kpeId?: string): Promise<ContributoryFactor[]> {
  let query = db.selectFrom('contributory_factors as f').selectAll('f').where('f.review_id', '=', reviewId)
  if (kpeId !== undefined) {
    query = query.where((eb) => eb.exists(eb.selectFrom('factor_episodes as l').select('l.factor_id').whereRef('l.factor_id', '=', 'f.id').where('l.kpe_id', '=', kpeId)))
  }
  return query.orderBy('f.position').execute()
}

export async function nextFactorPosition(db: Executor, reviewId: string): Promise<number> {
  const row = await db.selectFrom('contributory_factors').select((eb) => eb.fn.max('position').as('max')).where('review_id', '=', reviewId).executeTakeFirst()
  return Number(row?.max ?? 0) + 1
}

export async function updateFactor(db: Executor, reviewId: string, id: string, changes: Updateable<Database['contributory_factors']>): Promise<number> {
  const result = await db.updateTable('contributory_factors').set(changes).where('review_id', '=', reviewId).where('id', '=', id).executeTakeFirst()
  return Number(result.numUpdatedRows)
}

export async function deleteFactor(db: Executor, reviewId: string, id: string): Promise<number> {
  const result = await db.deleteFrom('contributory_factors').where('review_id', '=', reviewId).where('id', '=', id).executeTakeFirst()
  return Number(result.numDeletedRows)
}

export async function replaceFactorEpisodes(db: Executor, factorId: string, kpeIds: readonly string[]): Promise<void> {
  await db.deleteFrom('factor_episodes').where('factor_id', '=', factorId).execute()
  if (kpeIds.length > 0) await db.insertInto('factor_episodes').values(kpeIds.map((kpe_id) => ({ factor_id: factorId, kpe_id }))).execute()
}

export async function replaceFactorEvidence(db: Executor, factorId: string, refs: readonly EvidenceRef[]): Promise<void> {
  await db.deleteFrom('factor_evidence').where('factor_id', '=', factorId).execute()
  for (let i = 0; i < refs.length; i += 200) {
    await db.insertInto('factor_evidence')
      .values(refs.slice(i, i + 200).map((r, j) => ({ factor_id: factorId, evidence_type: r.type, evidence_id: r.id, position: i + j })))
      .execute()
  }
}

/** Episode ids of each factor. */
export async function factorEpisodeIds(db: Executor, factorIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(factorIds.map((id) => [id, []]))
  for (let i = 0; i < factorIds.length; i += 500) {
    const rows = await db.selectFrom('factor_episodes as l').innerJoin('key_practice_episodes as k', 'k.id', 'l.kpe_id')
      .select(['l.factor_id', 'l.kpe_id']).where('l.factor_id', 'in', factorIds.slice(i, i + 500)).orderBy('k.date_start').orderBy('k.position').execute()
    for (const r of rows) out.get(r.factor_id)?.push(r.kpe_id)
  }
  return out
}

/** Evidence cited by each factor, in the order it was cited. */
export async function factorEvidence(db: Executor, factorIds: readonly string[]): Promise<Map<string, EvidenceRef[]>> {
  const out = new Map<string, EvidenceRef[]>(factorIds.map((id) => [id, []]))
  for (let i = 0; i < factorIds.length; i += 500) {
    const rows = await db.selectFrom('factor_evidence').selectAll().where('factor_id', 'in', factorIds.slice(i, i + 500)).orderBy('factor_id').orderBy('position').execute()
    for (const r of rows) out.get(r.factor_id)?.push({ type: r.evidence_type, id: r.evidence_id })
  }
  return out
}

/** Which of these ids are factors of the review. */
export async function existingFactorIds(db: Executor, reviewId: string, ids: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>()
  const unique = [...new Set(ids)]
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db.selectFrom('contributory_factors').select('id').where('review_id', '=', reviewId).where('id', 'in', unique.slice(i, i + 500)).execute()
    rows.forEach((r) => found.add(r.id))
  }
  return found
}

export async function countFactors(db: Executor, reviewId: string): Promise<{ total: number; withEvidence: number }> {
  const row = await db.selectFrom('contributory_factors as f')
    .select([
      (eb) => eb.fn.countAll<number>().as('total'),
      (eb) => eb.fn.sum<number>(eb.case().when(eb.exists(eb.selectFrom('factor_evidence as v').select('v.factor_id').whereRef('v.factor_id', '=', 'f.id'))).then(1).else(0).end()).as('evidenced'),
    ])
    .where('f.review_id', '=', reviewId).executeTakeFirstOrThrow()
  return { total: Number(row.total), withEvidence: Number(row.evidenced ?? 0) }
}
