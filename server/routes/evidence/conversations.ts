// Practitioner conversation pages: the list, recording one (typed or uploaded notes), reading its notes with
// quotes highlighted, making quotes and linking them to chronology events. Case group members read their
// own agency's conversations (and their own) with pseudonyms; the lead reviewer and review team edit.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { segmentNotes } from '../../../methodology/evidence/conversation-notes.js'
import { access } from '../../http-types.js'
import { BadInput } from '../../errors.js'
import type { Conversation } from '../../data/schema.js'
import type { ServiceContext } from '../../services/context.js'
import {
  agencyKey, changeConversation, conversationFor, eventChoices, linkQuoteEvent, listConversationsFor, listQuotesFor, makeQuote, recordConversation, removeConversation,
  findQuoteOf, removeQuote, unlinkQuoteEvent, type ConversationInput, type ConversationViewer,
} from '../../services/conversations.js'
import { joinDateParts } from '../../services/form-dates.js'
import type { NameView } from '../../services/pseudonym-view.js'
import { listMembers, requireReview } from '../../services/reviews.js'
import { REVIEW_ROLE_LABELS } from '../../../methodology/permissions.js'
import { formList, formValues, handleFormPost, NO_ERRORS, type FormErrors } from '../form-support.js'
import { reviewBreadcrumbs } from '../reviews/review-pages.js'
import { renderNotes } from '../../views-support/notes-markdown.js'
import { nameViewForRequest } from './name-view.js'
import { uploadedFile } from './uploaded-file.js'

type Params = { Params: { reviewId: string } }
type ConversationParams = { Params: { reviewId: string; conversationId: string } }
type QuoteParams = { Params: { reviewId: string; conversationId: string; quoteId: string } }
type LinkParams = { Params: { reviewId: string; conversationId: string; quoteId: string; eventId: string } }

export function conversationViewer(request: FastifyRequest): ConversationViewer {
  const ra = request.reviewAccess!
  return { userId: request.user!.id, canEdit: ra.can('conversations.edit'), agency: ra.agency }
}

function dateParts(iso: string | null | undefined): { day: string; month: string; year: string } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '')
  return m ? { day: String(Number(m[3])), month: String(Number(m[2])), year: m[1]! } : { day: '', month: '', year: '' }
}

function formInput(request: FastifyRequest): { input: ConversationInput; values: Record<string, unknown> } {
  const v = formValues(request)
  const input: ConversationInput = {
    practitioner: v.practitioner ?? '', agency: v.agency ?? '', heldBy: v.heldBy ?? '', memberUserId: v.memberUserId ?? '', notes: v.notes ?? '',
    heldOn: joinDateParts(v['heldOn-day'], v['heldOn-month'], v['heldOn-year']),
    file: uploadedFile(request, 'notesFile'),
  }
  return { input, values: { ...v, heldOn: { day: v['heldOn-day'] ?? '', month: v['heldOn-month'] ?? '', year: v['heldOn-year'] ?? '' } } }
}

function conversationValues(c: Conversation): Record<string, unknown> {
  return { practitioner: c.practitioner, agency: c.agency, heldBy: c.held_by ?? '', memberUserId: c.member_user_id ?? '', notes: c.notes, heldOn: dateParts(c.held_on) }
}

/** Events for the quote forms' pickers, the conversation's agency first, each label as the viewer may see it. */
async function eventGroups(ctx: ServiceContext, reviewId: string, agency: string, names: NameView) {
  const events = await eventChoices(ctx.db, reviewId)
  const groups = new Map<string, { agency: string; events: { id: string; label: string }[] }>()
  const own = agencyKey(agency)
  const ordered = [...events.filter((x) => agencyKey(x.agency) === own), ...events.filter((x) => agencyKey(x.agency) !== own)]
  const labels = names.showMany(ordered.map((e) => e.label))
  ordered.forEach((e, i) => {
    const key = agencyKey(e.agency)
    if (!groups.has(key)) groups.set(key, { agency: e.agency ?? '', events: [] })
    groups.get(key)!.events.push({ id: e.id, label: labels[i] ?? '' })
  })
  return [...groups.values()]
}

const conversationRoutes: FastifyPluginAsync<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  const formPage = async (request: FastifyRequest<Params>, reply: FastifyReply, conversation: Conversation | null, values: Record<string, unknown>, errors: FormErrors = NO_ERRORS) => {
    const review = await requireReview(ctx.db, request.params.reviewId)
    const members = await listMembers(ctx.db, review.id)
    const title = conversation ? 'Change the conversation' : 'Record a conversation'
    return reply.page('pages/evidence/conversation-form', {
      pageTitle: title,
      review,
      conversation,
      values,
      errors,
      memberOptions: members.map((m) => ({ value: m.user_id, text: `${m.name} (${REVIEW_ROLE_LABELS[m.role]}${m.agency ? `, ${m.agency}` : ''})` })),
      action: conversation ? `/reviews/${review.id}/conversations/${conversation.id}` : `/reviews/${review.id}/conversations`,
      submitText: conversation ? 'Save changes' : 'Save conversation',
      backLink: conversation ? `/reviews/${review.id}/conversations/${conversation.id}` : `/reviews/${review.id}/conversations`,
      breadcrumbs: reviewBreadcrumbs(review, title),
    })
  }

  const conversationPage = async (request: FastifyRequest<ConversationParams>, reply: FastifyReply, values: Record<string, string> = {}, errors: FormErrors = NO_ERRORS) => {
    const { reviewId, conversationId } = request.params
    const review = await requireReview(ctx.db, reviewId)
    const viewer = conversationViewer(request)
    const { conversation, quotes } = await conversationFor(ctx.db, reviewId, conversationId, viewer)
    const names = await nameViewForRequest(ctx, request)
    const segments = segmentNotes(conversation.notes, quotes.map((q) => ({ id: q.id, start: q.start_offset, length: q.text.length })))
    const quoteNumber = new Map(quotes.map((q, i) => [q.id, i + 1]))
    const members = viewer.canEdit && conversation.member_user_id ? await listMembers(ctx.db, reviewId) : []
    const member = members.find((m) => m.user_id === conversation.member_user_id)
    return reply.page('pages/evidence/conversation', {
      pageTitle: `Conversation with ${names.show(conversation.practitioner)}`,
      review,
      conversation: {
        id: conversation.id, practitioner: names.show(conversation.practitioner), agency: conversation.agency, heldOn: conversation.held_on,
        heldBy: names.show(conversation.held_by), sourceFilename: conversation.source_filename,
      },
      member: member ? `${member.name} (${REVIEW_ROLE_LABELS[member.role]})` : null,
      notesHtml: renderNotes(names.showMany(segments.map((s) => s.text)).map((text, i) => {
        const ids = segments[i]?.quoteIds ?? []
        return { text, quoteTitle: ids.length ? `Quote ${ids.map((id) => quoteNumber.get(id)).join(', ')}` : null }
      })),
      quotes: quotes.map((q, i) => ({
        id: q.id, number: i + 1, text: names.show(q.text),
        events: q.events.map((e) => ({ id: e.event_id, agency: e.agency, occurredAt: e.occurred_at, summary: names.show(e.summary) })),
      })),
      canEdit: viewer.canEdit,
      eventGroups: viewer.canEdit ? await eventGroups(ctx, reviewId, conversation.agency, names) : [],
      nameToggle: names.toggle,
      values,
      errors,
      scripts: viewer.canEdit ? ['conversation-quotes.js'] : [],
      breadcrumbs: [...reviewBreadcrumbs(review, 'Conversations').slice(0, 2), { text: 'Conversations', href: `/reviews/${reviewId}/conversations` }, { text: names.show(conversation.practitioner) }],
    })
  }

  app.get<Params>('/reviews/:reviewId/conversations', { config: { access: access.review('conversations.view') } }, async (request, reply) => {
    const reviewId = request.params.reviewId
    const review = await requireReview(ctx.db, reviewId)
    const viewer = conversationViewer(request)
    const names = await nameViewForRequest(ctx, request)
    const conversations = await listConversationsFor(ctx.db, reviewId, viewer)
    return reply.page('pages/evidence/conversations', {
      pageTitle: 'Conversations with practitioners',
      review,
      conversations: conversations.map((c) => ({
        id: c.id, practitioner: names.show(c.practitioner), agency: c.agency, heldOn: c.held_on, heldBy: names.show(c.held_by), quoteCount: c.quote_count,
      })),
      canEdit: viewer.canEdit,
      isCaseGroupView: !viewer.canEdit,
      nameToggle: names.toggle,
      breadcrumbs: reviewBreadcrumbs(review, 'Conversations'),
    })
  })

  app.get<Params>('/reviews/:reviewId/quotes', { config: { access: access.review('conversations.view') } }, async (request, reply) => {
    const reviewId = request.params.reviewId
    const review = await requireReview(ctx.db, reviewId)
    const viewer = conversationViewer(request)
    const names = await nameViewForRequest(ctx, request)
    const quotes = await listQuotesFor(ctx.db, reviewId, viewer)
    return reply.page('pages/evidence/quotes', {
      pageTitle: 'Quotes from conversations',
      review,
      quotes: quotes.map((q) => ({
        id: q.id, text: names.show(q.text), practitioner: names.show(q.practitioner), agency: q.agency, conversationId: q.conversationId,
        events: q.events.map((e) => ({ agency: e.agency, occurredAt: e.occurred_at, summary: names.show(e.summary) })),
      })),
      nameToggle: names.toggle,
      breadcrumbs: reviewBreadcrumbs(review, 'Quotes'),
    })
  })

  app.get<Params>('/reviews/:reviewId/conversations/new', { config: { access: access.review('conversations.edit') } }, async (request, reply) =>
    // Whoever records the conversation usually held it: their name is offered, to change or add to.
    formPage(request, reply, null, { heldBy: request.user!.name, heldOn: { day: '', month: '', year: '' } }))

  app.post<Params>('/reviews/:reviewId/conversations', { config: { access: access.review('conversations.edit') } }, async (request, reply) => {
    const { input, values } = formInput(request)
    const reviewId = request.params.reviewId
    return handleFormPost(ctx, request, reply, {
      run: () => recordConversation(ctx, request.actor(), reviewId, input),
      rerender: (errors) => formPage(request, reply, null, values, errors),
      redirectTo: (c) => `/reviews/${reviewId}/conversations/${c.id}`,
      flash: { kind: 'success', heading: 'Conversation recorded', text: 'Select words in the notes to make them a quote.' },
    })
  })

  app.get<ConversationParams>('/reviews/:reviewId/conversations/:conversationId', { config: { access: access.review('conversations.view') } }, async (request, reply) =>
    conversationPage(request, reply))

  app.get<ConversationParams>('/reviews/:reviewId/conversations/:conversationId/edit', { config: { access: access.review('conversations.edit') } }, async (request, reply) => {
    const { conversation } = await conversationFor(ctx.db, request.params.reviewId, request.params.conversationId, conversationViewer(request))
    return formPage(request, reply, conversation, conversationValues(conversation))
  })

  app.post<ConversationParams>('/reviews/:reviewId/conversations/:conversationId', { config: { access: access.review('conversations.edit') } }, async (request, reply) => {
    const { reviewId, conversationId } = request.params
    const { conversation } = await conversationFor(ctx.db, reviewId, conversationId, conversationViewer(request))
    const { input, values } = formInput(request)
    return handleFormPost(ctx, request, reply, {
      run: () => changeConversation(ctx, request.actor(), reviewId, conversationId, input),
      rerender: (errors) => formPage(request, reply, conversation, values, errors),
      redirectTo: `/reviews/${reviewId}/conversations/${conversationId}`,
      flash: { kind: 'success', heading: 'Conversation changed' },
    })
  })

  app.post<ConversationParams>('/reviews/:reviewId/conversations/:conversationId/remove', { config: { access: access.review('conversations.edit') } }, async (request, reply) => {
    const { reviewId, conversationId } = request.params
    return handleFormPost(ctx, request, reply, {
      run: () => removeConversation(ctx, request.actor(), reviewId, conversationId),
      rerender: (errors) => conversationPage(request, reply, {}, errors),
      redirectTo: `/reviews/${reviewId}/conversations`,
      flash: { kind: 'success', heading: 'Conversation removed, with its quotes' },
    })
  })

  app.post<ConversationParams>('/reviews/:reviewId/conversations/:conversationId/quotes', { config: { access: access.review('conversations.edit') } }, async (request, reply) => {
    const { reviewId, conversationId } = request.params
    const v = formValues(request)
    return handleFormPost(ctx, request, reply, {
      run: () => makeQuote(ctx, request.actor(), reviewId, conversationId, { text: v.quoteText ?? '', eventIds: formList(request, 'eventId') }),
      rerender: (errors) => conversationPage(request, reply, v, errors),
      redirectTo: (q) => `/reviews/${reviewId}/conversations/${conversationId}#quote-${q.id}`,
      flash: { kind: 'success', heading: 'Quote saved' },
    })
  })

  app.post<QuoteParams>('/reviews/:reviewId/conversations/:conversationId/quotes/:quoteId/remove', { config: { access: access.review('conversations.edit') } }, async (request, reply) => {
    const { reviewId, conversationId, quoteId } = request.params
    return handleFormPost(ctx, request, reply, {
      run: () => removeQuote(ctx, request.actor(), reviewId, quoteId),
      rerender: (errors) => conversationPage(request, reply, {}, errors),
      redirectTo: `/reviews/${reviewId}/conversations/${conversationId}#quotes`,
      flash: { kind: 'success', heading: 'Quote removed' },
    })
  })

  // One form links any of the conversation's quotes to an event (a picker per quote would repeat every event).
  app.post<ConversationParams>('/reviews/:reviewId/conversations/:conversationId/quote-events', { config: { access: access.review('conversations.edit') } }, async (request, reply) => {
    const { reviewId, conversationId } = request.params
    const v = formValues(request)
    return handleFormPost(ctx, request, reply, {
      run: async () => {
        const quoteId = v.quoteId ?? ''
        const quote = quoteId ? await findQuoteOf(ctx.db, reviewId, quoteId) : null
        if (!quote || quote.conversation_id !== conversationId) throw new BadInput('There is a problem with the link', [{ path: 'quoteId', message: 'Choose one of this conversation’s quotes' }])
        try {
          await linkQuoteEvent(ctx, request.actor(), reviewId, quoteId, v.eventId ?? '')
        } catch (error) {
          // This form's event field is linkEventId: the quote-making form above has its own eventId.
          if (error instanceof BadInput) throw new BadInput(error.message, error.details.map((d) => ({ ...d, path: d.path === 'eventId' ? 'linkEventId' : d.path })))
          throw error
        }
        return quoteId
      },
      rerender: (errors) => conversationPage(request, reply, { linkQuoteId: v.quoteId ?? '', linkEventId: v.eventId ?? '' }, errors),
      redirectTo: (quoteId) => `/reviews/${reviewId}/conversations/${conversationId}#quote-${quoteId}`,
      flash: { kind: 'success', heading: 'Event linked to the quote' },
    })
  })

  app.post<LinkParams>('/reviews/:reviewId/conversations/:conversationId/quotes/:quoteId/events/:eventId/remove', { config: { access: access.review('conversations.edit') } }, async (request, reply) => {
    const { reviewId, conversationId, quoteId, eventId } = request.params
    return handleFormPost(ctx, request, reply, {
      run: () => unlinkQuoteEvent(ctx, request.actor(), reviewId, quoteId, eventId),
      rerender: (errors) => conversationPage(request, reply, {}, errors),
      redirectTo: `/reviews/${reviewId}/conversations/${conversationId}#quote-${quoteId}`,
      flash: { kind: 'success', heading: 'Event no longer linked to the quote' },
    })
  })
}
export default conversationRoutes
