// Practitioner conversations, the quotes taken from their notes, and the chronology events each quote speaks to.
import type { Updateable } from 'kysely'
import type { Conversation, Database, Executor, Quote } from './schema.js'

export interface ConversationListItem extends Conversation {
  quote_count: number
}

/** Every conversation of a review with its quote count; which a viewer may see is the service's decision. */
export async function listConversations(db: Executor, reviewId: string): Promise<ConversationListItem[]> {
  const query = db
    .selectFrom('conversations as c')
    .selectAll('c')
    .select((eb) => eb.selectFrom('quotes as q').whereRef('q.conversation_id', '=', 'c.id').select(eb.fn.countAll<number>().as('n')).as('quote_count'))
    .where('c.review_id', '=', reviewId)
  const rows = await query.orderBy('c.held_on').orderBy('c.created_at').execute()
  return rows.map((r) => ({ ...r, quote_count: Number(r.quote_count ?? 0) }))
}

export async function findConversation(db: Executor, reviewId: string, conversationId: string): Promise<Conversation | undefined> {
  return db.selectFrom('conversations').selectAll().where('review_id', '=', reviewId).where('id', '=', conversationId).executeTakeFirst()
}

export async function insertConversation(db: Executor, conversation: Conversation): Promise<void> {
  await db.insertInto('conversations').values(conversation).execute()
}

export async function updateConversation(db: Executor, reviewId: string, conversationId: string, changes: Updateable<Database['conversations']>): Promise<void> {
  await db.updateTable('conversations').set(changes).where('review_id', '=', reviewId).where('id', '=', conversationId).execute()
}

export async function deleteConversation(db: Executor, reviewId: string, conversationId: string): Promise<number> {
  const result = await db.deleteFrom('conversations').where('review_id', '=', reviewId).where('id', '=', conversationId).executeTakeFirst()
  return Number(result.numDeletedRows)
}

export async function listQuotesOfConversation(db: Executor, conversationId: string): Promise<Quote[]> {
  return db.selectFrom('quotes').selectAll().where('conversation_id', '=', conversationId).orderBy('start_offset').orderBy('created_at').execute()
}

export async function findQuote(db: Executor, reviewId: string, quoteId: string): Promise<Quote | undefined> {
  return db.selectFrom('quotes').selectAll().where('review_id', '=', reviewId).where('id', '=', quoteId).executeTakeFirst()
}

export async function insertQuote(db: Executor, quote: Quote): Promise<void> {
  await db.insertInto('quotes').values(quote).execute()
}

export async function updateQuoteOffset(db: Executor, quoteId: string, startOffset: number): Promise<void> {
  await db.updateTable('quotes').set({ start_offset: startOffset }).where('id', '=', quoteId).execute()
}

export async function deleteQuote(db: Executor, reviewId: string, quoteId: string): Promise<number> {
  const result = await db.deleteFrom('quotes').where('review_id', '=', reviewId).where('id', '=', quoteId).executeTakeFirst()
  return Number(result.numDeletedRows)
}

export async function linkQuoteToEvent(db: Executor, quoteId: string, eventId: string): Promise<boolean> {
  const result = await db.insertInto('quote_events').values({ quote_id: quoteId, event_id: eventId }).onConflict((oc) => oc.doNothing()).executeTakeFirst()
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0
}

export async function unlinkQuoteFromEvent(db: Executor, quoteId: string, eventId: string): Promise<number> {
  const result = await db.deleteFrom('quote_events').where('quote_id', '=', quoteId).where('event_id', '=', eventId).executeTakeFirst()
  return Number(result.numDeletedRows)
}

export interface LinkedEvent {
  quote_id: string
  event_id: string
  agency: string
  agency_key: string
  occurred_at: string
  precision: string
  summary: string | null
  shared: number
}

export async function listEventsOfQuotes(db: Executor, quoteIds: string[]): Promise<LinkedEvent[]> {
  if (quoteIds.length === 0) return []
  return db
    .selectFrom('quote_events as qe')
    .innerJoin('chronology_events as e', 'e.id', 'qe.event_id')
    .select(['qe.quote_id', 'qe.event_id', 'e.agency', 'e.agency_key', 'e.occurred_at', 'e.precision', 'e.summary', 'e.shared'])
    .where('qe.quote_id', 'in', quoteIds)
    .orderBy('e.sort_key')
    .execute()
}

export interface ConversationCounts {
  held: number
  practitioners: number
  quotes: number
}

export async function countConversations(db: Executor, reviewId: string): Promise<ConversationCounts> {
  const conversations = await db.selectFrom('conversations').select(['practitioner', 'member_user_id']).where('review_id', '=', reviewId).execute()
  // One practitioner may be seen twice: count each member once, and others by their label.
  const practitioners = new Set(conversations.map((c) => (c.member_user_id ? `member:${c.member_user_id}` : `label:${c.practitioner.trim().toLowerCase()}`)))
  const quotes = await db.selectFrom('quotes').select((eb) => eb.fn.countAll<number>().as('n')).where('review_id', '=', reviewId).executeTakeFirstOrThrow()
  return { held: conversations.length, practitioners: practitioners.size, quotes: Number(quotes.n) }
}
