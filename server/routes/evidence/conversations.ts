// Practitioner conversation pages: the list, recording one (typed or uploaded notes), reading its notes with
// quotes highlighted, making quotes and linking them to chronology events. Case group members read their
// own agency's conversations (and their own) with pseudonyms; the lead reviewer and review team edit.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { access } from '../../http-types.js'
import { BadInput } from '../../errors.js'
import type { Conversation } from '../../data/schema.js'
import type { ServiceContext } from '../../services/context.js'
import {
  changeConversation, conversationsFor, conversationToChange, conversationView, linkQuoteEvent, makeQuote, quoteEventChoices, quoteOfConversation, quotesFor,
  recordConversation, removeConversation, removeQuote, unlinkQuoteEvent, type ConversationInput,
} from '../../services/conversations.js'
import { joinDateParts } from '../../services/form-dates.js'
import { nameToggleOf } from '../../services/pseudonym-view.js'
import { membersOf, reviewOf } from '../../services/reviews.js'
import { REVIEW_ROLE_LABELS } from '../../../methodology/permissions.js'
import { formList, formValues, handleFormPost, NO_ERRORS, type FormErrors } from '../form-support.js'
import { reviewBreadcrumbs } from '../reviews/review-pages.js'
import { renderNotes } from '../../views-support/notes-markdown.js'
import { uploadedFile } from './uploaded-file.js'

type Params = { Params: { reviewId: string } }
type ConversationParams = { Params: { reviewId: string; conversationId: string } }
type QuoteParams = { Params: { reviewId: string; conversationId: string; quoteId: string } }
type LinkParams = { Params: { reviewId: string; conversationId: string; quoteId: string; eventId: string } }

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

const conversationRoutes: FastifyPluginAsync<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  const formPage = async (request: FastifyRequest<Params>, reply: FastifyReply, conversation: Conversation | null, values: Record<string, unknown>, errors: FormErrors = NO_ERRORS) => {
    const review = await reviewOf(ctx, request.inReview())
    const members = await membersOf(ctx, request.inReview())
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
    const viewer = request.inReview()
    const canEdit = viewer.can('conversations.edit')
    const review = await reviewOf(ctx, viewer)
    const { conversation, segments, quotes } = await conversationView(ctx, viewer, conversationId)
    const quoteNumber = new Map(quotes.map((q) => [q.id, q.number]))
    const members = canEdit && conversation.memberUserId ? await membersOf(ctx, viewer) : []
    const member = members.find((m) => m.user_id === conversation.memberUserId)
    return reply.page('pages/evidence/conversation', {
      pageTitle: `Conversation with ${conversation.practitioner}`,
      review,
      conversation: { id: conversation.id, practitioner: conversation.practitioner, agency: conversation.agency, heldOn: conversation.heldOn, heldBy: conversation.heldBy ?? '', sourceFilename: conversation.sourceFilename },
      member: member ? `${member.name} (${REVIEW_ROLE_LABELS[member.role]})` : null,
      notesHtml: renderNotes(segments.map((x) => ({ text: x.text, quoteTitle: x.quoteIds.length ? `Quote ${x.quoteIds.map((id) => quoteNumber.get(id)).join(', ')}` : null }))),
      quotes,
      canEdit,
      eventGroups: canEdit ? await quoteEventChoices(ctx, viewer, conversation.agency) : [],
      nameToggle: nameToggleOf(viewer, request.url),
      values,
      errors,
      scripts: canEdit ? ['conversation-quotes.js'] : [],
      breadcrumbs: [...reviewBreadcrumbs(review, 'Conversations').slice(0, 2), { text: 'Conversations', href: `/reviews/${reviewId}/conversations` }, { text: conversation.practitioner }],
    })
  }

  app.get<Params>('/reviews/:reviewId/conversations', { config: { access: access.review('conversations.view') } }, async (request, reply) => {
    const viewer = request.inReview()
    const review = await reviewOf(ctx, viewer)
    const conversations = await conversationsFor(ctx, viewer)
    const canEdit = viewer.can('conversations.edit')
    return reply.page('pages/evidence/conversations', {
      pageTitle: 'Conversations with practitioners',
      review,
      conversations: conversations.map((c) => ({ id: c.id, practitioner: c.practitioner, agency: c.agency, heldOn: c.heldOn, heldBy: c.heldBy ?? '', quoteCount: c.quoteCount })),
      canEdit,
      isCaseGroupView: !canEdit,
      nameToggle: nameToggleOf(viewer, request.url),
      breadcrumbs: reviewBreadcrumbs(review, 'Conversations'),
    })
  })

  app.get<Params>('/reviews/:reviewId/quotes', { config: { access: access.review('conversations.view') } }, async (request, reply) => {
    const viewer = request.inReview()
    const review = await reviewOf(ctx, viewer)
    return reply.page('pages/evidence/quotes', {
      pageTitle: 'Quotes from conversations',
      review,
      quotes: await quotesFor(ctx, viewer),
      nameToggle: nameToggleOf(viewer, request.url),
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
    const conversation = await conversationToChange(ctx, request.inReview(), request.params.conversationId)
    return formPage(request, reply, conversation, conversationValues(conversation))
  })

  app.post<ConversationParams>('/reviews/:reviewId/conversations/:conversationId', { config: { access: access.review('conversations.edit') } }, async (request, reply) => {
    const { reviewId, conversationId } = request.params
    const conversation = await conversationToChange(ctx, request.inReview(), conversationId)
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
        const quote = await quoteOfConversation(ctx, request.inReview(), conversationId, quoteId)
        if (!quote) throw new BadInput('There is a problem with the link', [{ path: 'quoteId', message: 'Choose one of this conversation’s quotes' }])
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
