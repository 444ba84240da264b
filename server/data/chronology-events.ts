// The integrated chronology's events: filtered, paged timelines, counts, one event, and the changes
// reviewers make (annotation, significance, sharing with the case group).
import { CompiledQuery, sql, type Expression, type ExpressionBuilder, type SqlBool, type Updateable } from 'kysely'
import type { ChronologyEvent, Database, Executor } from './schema.js'
import { engineOf, type Engine } from '../db/engine.js'
import { fullTextMatch, type FullTextIndex, type TextSearch } from './fts-query.js'
import { PREVIEW_ROW_COLUMNS } from '../import/preview-batch.js'

export type StoredFlag = 'exact-duplicate' | 'outside-period' | 'reduced-precision'

export interface EventFilter {
  reviewId: string
  /** The case group's view: only this agency's events and those shared with them. */
  visibleToAgencyKey?: string | null
  agencyKeys?: readonly string[]
  /** YYYY-MM-DD: events whose date interval overlaps from..to. */
  from?: string | null
  to?: string | null
  categories?: readonly string[]
  /** Events carrying any of these stored flags. */
  storedFlags?: readonly StoredFlag[]
  significant?: boolean
  /** Events already linked into an episode. */
  linked?: boolean
  /** Only these events (e.g. those in a suggested episode). */
  eventIds?: readonly string[]
  /** Words searched for (read by textSearch, never raw user input). */
  search?: TextSearch | null
  /** Only these events, whatever else matches (a search worked out on the text as the viewer sees it). */
  onlyEventIds?: readonly string[]
}

export interface EventRow extends ChronologyEvent {
  episode_id: string | null
}

type EventsEb = ExpressionBuilder<Database & { e: Database['chronology_events'] }, 'e'>

/**
 * Committed events only: a waiting preview's rows (previewing = 1, migration 0040) are seen by nobody. Every read of
 * the chronology by review asks for it. Written as a literal so the timeline index, partial on it, serves the query.
 */
export function committedEvents(alias?: string) {
  return sql<SqlBool>`${sql.ref(alias ? `${alias}.previewing` : 'previewing')} = 0`
}

/** The events' words (migration 0003 and its PostgreSQL counterpart); reviewers' notes are kept apart by weight. */
export const EVENTS_INDEX: FullTextIndex = {
  table: 'chronology_events_fts',
  weights: { summary: 'A', category: 'A', author: 'A', outcome: 'A', annotation: 'D' },
}

/** An event's stored flags hold this one. flags is a JSON array: jsonb on PostgreSQL (migration 0038), which has containment; text on SQLite. */
function hasFlag(engine: Engine, column: string, flag: StoredFlag) {
  return engine === 'postgres' ? sql<SqlBool>`${sql.ref(column)} @> ${JSON.stringify([flag])}::jsonb` : sql<SqlBool>`${sql.ref(column)} like ${`%"${flag}"%`}`
}

function conditions(eb: EventsEb, f: EventFilter, engine: Engine): Expression<SqlBool> {
  const all: Expression<SqlBool>[] = [eb('e.review_id', '=', f.reviewId), committedEvents('e')]
  if (f.visibleToAgencyKey !== undefined) {
    all.push(eb.or([eb('e.agency_key', '=', f.visibleToAgencyKey ?? ''), eb('e.shared', '=', 1)]))
  }
  if (f.agencyKeys && f.agencyKeys.length > 0) all.push(eb('e.agency_key', 'in', f.agencyKeys))
  if (f.from) all.push(eb('e.date_end', '>=', f.from))
  if (f.to) all.push(eb('e.date_start', '<=', f.to))
  if (f.categories && f.categories.length > 0) all.push(eb('e.category', 'in', f.categories))
  const anyOf: Expression<SqlBool>[] = (f.storedFlags ?? []).map((flag) => hasFlag(engine, 'e.flags', flag))
  if (f.significant) anyOf.push(eb('e.significant', '=', 1))
  if (f.linked) anyOf.push(eb.exists(eb.selectFrom('chronology_episode_events as l').select('l.event_id').whereRef('l.event_id', '=', 'e.id')))
  if (f.eventIds) anyOf.push(f.eventIds.length > 0 ? eb('e.id', 'in', f.eventIds) : sql<SqlBool>`1 = 0`)
  if (anyOf.length > 0) all.push(eb.or(anyOf))
  if (f.onlyEventIds) all.push(f.onlyEventIds.length > 0 ? eb('e.id', 'in', f.onlyEventIds) : sql<SqlBool>`1 = 0`)
  if (f.search) all.push(fullTextMatch(engine, EVENTS_INDEX, f.search, { alias: 'e', column: 'seq' }))
  return eb.and(all)
}

/** Events in time order: reduced-precision events sort at the start of their interval (see sortKey). */
export async function listEvents(db: Executor, filter: EventFilter, page?: { limit: number; offset: number }): Promise<EventRow[]> {
  let query = db
    .selectFrom('chronology_events as e')
    .leftJoin('chronology_episode_events as l', 'l.event_id', 'e.id')
    .selectAll('e')
    .select('l.episode_id')
    .where((eb) => conditions(eb as unknown as EventsEb, filter, engineOf(db)))
    .orderBy('e.sort_key')
    .orderBy('e.agency_key')
    .orderBy('e.source_row')
    .orderBy('e.seq')
  if (page) query = query.limit(page.limit).offset(page.offset)
  return query.execute()
}

export async function countEvents(db: Executor, filter: EventFilter): Promise<number> {
  const row = await db
    .selectFrom('chronology_events as e')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where((eb) => conditions(eb as unknown as EventsEb, filter, engineOf(db)))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function findEvent(db: Executor, reviewId: string, eventId: string): Promise<EventRow | undefined> {
  return db
    .selectFrom('chronology_events as e')
    .leftJoin('chronology_episode_events as l', 'l.event_id', 'e.id')
    .selectAll('e')
    .select('l.episode_id')
    .where('e.review_id', '=', reviewId)
    .where('e.id', '=', eventId)
    .where(committedEvents('e'))
    .executeTakeFirst()
}

export async function findEventsByIds(db: Executor, reviewId: string, eventIds: readonly string[]): Promise<EventRow[]> {
  if (eventIds.length === 0) return []
  return listEvents(db, { reviewId, eventIds })
}

export async function updateEvent(db: Executor, reviewId: string, eventId: string, changes: Updateable<Database['chronology_events']>): Promise<number> {
  const result = await db.updateTable('chronology_events').set(changes).where('review_id', '=', reviewId).where('id', '=', eventId).where(committedEvents()).executeTakeFirst()
  return Number(result.numUpdatedRows)
}

export async function setSignificant(db: Executor, reviewId: string, eventIds: readonly string[], significant: boolean): Promise<number> {
  if (eventIds.length === 0) return 0
  const result = await db.updateTable('chronology_events').set({ significant: significant ? 1 : 0 }).where('review_id', '=', reviewId).where('id', 'in', eventIds).where(committedEvents()).executeTakeFirst()
  return Number(result.numUpdatedRows)
}

/**
 * Writes a batch of a preview's accepted rows in one multi-row insert, marked previewing (seen by nobody until the
 * commit clears the mark; the full-text index follows by trigger). `values` are the rows' values side by side in
 * PREVIEW_ROW_COLUMNS order (server/import/preview-batch.ts), bound as they are. The text depends only on the engine
 * and the number of rows, so SQLite prepares it once (server/db/statement-cache.ts). At most 1,000 rows: 20,000 bound
 * values, inside SQLite's 32,766 and PostgreSQL's 65,535.
 */
export async function insertPreviewEvents(db: Executor, values: unknown[]): Promise<void> {
  const rows = values.length / PREVIEW_ROW_COLUMNS.length
  if (rows === 0) return
  if (!Number.isInteger(rows) || rows > 1000) throw new Error('insertPreviewEvents takes whole rows, at most 1,000 at a time')
  await db.executeQuery(CompiledQuery.raw(previewEventsInsert(engineOf(db), rows), values))
}

const previewEventsInserts = new Map<string, string>()
function previewEventsInsert(engine: Engine, rows: number): string {
  const key = `${engine}:${rows}`
  let text = previewEventsInserts.get(key)
  if (text === undefined) {
    const width = PREVIEW_ROW_COLUMNS.length
    const tuple = (i: number) => `(${PREVIEW_ROW_COLUMNS.map((_, j) => (engine === 'postgres' ? `$${i * width + j + 1}` : '?')).join(', ')}, 1)`
    text = `insert into chronology_events (${PREVIEW_ROW_COLUMNS.map((c) => `"${c}"`).join(', ')}, "previewing") values ${Array.from({ length: rows }, (_, i) => tuple(i)).join(', ')}`
    if (previewEventsInserts.size < 64) previewEventsInserts.set(key, text)
  }
  return text
}

/** Adds a flag to these rows of a preview (the exact-duplicate flag is known only once the whole file is read). */
export async function flagPreviewRows(db: Executor, importId: string, sourceRows: readonly number[], flag: StoredFlag): Promise<void> {
  const engine = engineOf(db)
  const added = engine === 'postgres' ? sql<string>`flags || ${JSON.stringify([flag])}::jsonb` : sql<string>`json_insert(flags, '$[#]', ${flag})`
  for (let i = 0; i < sourceRows.length; i += 500) {
    await db.updateTable('chronology_events').set({ flags: added })
      .where('import_id', '=', importId).where('previewing', '=', 1).where('source_row', 'in', sourceRows.slice(i, i + 500))
      .where((eb) => eb.not(hasFlag(engine, 'flags', flag)))
      .execute()
  }
}

/** The last source row of a preview's rows (0 if it has none): the commit goes through them in slices up to it. */
export async function lastPreviewRow(db: Executor, importId: string): Promise<number> {
  const row = await db.selectFrom('chronology_events').select((eb) => eb.fn.max('source_row').as('last'))
    .where('import_id', '=', importId).where('previewing', '=', 1).executeTakeFirstOrThrow()
  return Number(row.last ?? 0)
}

/** Commits a preview's rows with source rows in (after, upTo]: they join the chronology. Returns how many. */
export async function commitPreviewEvents(db: Executor, importId: string, createdAt: string, after: number, upTo: number): Promise<number> {
  const result = await db.updateTable('chronology_events').set({ previewing: 0, created_at: createdAt })
    .where('import_id', '=', importId).where('previewing', '=', 1).where('source_row', '>', after).where('source_row', '<=', upTo)
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

/** Removes a preview's rows (discarded, failed, or read again). */
export async function deletePreviewEvents(db: Executor, importId: string): Promise<void> {
  await db.deleteFrom('chronology_events').where('import_id', '=', importId).where('previewing', '=', 1).execute()
}

export async function deleteEventsOfImport(db: Executor, importId: string): Promise<number> {
  const result = await db.deleteFrom('chronology_events').where('import_id', '=', importId).executeTakeFirst()
  return Number(result.numDeletedRows)
}

/** Annotated or significant events of an import: what a rollback would lose. */
export async function countWorkedEventsOfImport(db: Executor, importId: string): Promise<number> {
  const row = await db
    .selectFrom('chronology_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('import_id', '=', importId)
    .where((eb) => eb.or([eb('significant', '=', 1), eb('annotation', 'is not', null)]))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export interface ChronologyFacets {
  agencies: { agency: string; agency_key: string; n: number }[]
  categories: { category: string; n: number }[]
}

/** What the filters can offer: the agencies and categories among the events the viewer may see. */
export async function chronologyFacets(db: Executor, reviewId: string, visibleToAgencyKey?: string | null): Promise<ChronologyFacets> {
  const base = { reviewId, ...(visibleToAgencyKey === undefined ? {} : { visibleToAgencyKey }) }
  const agencies = await db
    .selectFrom('chronology_events as e')
    .select(['e.agency_key', (eb) => eb.fn.min('e.agency').as('agency'), (eb) => eb.fn.countAll<number>().as('n')])
    .where((eb) => conditions(eb as unknown as EventsEb, base, engineOf(db)))
    .groupBy('e.agency_key')
    .orderBy('e.agency_key')
    .execute()
  const categories = await db
    .selectFrom('chronology_events as e')
    .select(['e.category', (eb) => eb.fn.countAll<number>().as('n')])
    .where((eb) => conditions(eb as unknown as EventsEb, base, engineOf(db)))
    .where('e.category', 'is not', null)
    .groupBy('e.category')
    .orderBy('e.category')
    .execute()
  return {
    agencies: agencies.map((a) => ({ agency: String(a.agency), agency_key: a.agency_key, n: Number(a.n) })),
    categories: categories.map((c) => ({ category: c.category as string, n: Number(c.n) })),
  }
}

export interface ChronologyCounts {
  events: number
  significant: number
  /** Distinct agencies with a committed import. */
  agencies: string[]
}

export async function chronologyCounts(db: Executor, reviewId: string): Promise<ChronologyCounts> {
  const row = await db
    .selectFrom('chronology_events')
    .select([(eb) => eb.fn.countAll<number>().as('events'), (eb) => eb.fn.sum<number>('significant').as('significant')])
    .where('review_id', '=', reviewId)
    .where(committedEvents())
    .executeTakeFirstOrThrow()
  const agencies = await db
    .selectFrom('chronology_imports')
    .select([(eb) => eb.fn.min('agency').as('agency')])
    .where('review_id', '=', reviewId)
    .where('status', '=', 'committed')
    .groupBy('agency_key')
    .orderBy('agency_key')
    .execute()
  return { events: Number(row.events), significant: Number(row.significant ?? 0), agencies: agencies.map((a) => String(a.agency)) }
}

/** Every event's fields the episode suggester reads, for one review (or one agency's view of it). */
export async function listEpisodeInputs(db: Executor, reviewId: string) {
  return db
    .selectFrom('chronology_events')
    .select(['id', 'agency', 'agency_key', 'date_start', 'date_end', 'category', 'summary', 'shared'])
    .where('review_id', '=', reviewId)
    .where(committedEvents())
    .orderBy('sort_key')
    .execute()
}

/** The searchable text of every event a viewer may see (the scope as in EventFilter.visibleToAgencyKey). */
export async function listEventTexts(db: Executor, reviewId: string, visibleToAgencyKey: string | null) {
  return db
    .selectFrom('chronology_events as e')
    .select(['e.id', 'e.summary', 'e.category', 'e.author', 'e.outcome', 'e.annotation'])
    .where((eb) => conditions(eb as unknown as EventsEb, { reviewId, ...(visibleToAgencyKey === null ? {} : { visibleToAgencyKey }) }, engineOf(db)))
    .execute()
}

/** A cheap fingerprint of the review's chronology: changes whenever events are added, removed or edited. */
export async function chronologySignature(db: Executor, reviewId: string): Promise<string> {
  const row = await db
    .selectFrom('chronology_events')
    .select([(eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.max('seq').as('maxSeq')])
    .where('review_id', '=', reviewId)
    .where(committedEvents())
    .executeTakeFirstOrThrow()
  return `${Number(row.n)}:${Number(row.maxSeq ?? 0)}`
}
