// Supporting document pages: procedures, assessment forms, minutes. The lead reviewer and review team add
// and change them; case group members read their own agency's.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { access } from '../../http-types.js'
import type { SupportingDocument } from '../../data/schema.js'
import type { ServiceContext } from '../../services/context.js'
import { addDocument, changeDocument, documentsFor, documentToChange, documentView, removeDocument, type DocumentInput } from '../../services/documents.js'
import { joinDateParts } from '../../services/form-dates.js'
import { nameToggleOf } from '../../services/pseudonym-view.js'
import { reviewOf } from '../../services/reviews.js'
import { formValues, handleFormPost, NO_ERRORS, type FormErrors } from '../form-support.js'
import { reviewBreadcrumbs } from '../reviews/review-pages.js'
import { uploadedFile } from './uploaded-file.js'

type Params = { Params: { reviewId: string } }
type DocumentParams = { Params: { reviewId: string; documentId: string } }

function formInput(request: FastifyRequest): { input: DocumentInput; values: Record<string, unknown> } {
  const v = formValues(request)
  return {
    input: {
      title: v.title ?? '', agency: v.agency ?? '', description: v.description ?? '', content: v.content ?? '',
      date: joinDateParts(v['date-day'], v['date-month'], v['date-year']), file: uploadedFile(request, 'contentFile'),
    },
    values: { ...v, date: { day: v['date-day'] ?? '', month: v['date-month'] ?? '', year: v['date-year'] ?? '' } },
  }
}

function documentValues(d: SupportingDocument): Record<string, unknown> {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d.document_date ?? '')
  return {
    title: d.title, agency: d.agency ?? '', description: d.description ?? '', content: d.content ?? '',
    date: m ? { day: String(Number(m[3])), month: String(Number(m[2])), year: m[1] } : { day: '', month: '', year: '' },
  }
}

const documentRoutes: FastifyPluginAsync<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  const formPage = async (request: FastifyRequest<Params>, reply: FastifyReply, document: SupportingDocument | null, values: Record<string, unknown>, errors: FormErrors = NO_ERRORS) => {
    const review = await reviewOf(ctx, request.inReview())
    const title = document ? 'Change the document' : 'Add a supporting document'
    return reply.page('pages/evidence/document-form', {
      pageTitle: title,
      review,
      document,
      values,
      errors,
      action: document ? `/reviews/${review.id}/documents/${document.id}` : `/reviews/${review.id}/documents`,
      submitText: document ? 'Save changes' : 'Add document',
      backLink: document ? `/reviews/${review.id}/documents/${document.id}` : `/reviews/${review.id}/documents`,
      breadcrumbs: reviewBreadcrumbs(review, title),
    })
  }

  app.get<Params>('/reviews/:reviewId/documents', { config: { access: access.review('documents.view') } }, async (request, reply) => {
    const viewer = request.inReview()
    const review = await reviewOf(ctx, viewer)
    const documents = await documentsFor(ctx, viewer)
    return reply.page('pages/evidence/documents', {
      pageTitle: 'Supporting documents',
      review,
      documents: documents.map((d) => ({ id: d.id, title: d.title, agency: d.agency, date: d.date, description: d.description ?? '', hasText: d.content !== null })),
      canManage: viewer.can('documents.manage'),
      nameToggle: nameToggleOf(viewer, request.url),
      breadcrumbs: reviewBreadcrumbs(review, 'Documents'),
    })
  })

  app.get<Params>('/reviews/:reviewId/documents/new', { config: { access: access.review('documents.manage') } }, async (request, reply) =>
    formPage(request, reply, null, { date: { day: '', month: '', year: '' } }))

  app.post<Params>('/reviews/:reviewId/documents', { config: { access: access.review('documents.manage') } }, async (request, reply) => {
    const reviewId = request.params.reviewId
    const { input, values } = formInput(request)
    return handleFormPost(ctx, request, reply, {
      run: () => addDocument(ctx, request.actor(), reviewId, input),
      rerender: (errors) => formPage(request, reply, null, values, errors),
      redirectTo: (d) => `/reviews/${reviewId}/documents/${d.id}`,
      flash: { kind: 'success', heading: 'Document added' },
    })
  })

  app.get<DocumentParams>('/reviews/:reviewId/documents/:documentId', { config: { access: access.review('documents.view') } }, async (request, reply) => {
    const { reviewId, documentId } = request.params
    const viewer = request.inReview()
    const review = await reviewOf(ctx, viewer)
    const document = await documentView(ctx, viewer, documentId)
    return reply.page('pages/evidence/document', {
      pageTitle: document.title,
      review,
      document: { ...document, description: document.description ?? '' },
      canManage: viewer.can('documents.manage'),
      nameToggle: nameToggleOf(viewer, request.url),
      breadcrumbs: [...reviewBreadcrumbs(review, 'Documents').slice(0, 2), { text: 'Documents', href: `/reviews/${reviewId}/documents` }, { text: document.title }],
    })
  })

  app.get<DocumentParams>('/reviews/:reviewId/documents/:documentId/edit', { config: { access: access.review('documents.manage') } }, async (request, reply) => {
    const document = await documentToChange(ctx, request.inReview(), request.params.documentId)
    return formPage(request, reply, document, documentValues(document))
  })

  app.post<DocumentParams>('/reviews/:reviewId/documents/:documentId', { config: { access: access.review('documents.manage') } }, async (request, reply) => {
    const { reviewId, documentId } = request.params
    const document = await documentToChange(ctx, request.inReview(), documentId)
    const { input, values } = formInput(request)
    return handleFormPost(ctx, request, reply, {
      run: () => changeDocument(ctx, request.actor(), reviewId, documentId, input),
      rerender: (errors) => formPage(request, reply, document, values, errors),
      redirectTo: `/reviews/${reviewId}/documents/${documentId}`,
      flash: { kind: 'success', heading: 'Document changed' },
    })
  })

  app.post<DocumentParams>('/reviews/:reviewId/documents/:documentId/remove', { config: { access: access.review('documents.manage') } }, async (request, reply) => {
    const { reviewId, documentId } = request.params
    await documentToChange(ctx, request.inReview(), documentId)
    return handleFormPost(ctx, request, reply, {
      run: () => removeDocument(ctx, request.actor(), reviewId, documentId),
      rerender: () => reply.redirect(`/reviews/${reviewId}/documents/${documentId}`, 303),
      redirectTo: `/reviews/${reviewId}/documents`,
      flash: { kind: 'success', heading: 'Document removed' },
    })
  })
}
export default documentRoutes
