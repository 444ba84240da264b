// Practitioner conversations and the quotes taken from their notes. Quotes are evidence later stages cite;
// each occurs word for word in its notes and may be linked to the chronology events it speaks to.
import { agencyKeyOf } from '../../methodology/agency-key.js'
import { locateQuote, noteDate, readFrontMatter, segmentNotes } from '../../methodology/evidence/conversation-notes.js'
import { pseudonymise } from '../../methodology/redaction/pseudonymise.js'
import { BadInput, NotFound, type ErrorDetail } from '../errors.js'
import {
  deleteConversation, deleteQuote, findConversation, findQuote, insertConversation, insertQuote, linkQuoteToEvent, listConversations,
  listEventsOfQuotes, listQuotesOfConversation, unlinkQuoteFromEvent, updateConversation, updateQuoteOffset,
  type LinkedEvent,
} from '../data/conversations.js'
import { findEvidence, listEventEvidence, listQuoteEvidence } from '../data/evidence.js'
import { findMembership } from '../data/review-members.js'
import type { Conversation, Executor, Quote } from '../data/schema.js'
import type { UploadedFile } from '../plugins/uploads.js'
import { readUploadedText } from '../text-extraction/uploaded-text.js'
import { londonDate } from '../clock.js'
import { recordAudit } from './audit.js'
import { nowIso, type Actor, type ServiceContext } from './context.js'
import { requireCapability } from './capability.js'
import { loadRegister, namesFor, type ShownNames } from './pseudonym-view.js'
import { auditRead } from './read-audit.js'
import { seesAgency, type ReviewViewer } from './viewer.js'
import { cleanFileName } from '../export/file-names.js'

export interface ConversationInput {
  practitioner?: string
  agency?: string
  /** YYYY-MM-DD (or DD/MM/YYYY); empty to take it from the notes' front matter. */
  heldOn?: string
  heldBy?: string
  /** A member of the review the conversation was with; empty for none. */
  memberUserId?: string
  /** Typed notes; leave empty when uploading a file. */
  notes?: string
  file?: UploadedFile | null
}

// Notes are edited in a form field, which the server reads up to 1 MB: 300,000 characters always fit.
const LIMITS = { practitioner: 120, agency: 120, heldBy: 300, notes: 300_000, quote: 3000 }
const NO_SUCH_CONVERSATION = 'There is no such conversation in this review'
const NO_SUCH_QUOTE = 'There is no such quote in this review'

function text(value: string | undefined, path: string, label: string, max: number, details: ErrorDetail[], required: boolean): string | null {
  const v = (value ?? '').trim()
  if (!v) {
    if (required) details.push({ path, message: `Enter ${label}` })
    return null
  }
  if (v.length > max) details.push({ path, message: `${label.charAt(0).toUpperCase()}${label.slice(1)} must be ${max.toLocaleString('en-GB')} characters or fewer` })
  return v
}

function isNoFile(file: UploadedFile | null | undefined): boolean {
  // A file input left empty still sends a part, with no name and no bytes.
  return !file || (file.size === 0 && (file.filename === '' || file.filename === 'upload'))
}

interface ValidConversation {
  practitioner: string
  agency: string
  held_on: string
  held_by: string | null
  member_user_id: string | null
  notes: string
  source_filename: string | null
}

/** Reads the notes (typed or uploaded), fills empty fields from front matter, and validates everything at once. */
async function readConversation(ctx: ServiceContext, reviewId: string, input: ConversationInput, opts: { fileReplacesTyped: boolean }): Promise<ValidConversation> {
  const details: ErrorDetail[] = []
  const typed = (input.notes ?? '').replace(/\r\n?/g, '\n')
  const hasFile = !isNoFile(input.file)
  if (hasFile && typed.trim() !== '' && !opts.fileReplacesTyped) {
    throw new BadInput('There is a problem with the conversation', [{ path: 'notes', message: 'Either type the notes or upload a file, not both' }])
  }
  const raw = hasFile ? await readUploadedText(input.file!, 'notesFile') : typed
  const { fields, body } = readFrontMatter(raw)
  const pick = (given: string | undefined, ...keys: string[]) => {
    const v = (given ?? '').trim()
    if (v) return v
    for (const k of keys) if (fields[k]) return fields[k]
    return ''
  }
  const practitioner = text(pick(input.practitioner, 'practitioner', 'who'), 'practitioner', 'who the conversation was with, like Health Visitor 1', LIMITS.practitioner, details, true)
  const agency = text(pick(input.agency, 'agency'), 'agency', 'the practitioner’s agency', LIMITS.agency, details, true)
  const heldBy = text(pick(input.heldBy, 'held_by', 'reviewers', 'by'), 'heldBy', 'who held the conversation', LIMITS.heldBy, details, false)
  const dateText = pick(input.heldOn, 'date', 'held_on')
  let heldOn: string | null = null
  if (!dateText) details.push({ path: 'heldOn', message: 'Enter the date of the conversation' })
  else {
    heldOn = noteDate(dateText)
    if (!heldOn) details.push({ path: 'heldOn', message: 'Date of the conversation must be a real date, like 16 11 2021' })
    else if (heldOn > londonDate(ctx.clock.now())) details.push({ path: 'heldOn', message: 'Date of the conversation must be today or in the past' })
  }
  const notes = body.replace(/\s+$/, '')
  if (notes.trim() === '') details.push({ path: hasFile ? 'notesFile' : 'notes', message: hasFile ? 'The file has no notes after its front matter' : 'Type the notes or upload them as a file' })
  if (notes.length > LIMITS.notes) details.push({ path: hasFile ? 'notesFile' : 'notes', message: `The notes must be ${LIMITS.notes.toLocaleString('en-GB')} characters or fewer: split them into more than one conversation record` })
  let memberUserId: string | null = null
  if ((input.memberUserId ?? '').trim()) {
    memberUserId = input.memberUserId!.trim()
    if (!(await findMembership(ctx.db, reviewId, memberUserId))) details.push({ path: 'memberUserId', message: 'Choose a member of this review, or no one' })
  }
  if (details.length) throw new BadInput('There is a problem with the conversation', details)
  return {
    practitioner: practitioner!, agency: agency!, held_on: heldOn!, held_by: heldBy, member_user_id: memberUserId, notes,
    source_filename: hasFile ? input.file!.filename : null,
  }
}

export async function recordConversation(ctx: ServiceContext, actor: Actor, reviewId: string, input: ConversationInput): Promise<Conversation> {
  const valid = await readConversation(ctx, reviewId, input, { fileReplacesTyped: false })
  const at = nowIso(ctx)
  const conversation: Conversation = { id: ctx.newId(), review_id: reviewId, ...valid, created_by: actor.userId, created_at: at, updated_at: at }
  await ctx.db.transaction().execute(async (trx) => {
    await insertConversation(trx, conversation)
    await recordAudit(trx, ctx.clock, actor, {
      action: 'conversation.record', reviewId, objectType: 'conversation', objectId: conversation.id, details: { uploaded: valid.source_filename !== null },
    })
  })
  return conversation
}

/** Changes the details and the notes; every quote must still be in the new notes, word for word. */
export async function changeConversation(ctx: ServiceContext, actor: Actor, reviewId: string, conversationId: string, input: ConversationInput): Promise<void> {
  const current = await findConversation(ctx.db, reviewId, conversationId)
  if (!current) throw new NotFound(NO_SUCH_CONVERSATION)
  // On the change form the notes box is filled in already: an uploaded file replaces what it holds.
  const valid = await readConversation(ctx, reviewId, input, { fileReplacesTyped: true })
  await ctx.db.transaction().execute(async (trx) => {
    const quotes = await listQuotesOfConversation(trx, conversationId)
    const lost: ErrorDetail[] = []
    const moved: { id: string; start: number }[] = []
    for (const q of quotes) {
      // The quote's own position first, so a passage that occurs twice keeps its place.
      const kept = valid.notes.slice(q.start_offset, q.start_offset + q.text.length) === q.text ? q.start_offset : valid.notes.indexOf(q.text)
      if (kept < 0) lost.push({ path: 'notes', message: `The quote “${q.text.length > 80 ? `${q.text.slice(0, 79)}…` : q.text}” is no longer in the notes. Keep its words, or remove the quote first.` })
      else if (kept !== q.start_offset) moved.push({ id: q.id, start: kept })
    }
    if (lost.length) throw new BadInput('The notes were not changed: quotes taken from them would be lost', lost)
    await updateConversation(trx, reviewId, conversationId, {
      ...valid, source_filename: valid.source_filename ?? current.source_filename, updated_at: nowIso(ctx),
    })
    for (const m of moved) await updateQuoteOffset(trx, m.id, m.start)
    await recordAudit(trx, ctx.clock, actor, { action: 'conversation.change', reviewId, objectType: 'conversation', objectId: conversationId })
  })
}

export async function removeConversation(ctx: ServiceContext, actor: Actor, reviewId: string, conversationId: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const quotes = await listQuotesOfConversation(trx, conversationId)
    if ((await deleteConversation(trx, reviewId, conversationId)) === 0) throw new NotFound(NO_SUCH_CONVERSATION)
    await recordAudit(trx, ctx.clock, actor, { action: 'conversation.remove', reviewId, objectType: 'conversation', objectId: conversationId, details: { quotesRemoved: quotes.length } })
  })
}

// Reading -------------------------------------------------------------------------------------------------

/** Those who may edit conversations see them all; others (case group) their own agency's and those held with them. */
function visibleTo(viewer: ReviewViewer, conversation: Pick<Conversation, 'agency' | 'member_user_id'>): boolean {
  return viewer.can('conversations.edit') || seesAgency(viewer, agencyKeyOf(conversation.agency)) || conversation.member_user_id === viewer.userId
}

/** A linked event this viewer may see: their agency's or shared with them. */
function eventVisibleTo(viewer: ReviewViewer, event: Pick<LinkedEvent, 'agency_key' | 'shared'>): boolean {
  return viewer.can('conversations.edit') || seesAgency(viewer, event.agency_key) || event.shared === 1
}

/** A conversation's details as this viewer may see them (names under their name rule). */
export interface ShownConversation {
  id: string
  practitioner: string
  agency: string
  heldOn: string
  heldBy: string | null
  memberUserId: string | null
  sourceFilename: string | null
  quoteCount: number
}

function shownConversation(c: Conversation, quoteCount: number, names: ShownNames): ShownConversation {
  const show = (t: string | null) => (t === null ? null : names.show(t))
  return {
    id: c.id, practitioner: names.show(c.practitioner), agency: c.agency, heldOn: c.held_on, heldBy: show(c.held_by), memberUserId: c.member_user_id,
    sourceFilename: show(c.source_filename === null ? null : cleanFileName(c.source_filename)), quoteCount,
  }
}

/** The conversations this viewer may see (list page and API), without their notes; audited. */
export async function conversationsFor(ctx: ServiceContext, viewer: ReviewViewer): Promise<ShownConversation[]> {
  requireCapability(viewer, 'conversations.view')
  const rows = (await listConversations(ctx.db, viewer.reviewId)).filter((c) => visibleTo(viewer, c))
  const names = await namesFor(ctx, viewer)
  await auditRead(ctx, viewer, { action: 'conversation.list.view', objectType: 'conversations', objectId: viewer.reviewId, details: { conversations: rows.length } })
  return rows.map((c) => shownConversation(c, c.quote_count, names))
}

export interface ShownQuote {
  id: string
  number: number
  text: string
  start: number
  events: { id: string; agency: string; occurredAt: string; summary: string }[]
}

/** One conversation as this viewer may see it: details, notes (whole and cut at the quotes) and quotes; audited. */
export interface ConversationRead {
  conversation: ShownConversation
  notes: string
  /** The notes cut where quotes begin and end, each part as shown, with the quotes it belongs to. */
  segments: { text: string; quoteIds: string[] }[]
  quotes: ShownQuote[]
}

export async function conversationView(ctx: ServiceContext, viewer: ReviewViewer, conversationId: string): Promise<ConversationRead> {
  requireCapability(viewer, 'conversations.view')
  const conversation = await findConversation(ctx.db, viewer.reviewId, conversationId)
  if (!conversation || !visibleTo(viewer, conversation)) throw new NotFound(NO_SUCH_CONVERSATION)
  const quotes = await listQuotesOfConversation(ctx.db, conversationId)
  const events = (await listEventsOfQuotes(ctx.db, quotes.map((q) => q.id))).filter((e) => eventVisibleTo(viewer, e))
  const names = await namesFor(ctx, viewer)
  const segments = segmentNotes(conversation.notes, quotes.map((q) => ({ id: q.id, start: q.start_offset, length: q.text.length })))
  const shownSegments = names.showMany(segments.map((x) => x.text))
  await auditRead(ctx, viewer, { action: 'conversation.view', objectType: 'conversation', objectId: conversationId, details: { quotes: quotes.length } })
  return {
    conversation: shownConversation(conversation, quotes.length, names),
    notes: names.show(conversation.notes),
    segments: segments.map((x, i) => ({ text: shownSegments[i] ?? '', quoteIds: x.quoteIds })),
    quotes: quotes.map((q, i) => ({
      id: q.id, number: i + 1, text: names.show(q.text), start: q.start_offset,
      events: events.filter((e) => e.quote_id === q.id).map((e) => ({ id: e.event_id, agency: e.agency, occurredAt: e.occurred_at, summary: names.show(e.summary) })),
    })),
  }
}

/** A conversation as recorded, for its change form and for those who edit conversations. */
export async function conversationToChange(ctx: ServiceContext, viewer: ReviewViewer, conversationId: string): Promise<Conversation> {
  requireCapability(viewer, 'conversations.edit')
  const conversation = await findConversation(ctx.db, viewer.reviewId, conversationId)
  if (!conversation) throw new NotFound(NO_SUCH_CONVERSATION)
  return conversation
}

export interface QuoteListItem {
  id: string
  text: string
  practitioner: string
  agency: string | null
  conversationId: string
  events: { agency: string; occurredAt: string; summary: string }[]
}

/** Every quote in the conversations this viewer may see, with the linked events they may see, as shown; audited. */
export async function quotesFor(ctx: ServiceContext, viewer: ReviewViewer): Promise<QuoteListItem[]> {
  requireCapability(viewer, 'conversations.view')
  const visible = new Set((await listConversations(ctx.db, viewer.reviewId)).filter((c) => visibleTo(viewer, c)).map((c) => c.id))
  const quotes = (await listQuoteEvidence(ctx.db, viewer.reviewId)).filter((q) => visible.has(q.conversationId))
  const events = (await listEventsOfQuotes(ctx.db, quotes.map((q) => q.id))).filter((e) => eventVisibleTo(viewer, e))
  const names = await namesFor(ctx, viewer)
  await auditRead(ctx, viewer, { action: 'quote.list.view', objectType: 'quotes', objectId: viewer.reviewId, details: { quotes: quotes.length } })
  return quotes.map((q) => ({
    id: q.id, text: names.show(q.text), practitioner: names.show(q.practitioner), agency: q.agency, conversationId: q.conversationId,
    events: events.filter((e) => e.quote_id === q.id).map((e) => ({ agency: e.agency, occurredAt: e.occurred_at, summary: names.show(e.summary) })),
  }))
}

/** The review's chronology events for the quote forms' pickers, grouped by agency with the conversation's first, labels as shown. */
export async function quoteEventChoices(ctx: ServiceContext, viewer: ReviewViewer, agency: string): Promise<{ agency: string; events: { id: string; label: string }[] }[]> {
  requireCapability(viewer, 'conversations.edit')
  const events = await listEventEvidence(ctx.db, viewer.reviewId)
  const names = await namesFor(ctx, viewer)
  const own = agencyKeyOf(agency)
  const ordered = [...events.filter((x) => agencyKeyOf(x.agency) === own), ...events.filter((x) => agencyKeyOf(x.agency) !== own)]
  const labels = names.showMany(ordered.map((e) => e.label))
  const groups = new Map<string, { agency: string; events: { id: string; label: string }[] }>()
  ordered.forEach((e, i) => {
    const key = agencyKeyOf(e.agency)
    if (!groups.has(key)) groups.set(key, { agency: e.agency ?? '', events: [] })
    groups.get(key)!.events.push({ id: e.id, label: labels[i] ?? '' })
  })
  return [...groups.values()]
}

// Quotes --------------------------------------------------------------------------------------------------

export interface QuoteInput {
  text: string
  eventIds?: string[]
}

async function checkEvents(db: Executor, reviewId: string, eventIds: string[]): Promise<void> {
  const { missing } = await findEvidence(db, reviewId, eventIds.map((id) => ({ type: 'event' as const, id })))
  if (missing.length) throw new BadInput('There is a problem with the event', [{ path: 'eventId', message: 'Choose an event from this review’s chronology' }])
}

/** A quote from the notes, word for word (white space aside), optionally linked to chronology events. */
export async function makeQuote(ctx: ServiceContext, actor: Actor, reviewId: string, conversationId: string, input: QuoteInput): Promise<Quote> {
  const wanted = (input.text ?? '').trim()
  const eventIds = [...new Set((input.eventIds ?? []).map((e) => e.trim()).filter((e) => e !== ''))]
  const conversation = await findConversation(ctx.db, reviewId, conversationId)
  if (!conversation) throw new NotFound(NO_SUCH_CONVERSATION)
  const problem = (message: string) => new BadInput('There is a problem with the quote', [{ path: 'quoteText', message }])
  if (wanted.length < 3) throw problem('Enter the exact words to quote, or select them in the notes')
  if (wanted.length > LIMITS.quote) throw problem(`A quote must be ${LIMITS.quote.toLocaleString('en-GB')} characters or fewer: choose the words that matter most`)
  const found = locateQuote(conversation.notes, wanted)
  if (!found) {
    const shownWithPseudonyms = locateQuote(pseudonymise(conversation.notes, await loadRegister(ctx.db, reviewId)), wanted)
    if (shownWithPseudonyms) throw problem('These words are shown with pseudonyms. Show real names, then select or paste the words again')
    throw problem('The quote must be the exact words of the notes. Select them in the notes, or copy and paste them')
  }
  await checkEvents(ctx.db, reviewId, eventIds)
  const quote: Quote = {
    id: ctx.newId(), review_id: reviewId, conversation_id: conversationId, text: found.text, start_offset: found.start, created_by: actor.userId, created_at: nowIso(ctx),
  }
  await ctx.db.transaction().execute(async (trx) => {
    const existing = await listQuotesOfConversation(trx, conversationId)
    if (existing.some((q) => q.start_offset === found.start && q.text === found.text)) throw problem('These words are already a quote')
    await insertQuote(trx, quote)
    for (const eventId of eventIds) await linkQuoteToEvent(trx, quote.id, eventId)
    await recordAudit(trx, ctx.clock, actor, { action: 'quote.make', reviewId, objectType: 'quote', objectId: quote.id, details: { conversationId, events: eventIds.length } })
  })
  return quote
}

export async function removeQuote(ctx: ServiceContext, actor: Actor, reviewId: string, quoteId: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    if ((await deleteQuote(trx, reviewId, quoteId)) === 0) throw new NotFound(NO_SUCH_QUOTE)
    await recordAudit(trx, ctx.clock, actor, { action: 'quote.remove', reviewId, objectType: 'quote', objectId: quoteId })
  })
}

/** One of this conversation's quotes, or null (for the form that links a quote to an event). */
export async function quoteOfConversation(ctx: ServiceContext, viewer: ReviewViewer, conversationId: string, quoteId: string): Promise<Quote | null> {
  requireCapability(viewer, 'conversations.edit')
  const quote = quoteId ? await findQuote(ctx.db, viewer.reviewId, quoteId) : undefined
  return quote && quote.conversation_id === conversationId ? quote : null
}

export async function requireQuote(db: Executor, reviewId: string, quoteId: string): Promise<Quote> {
  const quote = await findQuote(db, reviewId, quoteId)
  if (!quote) throw new NotFound(NO_SUCH_QUOTE)
  return quote
}

export async function linkQuoteEvent(ctx: ServiceContext, actor: Actor, reviewId: string, quoteId: string, eventId: string): Promise<void> {
  await requireQuote(ctx.db, reviewId, quoteId)
  if (!eventId.trim()) throw new BadInput('There is a problem with the event', [{ path: 'eventId', message: 'Choose an event to link to the quote' }])
  await checkEvents(ctx.db, reviewId, [eventId.trim()])
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await linkQuoteToEvent(trx, quoteId, eventId.trim()))) return
    await recordAudit(trx, ctx.clock, actor, { action: 'quote.event.link', reviewId, objectType: 'quote', objectId: quoteId, details: { eventId: eventId.trim() } })
  })
}

export async function unlinkQuoteEvent(ctx: ServiceContext, actor: Actor, reviewId: string, quoteId: string, eventId: string): Promise<void> {
  await requireQuote(ctx.db, reviewId, quoteId)
  await ctx.db.transaction().execute(async (trx) => {
    if ((await unlinkQuoteFromEvent(trx, quoteId, eventId)) === 0) throw new NotFound('That event is not linked to this quote')
    await recordAudit(trx, ctx.clock, actor, { action: 'quote.event.unlink', reviewId, objectType: 'quote', objectId: quoteId, details: { eventId } })
  })
}
