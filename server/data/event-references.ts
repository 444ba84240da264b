// What in a review refers to chronology events: map nodes and links, key practice episodes, findings and quotes.
// Rolling back an import removes events; these say what referred to them, so nothing is left pointing at
// nothing without anyone being told.
import type { MapDocument } from '../../methodology/map/map-model.js'
import type { Executor } from './schema.js'

export interface EventReferences {
  mapNodes: { id: string; label: string }[]
  mapEdges: { id: string }[]
  episodes: { id: string; title: string }[]
  findings: { id: string; title: string }[]
  quotes: number
}

function mapReferences(document: string | undefined, refersTo: (eventId: string) => boolean): Pick<EventReferences, 'mapNodes' | 'mapEdges'> {
  if (!document) return { mapNodes: [], mapEdges: [] }
  const map = JSON.parse(document) as MapDocument
  return {
    mapNodes: map.nodes.filter((n) => (n.eventIds ?? []).some(refersTo)).map((n) => ({ id: n.id, label: n.label })),
    mapEdges: map.edges.filter((e) => (e.evidence ?? []).some((ev) => ev.type === 'event' && refersTo(ev.id))).map((e) => ({ id: e.id })),
  }
}

/** Everything that refers to these events (the events of an import about to be rolled back). */
export async function referencesToEvents(db: Executor, reviewId: string, eventIds: readonly string[]): Promise<EventReferences> {
  const ids = new Set(eventIds)
  if (ids.size === 0) return { mapNodes: [], mapEdges: [], episodes: [], findings: [], quotes: 0 }
  const list = [...ids]
  const [map, episodes, findings, quotes] = await Promise.all([
    db.selectFrom('causal_maps').select('document').where('review_id', '=', reviewId).executeTakeFirst(),
    db.selectFrom('kpe_events as l').innerJoin('key_practice_episodes as k', 'k.id', 'l.kpe_id').select(['k.id', 'k.title']).distinct()
      .where('k.review_id', '=', reviewId).where('l.event_id', 'in', list).orderBy('k.title').execute(),
    db.selectFrom('finding_links as l').innerJoin('findings as f', 'f.id', 'l.finding_id').select(['f.id', 'f.title']).distinct()
      .where('f.review_id', '=', reviewId).where('l.kind', '=', 'event').where('l.target_id', 'in', list).orderBy('f.title').execute(),
    db.selectFrom('quote_events').select((eb) => eb.fn.count<number>('quote_id').distinct().as('n')).where('event_id', 'in', list).executeTakeFirstOrThrow(),
  ])
  return { ...mapReferences(map?.document, (id) => ids.has(id)), episodes, findings, quotes: Number(quotes.n) }
}

/** Findings that cite a chronology event no longer in the review (its import was rolled back). */
export async function findingsCitingRemovedEvents(db: Executor, reviewId: string): Promise<EventReferences['findings']> {
  return db.selectFrom('finding_links as l').innerJoin('findings as f', 'f.id', 'l.finding_id').select(['f.id', 'f.title']).distinct()
    .where('f.review_id', '=', reviewId).where('l.kind', '=', 'event')
    .where((eb) => eb.not(eb.exists(eb.selectFrom('chronology_events as e').select('e.id').whereRef('e.id', '=', 'l.target_id'))))
    .orderBy('f.title').execute()
}

/**
 * Key practice episodes that lost events when an import was rolled back and have not been edited since. Their
 * links to the events went with the events, so the rollback's audit entry (which lists the episodes, written in
 * the rollback's transaction) is the record of what they lost.
 */
export async function episodesThatLostEvents(db: Executor, reviewId: string): Promise<string[]> {
  const rollbacks = await db.selectFrom('audit_log').select(['at', 'details'])
    .where('review_id', '=', reviewId).where('action', '=', 'chronology.import.rollback').execute()
  const lostAt = new Map<string, string>()
  for (const r of rollbacks) {
    const episodes = (JSON.parse(r.details) as { episodes?: unknown }).episodes
    for (const id of Array.isArray(episodes) ? episodes : []) {
      if (typeof id === 'string' && (lostAt.get(id) ?? '') < r.at) lostAt.set(id, r.at)
    }
  }
  if (lostAt.size === 0) return []
  const episodes = await db.selectFrom('key_practice_episodes').select(['id', 'updated_at'])
    .where('review_id', '=', reviewId).where('id', 'in', [...lostAt.keys()]).execute()
  return episodes.filter((e) => e.updated_at <= lostAt.get(e.id)!).map((e) => e.id).sort()
}

/** References to events that no longer exist in the review (after a rollback): map nodes and links, findings. */
export async function danglingEventReferences(db: Executor, reviewId: string): Promise<Pick<EventReferences, 'mapNodes' | 'mapEdges' | 'findings'>> {
  const [map, findings] = await Promise.all([
    db.selectFrom('causal_maps').select('document').where('review_id', '=', reviewId).executeTakeFirst(),
    findingsCitingRemovedEvents(db, reviewId),
  ])
  const referenced = new Set<string>()
  mapReferences(map?.document, (id) => (referenced.add(id), false))
  const existing = referenced.size === 0 ? new Set<string>() : new Set((await db.selectFrom('chronology_events').select('id')
    .where('review_id', '=', reviewId).where('id', 'in', [...referenced]).execute()).map((e) => e.id))
  return { ...mapReferences(map?.document, (id) => !existing.has(id)), findings }
}

export async function eventIdsOfImport(db: Executor, importId: string): Promise<string[]> {
  return (await db.selectFrom('chronology_events').select('id').where('import_id', '=', importId).execute()).map((r) => r.id)
}
