// /api/v1/reviews/:reviewId/persons (as ../shared/api-contract.md), and conversations, quotes and documents.
// Real names only for the lead reviewer and review team; everyone else gets pseudonymised text.
import fs from 'node:fs/promises'
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import { access } from '../../http-types.js'
import { BadInput } from '../../errors.js'
import type { Person } from '../../data/schema.js'
import type { ServiceContext } from '../../services/context.js'
import { addPerson, importPersonsCsv, PERSON_FIELDS, personsFor, type PersonInput } from '../../services/persons.js'
import { conversationsFor, conversationView, makeQuote, recordConversation, type ShownConversation } from '../../services/conversations.js'
import { addDocument, documentsFor } from '../../services/documents.js'
import { uploadedFile } from '../evidence/uploaded-file.js'
import { errorResponse, isoDate, reviewErrors, reviewIdParams } from './schemas.js'
import { textField } from '../form-support.js'

type Params = { Params: { reviewId: string } }
type ConversationParams = { Params: { reviewId: string; conversationId: string } }

const nullableText = { type: ['string', 'null'] } as const

const personJson = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    ...Object.fromEntries(PERSON_FIELDS.map((f) => [f, nullableText])),
  },
} as const

const personBody = {
  type: 'object',
  description: 'One person as JSON with the CSV’s field names; or multipart/form-data with a `file` field holding the CSV',
  properties: Object.fromEntries(PERSON_FIELDS.map((f) => [f, nullableText])),
} as const

const quoteJson = {
  type: 'object',
  properties: { id: { type: 'string' }, text: { type: 'string' }, start: { type: 'integer' }, eventIds: { type: 'array', items: { type: 'string' } } },
} as const

const conversationJson = {
  type: 'object',
  properties: {
    id: { type: 'string' }, practitioner: { type: 'string' }, agency: { type: 'string' }, date: isoDate, heldBy: nullableText,
    memberUserId: nullableText, sourceFilename: nullableText, quotes: { type: 'integer' },
  },
} as const

const conversationFullJson = {
  type: 'object',
  properties: { ...conversationJson.properties, notes: { type: 'string' }, quotes: { type: 'array', items: quoteJson } },
} as const

const documentJson = {
  type: 'object',
  properties: {
    id: { type: 'string' }, title: { type: 'string' }, agency: nullableText, date: { type: ['string', 'null'] }, description: nullableText, content: nullableText,
  },
} as const

const namesQuery = {
  type: 'object',
  properties: { names: { type: 'string', enum: ['real', 'pseudonyms'], description: 'pseudonyms: real names replaced and identifiers removed (always so for roles that may not see real names)' } },
} as const

function personOut(p: Person) {
  return {
    id: p.id, real_name: p.real_name, role: p.role, pseudonym: p.pseudonym, date_of_birth: p.date_of_birth, nhs_number: p.nhs_number,
    address: p.address, postcode: p.postcode, phone: p.phone, staff_number: p.staff_number,
  }
}

/** Who the conversation was with, as the service showed it (for one just recorded: as recorded). */
function conversationOut(c: ShownConversation) {
  return { id: c.id, practitioner: c.practitioner, agency: c.agency, date: c.heldOn, heldBy: c.heldBy, memberUserId: c.memberUserId, sourceFilename: c.sourceFilename, quotes: c.quoteCount }
}

function bodyFields(request: FastifyRequest): Record<string, unknown> {
  const body = request.body
  if (body === null || body === undefined) return {}
  if (typeof body !== 'object' || Array.isArray(body)) throw new BadInput('Send a JSON object', [{ path: 'body', message: 'Send a JSON object' }])
  return body as Record<string, unknown>
}

const apiEvidenceRoutes: FastifyPluginAsync<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.post<Params>('/api/v1/reviews/:reviewId/persons', {
    config: { access: access.review('persons.manage') },
    schema: {
      summary: 'Import the person register from CSV (multipart `file`), or add one person as JSON',
      description: 'CSV columns: real_name,role,pseudonym,date_of_birth,nhs_number,address,postcode,phone,staff_number (staff, payroll or police warrant number). All rows or none: each problem names its row and column.',
      tags: ['persons'],
      params: reviewIdParams,
      consumes: ['multipart/form-data', 'application/json'],
      body: personBody,
      response: { 201: { type: 'object', properties: { imported: { type: 'integer' }, person: personJson } }, 400: errorResponse, 413: errorResponse, ...reviewErrors },
    },
  }, async (request, reply) => {
    const reviewId = request.params.reviewId
    if (request.isMultipart()) {
      const file = uploadedFile(request, 'file')
      if (!file) throw new BadInput('Send the register as a multipart field named file', [{ path: 'file', message: 'Send the CSV in a field named file' }])
      return reply.code(201).send(await importPersonsCsv(ctx, request.actor(), reviewId, await fs.readFile(file.path)))
    }
    const person = await addPerson(ctx, request.actor(), reviewId, bodyFields(request) as PersonInput)
    return reply.code(201).send({ imported: 1, person: personOut(person) })
  })

  app.get<Params>('/api/v1/reviews/:reviewId/persons', {
    config: { access: access.review('persons.view') },
    schema: {
      summary: 'The person register: real names, pseudonyms and identifiers (lead reviewer and review team only)',
      tags: ['persons'],
      params: reviewIdParams,
      response: { 200: { type: 'object', properties: { persons: { type: 'array', items: personJson } } }, ...reviewErrors },
    },
  }, async (request) => ({ persons: (await personsFor(ctx, request.inReview())).map(personOut) }))

  app.post<Params>('/api/v1/reviews/:reviewId/conversations', {
    config: { access: access.review('conversations.edit') },
    schema: {
      summary: 'Record a practitioner conversation: JSON with notes, or multipart with the notes as a .md, .txt or .docx `file`',
      description: 'Fields: practitioner, agency, date (YYYY-MM-DD), heldBy, memberUserId, notes. Front matter at the top of the notes (practitioner, agency, date) fills the fields left out.',
      tags: ['conversations'],
      params: reviewIdParams,
      consumes: ['application/json', 'multipart/form-data'],
      response: { 201: conversationJson, 400: errorResponse, 413: errorResponse, ...reviewErrors },
    },
  }, async (request, reply) => {
    const b = bodyFields(request)
    const conversation = await recordConversation(ctx, request.actor(), request.params.reviewId, {
      practitioner: textField(b.practitioner), agency: textField(b.agency), heldOn: textField(b.date), heldBy: textField(b.heldBy), memberUserId: textField(b.memberUserId),
      notes: textField(b.notes), file: request.isMultipart() ? uploadedFile(request, 'file') : null,
    })
    return reply.code(201).send({
      id: conversation.id, practitioner: conversation.practitioner, agency: conversation.agency, date: conversation.held_on, heldBy: conversation.held_by,
      memberUserId: conversation.member_user_id, sourceFilename: conversation.source_filename, quotes: 0,
    })
  })

  app.get<Params>('/api/v1/reviews/:reviewId/conversations', {
    config: { access: access.review('conversations.view') },
    schema: {
      summary: 'Conversations the caller may see (case group: their own agency’s), without their notes',
      tags: ['conversations'],
      params: reviewIdParams,
      querystring: namesQuery,
      response: { 200: { type: 'object', properties: { conversations: { type: 'array', items: conversationJson } } }, ...reviewErrors },
    },
  }, async (request) => ({ conversations: (await conversationsFor(ctx, request.inReview())).map(conversationOut) }))

  app.get<ConversationParams>('/api/v1/reviews/:reviewId/conversations/:conversationId', {
    config: { access: access.review('conversations.view') },
    schema: {
      summary: 'One conversation with its notes and quotes',
      tags: ['conversations'],
      params: { type: 'object', properties: { ...reviewIdParams.properties, conversationId: { type: 'string' } }, required: ['reviewId', 'conversationId'] },
      querystring: namesQuery,
      response: { 200: conversationFullJson, ...reviewErrors },
    },
  }, async (request) => {
    const { conversation, notes, quotes } = await conversationView(ctx, request.inReview(), request.params.conversationId)
    return { ...conversationOut(conversation), notes, quotes: quotes.map((q) => ({ id: q.id, text: q.text, start: q.start, eventIds: q.events.map((e) => e.id) })) }
  })

  app.post<ConversationParams>('/api/v1/reviews/:reviewId/conversations/:conversationId/quotes', {
    config: { access: access.review('conversations.edit') },
    schema: {
      summary: 'Make a quote: words that occur verbatim in the conversation’s notes, optionally linked to chronology events',
      tags: ['conversations'],
      params: { type: 'object', properties: { ...reviewIdParams.properties, conversationId: { type: 'string' } }, required: ['reviewId', 'conversationId'] },
      body: { type: 'object', required: ['text'], properties: { text: { type: 'string' }, eventIds: { type: 'array', items: { type: 'string' } } } },
      response: { 201: quoteJson, 400: errorResponse, ...reviewErrors },
    },
  }, async (request, reply) => {
    const body = request.body as { text: string; eventIds?: string[] }
    const quote = await makeQuote(ctx, request.actor(), request.params.reviewId, request.params.conversationId, { text: body.text, eventIds: body.eventIds ?? [] })
    return reply.code(201).send({ id: quote.id, text: quote.text, start: quote.start_offset, eventIds: [...new Set(body.eventIds ?? [])] })
  })

  app.post<Params>('/api/v1/reviews/:reviewId/documents', {
    config: { access: access.review('documents.manage') },
    schema: {
      summary: 'Add a supporting document: JSON, or multipart with its text as a .md, .txt or .docx `file`',
      description: 'Fields: title, agency, date (YYYY-MM-DD), description, content.',
      tags: ['documents'],
      params: reviewIdParams,
      consumes: ['application/json', 'multipart/form-data'],
      response: { 201: documentJson, 400: errorResponse, 413: errorResponse, ...reviewErrors },
    },
  }, async (request, reply) => {
    const b = bodyFields(request)
    const document = await addDocument(ctx, request.actor(), request.params.reviewId, {
      title: textField(b.title), agency: textField(b.agency), date: textField(b.date), description: textField(b.description), content: textField(b.content),
      file: request.isMultipart() ? uploadedFile(request, 'file') : null,
    })
    return reply.code(201).send({
      id: document.id, title: document.title, agency: document.agency, date: document.document_date, description: document.description, content: document.content,
    })
  })

  app.get<Params>('/api/v1/reviews/:reviewId/documents', {
    config: { access: access.review('documents.view') },
    schema: {
      summary: 'Supporting documents the caller may see (case group: their own agency’s)',
      tags: ['documents'],
      params: reviewIdParams,
      querystring: namesQuery,
      response: { 200: { type: 'object', properties: { documents: { type: 'array', items: documentJson } } }, ...reviewErrors },
    },
  }, async (request) => ({ documents: await documentsFor(ctx, request.inReview()) }))
}
export default apiEvidenceRoutes
