// What later stages cite as evidence: chronology events, quotes from conversations and supporting documents.
// Small read functions for evidence pickers and for checking that cited evidence exists. Labels hold the
// text as stored (quotes may hold real names): pass them through the pseudonym view before showing them.
import type { Executor } from './schema.js'
import { committedEvents } from './chronology-events.js'

export type EvidenceType = 'event' | 'quote' | 'document'

export const EVIDENCE_TYPES: readonly EvidenceType[] = ['event', 'quote', 'document']

export interface EvidenceRef {
  type: EvidenceType
  id: string
}

export interface EvidenceItem extends EvidenceRef {
  /** One line naming the evidence: date, agency or practitioner, and the start of its text. */
  label: string
  /** The start of its text, about 120 characters. */
  excerpt: string
  /** The agency it comes from, when known (case-group pages filter by it). */
  agency: string | null
  /** When it happened or was said or written (ISO date, or date and time), when known. */
  date: string | null
}

export interface EvidenceLookup {
  /** In the order asked for, each once. */
  found: EvidenceItem[]
  missing: EvidenceRef[]
}

const EXCERPT_LENGTH = 120

export function excerpt(text: string | null, length = EXCERPT_LENGTH): string {
  const flat = (text ?? '').replace(/\s+/g, ' ').trim()
  return flat.length <= length ? flat : `${flat.slice(0, length - 1).trimEnd()}…`
}

interface EventRow { id: string; agency: string; occurred_at: string; summary: string | null; category: string | null }
interface QuoteRow { id: string; text: string; practitioner: string; agency: string; held_on: string; conversation_id: string }
interface DocumentRow { id: string; title: string; agency: string | null; document_date: string | null; description: string | null; content: string | null }

function eventItem(e: EventRow): EvidenceItem {
  const text = excerpt(e.summary ?? e.category ?? '')
  return { type: 'event', id: e.id, label: `${e.occurred_at.replace('T', ' ')} ${e.agency}: ${text}`, excerpt: text, agency: e.agency, date: e.occurred_at }
}

function quoteItem(q: QuoteRow): EvidenceItem {
  const text = excerpt(q.text)
  return { type: 'quote', id: q.id, label: `“${text}” (${q.practitioner}, ${q.agency}, ${q.held_on})`, excerpt: text, agency: q.agency, date: q.held_on }
}

function documentItem(d: DocumentRow): EvidenceItem {
  const text = excerpt(d.description ?? d.content ?? '')
  const where = [d.agency, d.document_date].filter(Boolean).join(', ')
  return { type: 'document', id: d.id, label: where ? `${d.title} (${where})` : d.title, excerpt: text, agency: d.agency, date: d.document_date }
}

function eventQuery(db: Executor, reviewId: string) {
  return db.selectFrom('chronology_events').select(['id', 'agency', 'occurred_at', 'summary', 'category']).where('review_id', '=', reviewId).where(committedEvents())
}

function quoteQuery(db: Executor, reviewId: string) {
  return db
    .selectFrom('quotes as q')
    .innerJoin('conversations as c', 'c.id', 'q.conversation_id')
    .select(['q.id', 'q.text', 'c.practitioner', 'c.agency', 'c.held_on', 'q.conversation_id'])
    .where('q.review_id', '=', reviewId)
}

function documentQuery(db: Executor, reviewId: string) {
  return db.selectFrom('documents').select(['id', 'title', 'agency', 'document_date', 'description', 'content']).where('review_id', '=', reviewId)
}

/** Every event of the review in time order (or one agency's, lower-cased and trimmed), for a picker. */
export async function listEventEvidence(db: Executor, reviewId: string, agencyKey: string | null = null): Promise<EvidenceItem[]> {
  let query = eventQuery(db, reviewId)
  if (agencyKey !== null) query = query.where('agency_key', '=', agencyKey)
  return (await query.orderBy('sort_key').orderBy('agency_key').orderBy('source_row').execute()).map(eventItem)
}

/** Every quote of the review, by conversation date and position in the notes. */
export async function listQuoteEvidence(db: Executor, reviewId: string): Promise<(EvidenceItem & { conversationId: string; practitioner: string; text: string })[]> {
  const rows = await quoteQuery(db, reviewId).orderBy('c.held_on').orderBy('c.id').orderBy('q.start_offset').execute()
  return rows.map((q) => ({ ...quoteItem(q), conversationId: q.conversation_id, practitioner: q.practitioner, text: q.text }))
}

/** Every supporting document of the review, by date and title. */
export async function listDocumentEvidence(db: Executor, reviewId: string): Promise<EvidenceItem[]> {
  return (await documentQuery(db, reviewId).orderBy('document_date', (ob) => ob.asc().nullsFirst()).orderBy('title').orderBy('id').execute()).map(documentItem)
}

/** Checks that each cited piece of evidence exists in this review and gives its label. */
export async function findEvidence(db: Executor, reviewId: string, refs: readonly EvidenceRef[]): Promise<EvidenceLookup> {
  const ids = (type: EvidenceType) => [...new Set(refs.filter((r) => r.type === type).map((r) => r.id))]
  const [eventIds, quoteIds, documentIds] = [ids('event'), ids('quote'), ids('document')]
  const byKey = new Map<string, EvidenceItem>()
  const put = (item: EvidenceItem) => byKey.set(`${item.type}:${item.id}`, item)
  // Chunks keep each statement well under SQLite's limit on bound values.
  for (let i = 0; i < eventIds.length; i += 500) (await eventQuery(db, reviewId).where('id', 'in', eventIds.slice(i, i + 500)).execute()).forEach((e) => put(eventItem(e)))
  for (let i = 0; i < quoteIds.length; i += 500) (await quoteQuery(db, reviewId).where('q.id', 'in', quoteIds.slice(i, i + 500)).execute()).forEach((q) => put(quoteItem(q)))
  for (let i = 0; i < documentIds.length; i += 500) (await documentQuery(db, reviewId).where('id', 'in', documentIds.slice(i, i + 500)).execute()).forEach((d) => put(documentItem(d)))
  const found: EvidenceItem[] = []
  const missing: EvidenceRef[] = []
  const seen = new Set<string>()
  for (const ref of refs) {
    const key = `${ref.type}:${ref.id}`
    if (seen.has(key)) continue
    seen.add(key)
    const item = byKey.get(key)
    if (item) found.push(item)
    else missing.push({ type: ref.type, id: ref.id })
  }
  return { found, missing }
}

/** Event ids by where they came from (`file#row`: the agency file's name and its 1-based data row). */
export async function findEventIdsBySource(db: Executor, reviewId: string, refs: readonly { file: string; row: number }[]): Promise<Map<string, string>> {
  const files = [...new Set(refs.map((r) => r.file))]
  const out = new Map<string, string>()
  if (files.length === 0) return out
  const rows = await db.selectFrom('chronology_events').select(['id', 'source_file', 'source_row']).where('review_id', '=', reviewId).where(committedEvents()).where('source_file', 'in', files).execute()
  for (const r of rows) out.set(`${r.source_file}#${r.source_row}`, r.id)
  return out
}
