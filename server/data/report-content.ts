// What the learning report reads that no other area's data module lists: sources per agency, conversations
// and documents as an appendix, and who completed each stage in which role.
import type { Executor } from './schema.js'
import { committedEvents } from './chronology-events.js'
import type { ReviewRole } from '../../methodology/permissions.js'

export interface AgencySource {
  agency: string
  imports: number
  events: number
  significant: number
  /** First and last day the agency's events cover (YYYY-MM-DD), null without events. */
  from: string | null
  to: string | null
  /** Types of event as the agency wrote them, with how many events each. */
  categories: { category: string; n: number }[]
}

/** Each agency's committed chronology: how many imports and events, and how many events are significant. */
export async function listAgencySources(db: Executor, reviewId: string): Promise<AgencySource[]> {
  const imports = await db.selectFrom('chronology_imports')
    .select(['agency_key', (eb) => eb.fn.min('agency').as('agency'), (eb) => eb.fn.countAll<number>().as('n')])
    .where('review_id', '=', reviewId).where('status', '=', 'committed').groupBy('agency_key').execute()
  const events = await db.selectFrom('chronology_events')
    .select(['agency_key', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>('significant').as('significant'),
      (eb) => eb.fn.min('date_start').as('from'), (eb) => eb.fn.max('date_end').as('to')])
    .where('review_id', '=', reviewId).where(committedEvents()).groupBy('agency_key').execute()
  const categoryRows = await db.selectFrom('chronology_events')
    .select(['agency_key', 'category', (eb) => eb.fn.countAll<number>().as('n')])
    .where('review_id', '=', reviewId).where(committedEvents()).where('category', 'is not', null).groupBy(['agency_key', 'category']).execute()
  const categories = new Map<string, { category: string; n: number }[]>()
  for (const r of categoryRows) categories.set(r.agency_key, [...(categories.get(r.agency_key) ?? []), { category: r.category as string, n: Number(r.n) }])
  const byKey = new Map(events.map((e) => [e.agency_key, e]))
  return imports
    .map((i) => {
      const e = byKey.get(i.agency_key)
      return {
        agency: String(i.agency), imports: Number(i.n), events: Number(e?.n ?? 0), significant: Number(e?.significant ?? 0),
        from: e?.from ? String(e.from) : null, to: e?.to ? String(e.to) : null, categories: categories.get(i.agency_key) ?? [],
      }
    })
    .sort((a, b) => a.agency.localeCompare(b.agency, 'en-GB'))
}

export interface ConversationSource {
  practitioner: string
  agency: string
  heldOn: string
  quotes: number
}

export async function listConversationSources(db: Executor, reviewId: string): Promise<ConversationSource[]> {
  const rows = await db.selectFrom('conversations as c')
    .select(['c.practitioner', 'c.agency', 'c.held_on'])
    .select((eb) => eb.selectFrom('quotes as q').whereRef('q.conversation_id', '=', 'c.id').select(eb.fn.countAll<number>().as('n')).as('quotes'))
    .where('c.review_id', '=', reviewId).orderBy('c.held_on').orderBy('c.practitioner').execute()
  return rows.map((r) => ({ practitioner: r.practitioner, agency: r.agency, heldOn: r.held_on, quotes: Number(r.quotes ?? 0) }))
}

export interface DocumentSource {
  title: string
  agency: string | null
  documentDate: string | null
}

export async function listDocumentSources(db: Executor, reviewId: string): Promise<DocumentSource[]> {
  const rows = await db.selectFrom('documents').select(['title', 'agency', 'document_date']).where('review_id', '=', reviewId)
    .orderBy('agency').orderBy('title').execute()
  return rows.map((r) => ({ title: r.title, agency: r.agency, documentDate: r.document_date }))
}

export interface StageCompletion {
  stageKey: string
  completedAt: string | null
  overrideReason: string | null
  /** The role the person who completed the stage holds in the review now; null if they have left it. */
  completedByRole: ReviewRole | null
}

export async function listStageCompletions(db: Executor, reviewId: string): Promise<StageCompletion[]> {
  const rows = await db.selectFrom('stage_records as s')
    .leftJoin('review_members as m', (join) => join.onRef('m.review_id', '=', 's.review_id').onRef('m.user_id', '=', 's.completed_by'))
    .select(['s.stage_key', 's.completed_at', 's.override_reason', 'm.role'])
    .where('s.review_id', '=', reviewId).execute()
  return rows.map((r) => ({ stageKey: r.stage_key, completedAt: r.completed_at, overrideReason: r.override_reason, completedByRole: r.role ?? null }))
}

export interface QuoteForReport {
  id: string
  text: string
  practitioner: string
}

export async function listQuotesByIds(db: Executor, reviewId: string, ids: readonly string[]): Promise<QuoteForReport[]> {
  if (ids.length === 0) return []
  return db.selectFrom('quotes as q').innerJoin('conversations as c', 'c.id', 'q.conversation_id')
    .select(['q.id', 'q.text', 'c.practitioner']).where('q.review_id', '=', reviewId).where('q.id', 'in', ids).execute()
}
